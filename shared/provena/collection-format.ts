/**
 * `CollectionFormat`: the dataset metadata that mint, validate and update accept.
 *
 * Two layers, as in Provena. `CollectionFormat` is the parse layer (the pydantic model: types, required
 * fields, extra fields forbidden, empty strings refused, and the model's own validators); a failure there is a
 * 422. `collectionFormatFieldProblem` is the field-rule layer (`validate_fields`: published ≥ created and the
 * four approval pairs); a failure there is 200 + `status.success=false` on mint and validate, 400 on update.
 * `CollectionFormatForm` applies both at once, with a path on every issue, for forms.
 */
import { z } from 'zod';
import { anyHttpUrl, anyUri, isoDuration, positiveFloatString, skipOnFailure } from './field-checks.ts';

const text = () => z.string().min(1);
const optionalText = () => text().nullish();
const isoDate = () => z.iso.date();

/** One of the four approval checks: `relevant` and `obtained` must be both true or both false. */
export const OptionallyRequiredCheck = z
  .strictObject({ relevant: z.boolean().default(false), obtained: z.boolean().default(false) })
  .meta({ title: 'Approval check' });
export type OptionallyRequiredCheck = z.infer<typeof OptionallyRequiredCheck>;

/** `associations`: who the dataset belongs to. */
export const CollectionFormatAssociations = z
  .strictObject({
    organisation_id: text().meta({
      title: 'Record creator organisation',
      description: 'The registered organisation on whose behalf the dataset is registered.',
    }),
    data_custodian_id: optionalText().meta({
      title: 'Dataset custodian',
      description: 'The registered person who looks after the dataset.',
    }),
    point_of_contact: optionalText().meta({
      title: 'Point of contact',
      description: 'Who to ask about the data, for example an email address (with their consent).',
    }),
  })
  .meta({ title: 'Dataset associations' });
export type CollectionFormatAssociations = z.infer<typeof CollectionFormatAssociations>;

/** `approvals`: ethics, Indigenous knowledge and export-control checks. */
export const CollectionFormatApprovals = z
  .strictObject({
    ethics_registration: OptionallyRequiredCheck.meta({ title: 'Registration ethics and privacy' }),
    ethics_access: OptionallyRequiredCheck.meta({ title: 'Access ethics and privacy' }),
    indigenous_knowledge: OptionallyRequiredCheck.meta({ title: 'Indigenous knowledge and consent' }),
    export_controls: OptionallyRequiredCheck.meta({ title: 'Export controls' }),
  })
  .meta({ title: 'Dataset approvals' });
export type CollectionFormatApprovals = z.infer<typeof CollectionFormatApprovals>;

/** `access_info`: stored in the data store (`reposited`), or hosted elsewhere with a URI and a description. */
export const AccessInfo = skipOnFailure(
  z.strictObject({
    reposited: z
      .boolean()
      .default(true)
      .meta({ title: 'Data storage', description: 'Stored in the data store?' }),
    uri: anyUri()
      .nullish()
      .meta({ title: 'Dataset URI', description: 'Where the externally hosted data lives.', format: 'uri' }),
    description: optionalText().meta({
      title: 'Access description',
      description: 'How to reach the externally hosted data.',
    }),
  }),
  (value) => {
    const hasUri = value.uri !== null && value.uri !== undefined;
    const hasDescription = value.description !== null && value.description !== undefined;
    if (!value.reposited) {
      if (!hasUri)
        return 'Must provide a URI for external access if data is not reposited in the Data Store.';
      if (!hasDescription) {
        return 'Must provide a description for external access if data is not reposited in the Data Store.';
      }
    } else {
      if (hasUri) return 'Cannot provide a URI for external access if data is reposited in the Data Store.';
      if (hasDescription) {
        return 'Cannot provide a description for external access if data is reposited in the Data Store.';
      }
    }
    return null;
  },
).meta({ title: 'Access info' });
export type AccessInfo = z.infer<typeof AccessInfo>;

