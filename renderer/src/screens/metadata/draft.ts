/**
 * The metadata form's draft: every `CollectionFormat` field as the user types it (strings, never null), and the
 * conversions to and from what the data store accepts. Field paths are the `CollectionFormat` paths, so the
 * schema's issues and the server's errors land on the same fields.
 */
import type { CollectionFormat, CollectionFormatInput } from '../../../../shared/provena/collection-format';

/** The four approval checks, in the order the form shows them. */
export const approvalKeys = [
  'ethics_registration',
  'ethics_access',
  'indigenous_knowledge',
  'export_controls',
] as const;
export type ApprovalKey = (typeof approvalKeys)[number];

/** One row of custom metadata. */
export interface UserMetadataRow {
  key: string;
  value: string;
}

/** Everything the form holds. */
export interface MetadataDraft {
  associations: { organisation_id: string; data_custodian_id: string; point_of_contact: string };
  approvals: Record<ApprovalKey, { relevant: boolean; obtained: boolean }>;
  dataset_info: {
    name: string;
    description: string;
    access_info: { reposited: boolean; uri: string; description: string };
    publisher_id: string;
    created_date: { relevant: boolean; value: string };
    published_date: { relevant: boolean; value: string };
    license: string;
    purpose: string;
    rights_holder: string;
    usage_limitations: string;
    preferred_citation: string;
    spatial_info: { coverage: string; resolution: string; extent: string };
    temporal_info: { duration: { begin_date: string; end_date: string }; resolution: string };
    formats: string[];
    keywords: string[];
    user_metadata: UserMetadataRow[];
    /** Legacy field: never shown, kept so an edit does not drop it. */
    version: string;
  };
}

/** A blank draft for a new dataset. */
export function emptyDraft(defaults: { organisationId?: string; publisherId?: string } = {}): MetadataDraft {
  const check = () => ({ relevant: false, obtained: false });
  return {
    associations: {
      organisation_id: defaults.organisationId ?? '',
      data_custodian_id: '',
      point_of_contact: '',
    },
    approvals: {
      ethics_registration: check(),
      ethics_access: check(),
      indigenous_knowledge: check(),
      export_controls: check(),
    },
    dataset_info: {
      name: '',
      description: '',
      access_info: { reposited: true, uri: '', description: '' },
      publisher_id: defaults.publisherId ?? '',
      created_date: { relevant: false, value: '' },
      published_date: { relevant: false, value: '' },
      license: '',
      purpose: '',
      rights_holder: '',
      usage_limitations: '',
      preferred_citation: '',
      spatial_info: { coverage: '', resolution: '', extent: '' },
      temporal_info: { duration: { begin_date: '', end_date: '' }, resolution: '' },
      formats: [],
      keywords: [],
      user_metadata: [],
      version: '',
    },
  };
}

const text = (value: string | null | undefined) => value ?? '';

/** A draft holding an existing dataset's metadata (for editing). */
export function draftFromMetadata(metadata: CollectionFormat): MetadataDraft {
  const info = metadata.dataset_info;
  const approval = (key: ApprovalKey) => ({
    relevant: Boolean(metadata.approvals?.[key]?.relevant),
    obtained: Boolean(metadata.approvals?.[key]?.obtained),
  });
  return {
    associations: {
      organisation_id: text(metadata.associations.organisation_id),
      data_custodian_id: text(metadata.associations.data_custodian_id),
      point_of_contact: text(metadata.associations.point_of_contact),
    },
    approvals: {
      ethics_registration: approval('ethics_registration'),
      ethics_access: approval('ethics_access'),
      indigenous_knowledge: approval('indigenous_knowledge'),
      export_controls: approval('export_controls'),
    },
    dataset_info: {
      name: text(info.name),
      description: text(info.description),
      access_info: {
        reposited: info.access_info?.reposited ?? true,
        uri: text(info.access_info?.uri),
        description: text(info.access_info?.description),
      },
      publisher_id: text(info.publisher_id),
      created_date: { relevant: Boolean(info.created_date?.relevant), value: text(info.created_date?.value) },
      published_date: {
        relevant: Boolean(info.published_date?.relevant),
        value: text(info.published_date?.value),
      },
      license: text(info.license),
      purpose: text(info.purpose),
      rights_holder: text(info.rights_holder),
      usage_limitations: text(info.usage_limitations),
      preferred_citation: text(info.preferred_citation),
      spatial_info: {
        coverage: text(info.spatial_info?.coverage),
        resolution: text(info.spatial_info?.resolution),
        extent: text(info.spatial_info?.extent),
      },
      temporal_info: {
        duration: {
          begin_date: text(info.temporal_info?.duration?.begin_date),
          end_date: text(info.temporal_info?.duration?.end_date),
        },
        resolution: text(info.temporal_info?.resolution),
      },
      formats: [...(info.formats ?? [])],
      keywords: [...(info.keywords ?? [])],
      user_metadata: Object.entries(info.user_metadata ?? {}).map(([key, value]) => ({ key, value })),
      version: text(info.version),
    },
  };
}

