/** Metadata flattened to labelled fields, for field-by-field comparisons of history entries. */
import type { CollectionFormat } from '../../../../shared/provena/collection-format';

/** One field's label and its value as text. */
export interface FlatField {
  path: string;
  label: string;
  value: string;
}

const labels: Record<string, string> = {
  'dataset_info.name': 'Name',
  'dataset_info.description': 'Description',
  'dataset_info.keywords': 'Keywords',
  'dataset_info.formats': 'File formats',
  'dataset_info.purpose': 'Purpose',
  'associations.organisation_id': 'Record creator organisation',
  'dataset_info.publisher_id': 'Publisher',
  'associations.data_custodian_id': 'Custodian',
  'associations.point_of_contact': 'Point of contact',
  'dataset_info.license': 'Licence',
  'dataset_info.access_info.reposited': 'Stored in the data store',
  'dataset_info.access_info.uri': 'External location',
  'dataset_info.access_info.description': 'How to get it',
  'dataset_info.usage_limitations': 'Usage limitations',
  'dataset_info.rights_holder': 'Rights holder',
  'dataset_info.preferred_citation': 'Preferred citation',
  'dataset_info.created_date': 'Creation date',
  'dataset_info.published_date': 'Publication date',
  'dataset_info.temporal_info.duration': 'Period',
  'dataset_info.temporal_info.resolution': 'Time step',
  'dataset_info.spatial_info.coverage': 'Spatial coverage',
  'dataset_info.spatial_info.extent': 'Spatial extent',
  'dataset_info.spatial_info.resolution': 'Spatial resolution',
  'approvals.ethics_registration': 'Registration ethics',
  'approvals.ethics_access': 'Access ethics',
  'approvals.indigenous_knowledge': 'Indigenous knowledge',
  'approvals.export_controls': 'Export controls',
  'dataset_info.version': 'Legacy version',
};

const check = (value: { relevant?: boolean; obtained?: boolean } | undefined) =>
  !value?.relevant
    ? 'Not applicable'
    : value.obtained
      ? 'Applies, approval obtained'
      : 'Applies, approval missing';
const date = (value: { relevant?: boolean; value?: string | null } | undefined) =>
  value?.relevant ? (value.value ?? '') : '';

/** Every field of a metadata record as labelled text (empty string when not given), in form order. */
export function flattenMetadata(metadata: CollectionFormat): FlatField[] {
  const info = metadata.dataset_info;
  const a = metadata.associations;
  const values: Record<string, string> = {
    'dataset_info.name': info.name,
    'dataset_info.description': info.description,
    'dataset_info.keywords': (info.keywords ?? []).join(', '),
    'dataset_info.formats': (info.formats ?? []).join(', '),
    'dataset_info.purpose': info.purpose ?? '',
    'associations.organisation_id': a.organisation_id,
    'dataset_info.publisher_id': info.publisher_id,
    'associations.data_custodian_id': a.data_custodian_id ?? '',
    'associations.point_of_contact': a.point_of_contact ?? '',
    'dataset_info.license': info.license,
    'dataset_info.access_info.reposited': info.access_info?.reposited === false ? 'No' : 'Yes',
    'dataset_info.access_info.uri': info.access_info?.uri ?? '',
    'dataset_info.access_info.description': info.access_info?.description ?? '',
    'dataset_info.usage_limitations': info.usage_limitations ?? '',
    'dataset_info.rights_holder': info.rights_holder ?? '',
    'dataset_info.preferred_citation': info.preferred_citation ?? '',
    'dataset_info.created_date': date(info.created_date),
    'dataset_info.published_date': date(info.published_date),
    'dataset_info.temporal_info.duration': info.temporal_info?.duration
      ? `${info.temporal_info.duration.begin_date} to ${info.temporal_info.duration.end_date}`
      : '',
    'dataset_info.temporal_info.resolution': info.temporal_info?.resolution ?? '',
    'dataset_info.spatial_info.coverage': info.spatial_info?.coverage ?? '',
    'dataset_info.spatial_info.extent': info.spatial_info?.extent ?? '',
    'dataset_info.spatial_info.resolution': info.spatial_info?.resolution ?? '',
    'approvals.ethics_registration': check(metadata.approvals.ethics_registration),
    'approvals.ethics_access': check(metadata.approvals.ethics_access),
    'approvals.indigenous_knowledge': check(metadata.approvals.indigenous_knowledge),
    'approvals.export_controls': check(metadata.approvals.export_controls),
    'dataset_info.version': info.version ?? '',
  };
  const fields = Object.entries(labels).map(([path, label]) => ({ path, label, value: values[path] ?? '' }));
  for (const [key, value] of Object.entries(info.user_metadata ?? {})) {
    fields.push({ path: `dataset_info.user_metadata.${key}`, label: `Custom: ${key}`, value });
  }
  return fields;
}

/** One difference between two records. */
export interface FieldChange {
  path: string;
  label: string;
  before: string;
  after: string;
}

/** The fields that differ between `from` and `to`, in form order (custom fields from either side included). */
export function diffMetadata(from: CollectionFormat, to: CollectionFormat): FieldChange[] {
  const before = new Map(flattenMetadata(from).map((field) => [field.path, field]));
  const after = new Map(flattenMetadata(to).map((field) => [field.path, field]));
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths
    .map((path) => ({
      path,
      label: before.get(path)?.label ?? after.get(path)?.label ?? path,
      before: before.get(path)?.value ?? '',
      after: after.get(path)?.value ?? '',
    }))
    .filter((change) => change.before !== change.after);
}