/** A date that is given if and only if `relevant` is true. */
export const OptionallyRequiredDate = skipOnFailure(
  z.strictObject({ relevant: z.boolean().default(false), value: isoDate().nullish() }),
  (date) => {
    const hasValue = date.value !== null && date.value !== undefined;
    if (date.relevant && !hasValue) return 'Must provide a date if the relevant field is set to True.';
    if (!date.relevant && hasValue) return 'Cannot provide a date if the relevant field is set to False.';
    return null;
  },
);
export type OptionallyRequiredDate = z.infer<typeof OptionallyRequiredDate>;

/** `spatial_info`: EWKT coverage and extent (≤ 50,000 characters) and a positive decimal-degree resolution. */
export const CollectionFormatSpatialInfo = z
  .strictObject({
    coverage: text()
      .max(50_000)
      .nullish()
      .meta({ title: 'Spatial coverage', description: 'The area the data covers, as EWKT.' }),
    resolution: positiveFloatString()
      .nullish()
      .meta({ title: 'Spatial resolution', description: 'In decimal degrees, a positive number.' }),
    extent: text()
      .max(50_000)
      .nullish()
      .meta({ title: 'Spatial extent', description: 'A bounding box, as EWKT.' }),
  })
  .meta({ title: 'Dataset spatial information' });
export type CollectionFormatSpatialInfo = z.infer<typeof CollectionFormatSpatialInfo>;

/** `temporal_info.duration`: begin ≤ end. */
export const TemporalDurationInfo = skipOnFailure(
  z.strictObject({
    begin_date: isoDate().meta({ title: 'Start date' }),
    end_date: isoDate().meta({ title: 'End date' }),
  }),
  (duration) =>
    duration.begin_date > duration.end_date ? 'Begin Date must be before or equal to End Date.' : null,
).meta({ title: 'Temporal duration' });
export type TemporalDurationInfo = z.infer<typeof TemporalDurationInfo>;

/** `temporal_info`: the period covered and the time step (an ISO-8601 duration such as `P1Y2M10DT2H30M`). */
export const CollectionFormatTemporalInfo = z
  .strictObject({
    duration: TemporalDurationInfo.nullish(),
    resolution: isoDuration().nullish().meta({
      title: 'Temporal resolution',
      description: 'The time step as an ISO-8601 duration, e.g. P1D.',
    }),
  })
  .meta({ title: 'Dataset temporal information' });
export type CollectionFormatTemporalInfo = z.infer<typeof CollectionFormatTemporalInfo>;

/** `dataset_info`: name, description, dates, licence and the optional descriptive fields. */
export const CollectionFormatDatasetInfo = z
  .strictObject({
    name: text().meta({ title: 'Dataset name', description: 'A readable name for the dataset.' }),
    description: text().meta({
      title: 'Description',
      description: 'What the data is and how it can be used.',
    }),
    access_info: AccessInfo,
    publisher_id: text().meta({
      title: 'Publisher',
      description: 'The registered organisation publishing it.',
    }),
    created_date: OptionallyRequiredDate.meta({ title: 'Dataset creation date' }),
    published_date: OptionallyRequiredDate.meta({ title: 'Dataset publication date' }),
    license: anyHttpUrl().meta({
      title: 'Usage licence',
      description: 'A link to the licence.',
      format: 'uri',
    }),
    purpose: optionalText().meta({ title: 'Dataset purpose' }),
    rights_holder: optionalText().meta({ title: 'Dataset rights holder' }),
    usage_limitations: optionalText().meta({ title: 'Usage limitations' }),
    preferred_citation: optionalText().meta({ title: 'Preferred dataset citation' }),
    spatial_info: CollectionFormatSpatialInfo.nullish(),
    temporal_info: CollectionFormatTemporalInfo.nullish(),
    formats: z.array(text()).nullish().meta({ title: 'Dataset file formats' }),
    keywords: z.array(text()).nullish().meta({ title: 'Keywords' }),
    user_metadata: z.record(text(), text()).nullish().meta({ title: 'Custom user metadata' }),
    // Legacy field, kept so old records still parse; forms do not show it.
    version: optionalText(),
  })
  .meta({ title: 'Dataset information' });
