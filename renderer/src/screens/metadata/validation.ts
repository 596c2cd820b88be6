/**
 * The form's rules: the shared `CollectionFormatForm` schema (the server's own parse layer and field rules),
 * with each issue moved onto the field a person would fix and reworded in plain language.
 */
import type { z } from 'zod';
import { CollectionFormatForm } from '../../../../shared/provena/collection-format';
import { payloadFromDraft, type MetadataDraft } from './draft';

/** Field path (dotted, as in the draft) → what is wrong with it. */
export type FieldErrors = Record<string, string>;

type Issue = z.core.$ZodIssue & { params?: { type?: string; root?: boolean } };

const approvalMissing: Record<string, string> = {
  ethics_registration:
    'Registering this data raises ethics or privacy concerns, so permission and consent must be obtained first.',
  ethics_access:
    'Giving access to this data raises ethics or privacy concerns, so permission and consent must be obtained first.',
  indigenous_knowledge:
    'The data contains Indigenous knowledge, so consent from the community must be obtained first.',
  export_controls:
    'The data is subject to export controls, so the due diligence checks and approvals must be complete first.',
};

/** Which visible field a schema path belongs to. */
export function fieldForPath(path: ReadonlyArray<PropertyKey>, message = ''): string {
  const parts = path.filter((part) => part !== '__root__' && part !== 'body').map(String);
  const joined = parts.join('.');
  if (parts[0] === 'approvals' && parts[1]) return `approvals.${parts[1]}`;
  if (joined === 'dataset_info.access_info') {
    return /description/i.test(message) && !/URI/.test(message)
      ? 'dataset_info.access_info.description'
      : 'dataset_info.access_info.uri';
  }
  if (joined === 'dataset_info.created_date' || joined === 'dataset_info.published_date')
    return `${joined}.value`;
  if (joined === 'dataset_info.temporal_info.duration') return 'dataset_info.temporal_info.duration.end_date';
  if (parts[1] === 'user_metadata') return 'dataset_info.user_metadata';
  if ((parts[1] === 'keywords' || parts[1] === 'formats') && parts.length > 2)
    return `dataset_info.${parts[1]}`;
  return joined;
}

/** A plain-language message for one issue. */
export function messageForIssue(issue: Issue, field: string): string {
  const type = issue.params?.type ?? '';
  if (issue.code === 'too_small' || (issue.code === 'invalid_type' && /undefined|null/.test(issue.message))) {
    if (field.endsWith('.value')) return 'Enter the date, or untick the box above.';
    return 'Required.';
  }
  if (field.endsWith('_date.value') && /Must provide a date/.test(issue.message)) {
    return 'Enter the date, or untick the box above.';
  }
  if (issue.code === 'too_big') return 'Too long: at most 50,000 characters.';
  if (issue.code === 'invalid_format' && issue.format === 'date') return 'Enter a date as YYYY-MM-DD.';
  if (type.startsWith('value_error.url')) {
    if (type === 'value_error.url.scheme')
      return 'Enter a full web address starting with https:// or http://.';
    if (type === 'value_error.url.port') return 'The port number in this address is not valid.';
    return 'Enter a full web address, for example https://creativecommons.org/licenses/by/4.0/.';
  }
  if (field === 'dataset_info.license' && type === 'value_error.any_str.max_length')
    return 'This address is too long.';
  if (field === 'dataset_info.spatial_info.resolution') {
    return 'Enter a positive number of decimal degrees, for example 0.01.';
  }
  if (field === 'dataset_info.temporal_info.resolution') {
    return 'Enter an ISO-8601 duration, for example P1D (a day), PT30M (30 minutes) or P1Y2M (a year and two months).';
  }
  if (field === 'dataset_info.access_info.uri' && /RFC 3986/.test(issue.message)) {
    return 'Enter a URI, for example https://example.org/data or s3://bucket/path.';
  }
  if (field === 'dataset_info.access_info.uri' && /Must provide a URI/.test(issue.message)) {
    return 'Required when the data is stored elsewhere: where can it be found?';
  }
  if (field === 'dataset_info.access_info.description' && /Must provide a description/.test(issue.message)) {
    return 'Required when the data is stored elsewhere: how can people get it?';
  }
  if (field === 'dataset_info.temporal_info.duration.end_date' && /Begin Date/.test(issue.message)) {
    return 'The end date must be on or after the start date.';
  }
  if (field.startsWith('approvals.')) {
    const key = field.split('.')[1] ?? '';
    return /not marked|does not contain|not containing|clarify/i.test(issue.message)
      ? 'This approval is marked as obtained, but the concern above it is not ticked. Tick both boxes or neither.'
      : (approvalMissing[key] ?? issue.message);
  }
  return issue.message;
}

/** Problems the schema cannot see: duplicate or half-filled custom metadata rows. */
function userMetadataProblem(draft: MetadataDraft): string | null {
  const seen = new Set<string>();
  for (const row of draft.dataset_info.user_metadata) {
    if (row.key === '' && row.value === '') continue;
    if (row.key === '') return 'Every value needs a name.';
    if (row.value === '') return `“${row.key}” needs a value.`;
    if (seen.has(row.key)) return `“${row.key}” is used twice; each name can appear once.`;
    seen.add(row.key);
  }
  return null;
}

/** Every problem in the draft, by field (the first problem per field). */
export function validateDraft(draft: MetadataDraft): FieldErrors {
  const errors: FieldErrors = {};
  const result = CollectionFormatForm.safeParse(payloadFromDraft(draft));
  if (!result.success) {
    for (const issue of result.error.issues as Issue[]) {
      const field = fieldForPath(issue.path, issue.message);
      errors[field] ??= messageForIssue(issue, field);
    }
  }
  // The schema stops at the first missing part of external access; ask for both at once.
  const access = draft.dataset_info.access_info;
  if (!access.reposited && access.description === '') {
    errors['dataset_info.access_info.description'] ??=
      'Required when the data is stored elsewhere: how can people get it?';
  }
  const metadataProblem = userMetadataProblem(draft);
  if (metadataProblem) errors['dataset_info.user_metadata'] ??= metadataProblem;
  return errors;
}

/** The order fields appear in on the form, for "go to the first problem". */
export const fieldOrder = [
  'dataset_info.name',
  'dataset_info.description',
  'associations.organisation_id',
  'dataset_info.publisher_id',
  'associations.data_custodian_id',
  'associations.point_of_contact',
  'dataset_info.license',
  'dataset_info.access_info.uri',
  'dataset_info.access_info.description',
  'dataset_info.usage_limitations',
  'dataset_info.rights_holder',
  'dataset_info.preferred_citation',
  'dataset_info.purpose',
  'dataset_info.created_date.value',
  'dataset_info.published_date.value',
  'dataset_info.temporal_info.duration.begin_date',
  'dataset_info.temporal_info.duration.end_date',
  'dataset_info.temporal_info.resolution',
  'dataset_info.spatial_info.coverage',
  'dataset_info.spatial_info.extent',
  'dataset_info.spatial_info.resolution',
  'dataset_info.keywords',
  'dataset_info.formats',
  'approvals.ethics_registration',
  'approvals.ethics_access',
  'approvals.indigenous_knowledge',
  'approvals.export_controls',
  'dataset_info.user_metadata',
];

/** The first field with a problem, in form order. */
export function firstErrorField(errors: FieldErrors): string | null {
  return fieldOrder.find((field) => errors[field]) ?? Object.keys(errors)[0] ?? null;
}