/** Empty means "not given": optional fields are left out rather than sent as "". */
const optional = (value: string) => (value === '' ? undefined : value);

/** Drops keys whose value is undefined, and answers undefined for an object left empty. */
function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * What the form sends. Hidden fields are not sent (an access URI typed, then "stored here" ticked again), so
 * switching a choice back and forth never loses what was typed and never sends a contradiction.
 */
export function payloadFromDraft(draft: MetadataDraft): CollectionFormatInput {
  const info = draft.dataset_info;
  const duration = info.temporal_info.duration;
  const hasDuration = duration.begin_date !== '' || duration.end_date !== '';
  const userMetadata = info.user_metadata.filter((row) => row.key !== '' || row.value !== '');
  const list = (values: string[]) => {
    const kept = values.filter((value) => value !== '');
    return kept.length ? kept : undefined;
  };
  const associations = {
    organisation_id: draft.associations.organisation_id,
    ...compact({
      data_custodian_id: optional(draft.associations.data_custodian_id),
      point_of_contact: optional(draft.associations.point_of_contact),
    }),
  };
  const datasetInfo = {
    name: info.name,
    description: info.description,
    access_info: info.access_info.reposited
      ? { reposited: true }
      : {
          reposited: false,
          ...compact({
            uri: optional(info.access_info.uri),
            description: optional(info.access_info.description),
          }),
        },
    publisher_id: info.publisher_id,
    created_date: info.created_date.relevant
      ? { relevant: true, ...compact({ value: optional(info.created_date.value) }) }
      : { relevant: false },
    published_date: info.published_date.relevant
      ? { relevant: true, ...compact({ value: optional(info.published_date.value) }) }
      : { relevant: false },
    license: info.license,
    ...compact({
      purpose: optional(info.purpose),
      rights_holder: optional(info.rights_holder),
      usage_limitations: optional(info.usage_limitations),
      preferred_citation: optional(info.preferred_citation),
      spatial_info: compact({
        coverage: optional(info.spatial_info.coverage),
        resolution: optional(info.spatial_info.resolution),
        extent: optional(info.spatial_info.extent),
      }),
      temporal_info: compact({
        duration: hasDuration ? { begin_date: duration.begin_date, end_date: duration.end_date } : undefined,
        resolution: optional(info.temporal_info.resolution),
      }),
      formats: list(info.formats),
      keywords: list(info.keywords),
      user_metadata: userMetadata.length
        ? Object.fromEntries(userMetadata.map((row) => [row.key, row.value]))
        : undefined,
      version: optional(info.version),
    }),
  };
  return {
    associations,
    approvals: { ...draft.approvals },
    dataset_info: datasetInfo,
  } as CollectionFormatInput;
}

/** Sets the value at a dotted path in a copy of the draft (the form's single way to change a field). */
export function withField<T>(draft: MetadataDraft, path: string, value: T): MetadataDraft {
  const keys = path.split('.');
  const copy = structuredClone(draft) as unknown as Record<string, unknown>;
  let cursor = copy;
  for (const key of keys.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  cursor[keys[keys.length - 1]!] = value;
  return copy as unknown as MetadataDraft;
}

/** Reads the value at a dotted path. */
export function fieldValue(draft: MetadataDraft, path: string): unknown {
  let cursor: unknown = draft;
  for (const key of path.split('.')) cursor = (cursor as Record<string, unknown> | undefined)?.[key];
  return cursor;
}