export type CollectionFormatDatasetInfo = z.infer<typeof CollectionFormatDatasetInfo>;

/** `CollectionFormat`: the parse layer (failures are 422 with pydantic-v1 style `detail` lists). */
export const CollectionFormat = z
  .strictObject({
    associations: CollectionFormatAssociations,
    approvals: CollectionFormatApprovals,
    dataset_info: CollectionFormatDatasetInfo,
  })
  .meta({ title: 'Dataset metadata', description: 'Metadata about a dataset and its registration.' });
export type CollectionFormat = z.infer<typeof CollectionFormat>;
/** What a client may send (defaults not yet applied). */
export type CollectionFormatInput = z.input<typeof CollectionFormat>;

/** A field-rule failure: the message Provena gives and the field it concerns. */
export interface FieldRuleProblem {
  path: (string | number)[];
  message: string;
}

const approvalMessages: Record<keyof CollectionFormatApprovals, { missing: string; unnecessary: string }> = {
  ethics_registration: {
    missing:
      "You cannot register a dataset which contains data subject to ethics and privacy concerns without appropriate permissions and consent for it's registration.",
    unnecessary:
      'The dataset was marked as having permissions and consent for ethics and privacy concerns but was not marked as containing ethics and privacy sensitive data. Please update the dataset to clarify.',
  },
  ethics_access: {
    missing:
      "You cannot register a dataset which contains data subject to ethics and privacy concerns without appropriate permissions and consent for it's access in the system.",
    unnecessary:
      'The dataset was marked as having permissions and consent for ethics and privacy concerns but was not marked as containing ethics and privacy sensitive data. Please update the dataset to clarify.',
  },
  indigenous_knowledge: {
    missing:
      'Please obtain mandatory consent from the relevant Indigenous community for the Indigenous knowledge before registering this dataset.',
    unnecessary:
      'The dataset does not contain Indigenous knowledge, but consent has been obtained. Please update the dataset to indicate if it contains Indigenous knowledge.',
  },
  export_controls: {
    missing:
      'You have marked this dataset as being subject to export controls but have not performed the necessary due diligence checks and acquired approvals. The dataset cannot be registered.',
    unnecessary:
      'The dataset was marked as not containing sensitive data but has obtained consents. Please update the dataset to indicate whether it is subject to export controls.',
  },
};

/** Every field-rule failure of a parsed `CollectionFormat`, in the order Provena checks them. */
export function collectionFormatFieldProblems(metadata: CollectionFormat): FieldRuleProblem[] {
  const problems: FieldRuleProblem[] = [];
  const { created_date: created, published_date: published } = metadata.dataset_info;
  if (published.value && created.value && published.value < created.value) {
    problems.push({
      path: ['dataset_info', 'published_date', 'value'],
      message: 'The published date cannot be before the creation date.',
    });
  }
  for (const key of Object.keys(approvalMessages) as (keyof CollectionFormatApprovals)[]) {
    const check = metadata.approvals[key];
    if (check.relevant && !check.obtained) {
      problems.push({ path: ['approvals', key, 'obtained'], message: approvalMessages[key].missing });
    } else if (!check.relevant && check.obtained) {
      problems.push({ path: ['approvals', key, 'relevant'], message: approvalMessages[key].unnecessary });
    }
  }
  return problems;
}

/** The first field-rule failure (what Provena reports), or null when every rule passes. */
export function collectionFormatFieldProblem(metadata: CollectionFormat): string | null {
  return collectionFormatFieldProblems(metadata)[0]?.message ?? null;
}

/** Both layers at once, every issue with its field path: for metadata forms. */
export const CollectionFormatForm = CollectionFormat.superRefine((metadata, context) => {
  for (const problem of collectionFormatFieldProblems(metadata)) {
    context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  }
});
