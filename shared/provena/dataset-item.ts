/** `ItemDataset` and its parts: the registry record of one dataset, as fetch-dataset and list return it. */
import { z } from 'zod';
import { CollectionFormat } from './collection-format.ts';
import { Status } from './common.ts';

/** Where a dataset's files live: `datasets/<sanitised handle>/` in the deployment's bucket. */
export const S3Location = z.object({ bucket_name: z.string(), path: z.string(), s3_uri: z.string() });
export type S3Location = z.infer<typeof S3Location>;

/** `ReleasedStatus`. */
export const ReleasedStatus = z.enum(['NOT_RELEASED', 'PENDING', 'RELEASED']);
export type ReleasedStatus = z.infer<typeof ReleasedStatus>;

/** `ReleaseAction`. */
export const ReleaseAction = z.enum(['REQUEST', 'APPROVE', 'REJECT']);
export type ReleaseAction = z.infer<typeof ReleaseAction>;

/** One step of the release workflow (oldest first in `release_history`). */
export const ReleaseHistoryEntry = z.object({
  action: ReleaseAction,
  timestamp: z.int(),
  approver: z.string(),
  requester: z.string().nullish(),
  notes: z.string(),
});
export type ReleaseHistoryEntry = z.infer<typeof ReleaseHistoryEntry>;

/** `DatasetDomainInfo`: the editable part of a dataset record, snapshotted in every history entry. */
export const DatasetDomainInfo = z.object({
  display_name: z.string(),
  user_metadata: z.record(z.string(), z.string()).nullish(),
  collection_format: CollectionFormat,
  s3: S3Location,
  release_history: z.array(ReleaseHistoryEntry).default([]),
  release_status: ReleasedStatus,
  release_approver: z.string().nullish(),
  release_timestamp: z.int().nullish(),
  access_info_uri: z.string().nullish(),
});
export type DatasetDomainInfo = z.infer<typeof DatasetDomainInfo>;

/** One history entry: newest first, integer ids from 0, a full snapshot of the domain info. */
export const HistoryEntry = z.object({
  id: z.int(),
  timestamp: z.int(),
  reason: z.string(),
  username: z.string(),
  item: DatasetDomainInfo,
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Job session ids of the provenance work spun off by mint and version. */
export const WorkflowLinks = z.object({
  create_activity_workflow_id: z.string().nullish(),
  version_activity_workflow_id: z.string().nullish(),
});
export type WorkflowLinks = z.infer<typeof WorkflowLinks>;

/** Version links: follow `next_version` until null to reach the latest version. */
export const VersioningInfo = z.object({
  previous_version: z.string().nullish(),
  version: z.int(),
  reason: z.string().nullish(),
  next_version: z.string().nullish(),
});
export type VersioningInfo = z.infer<typeof VersioningInfo>;

/** `ItemCategory`. */
export const ItemCategory = z.enum(['ACTIVITY', 'AGENT', 'ENTITY']);
/** `ItemSubType` (the subtypes this API deals with, plus the registry's others). */
export const ItemSubType = z.enum([
  'WORKFLOW_RUN',
  'MODEL_RUN',
  'CREATE',
  'VERSION',
  'AGENT',
  'PERSON',
  'ORGANISATION',
  'DATASET',
  'MODEL',
  'MODEL_RUN_WORKFLOW_TEMPLATE',
  'DATASET_TEMPLATE',
  'STUDY',
]);
export type ItemSubType = z.infer<typeof ItemSubType>;
/** `RecordType`. */
export const RecordType = z.enum(['SEED_ITEM', 'COMPLETE_ITEM']);

/** `RecordInfo` fields every registry record has. */
export const RecordInfo = z.object({
  id: z.string(),
  owner_username: z.string(),
  created_timestamp: z.int(),
  updated_timestamp: z.int(),
  item_category: ItemCategory,
  item_subtype: ItemSubType,
  record_type: RecordType,
  workflow_links: WorkflowLinks.nullish(),
  versioning_info: VersioningInfo.nullish(),
});
export type RecordInfo = z.infer<typeof RecordInfo>;

/** `SeededItem`: a handle reserved by a mint that never completed. */
export const SeededItem = RecordInfo;
export type SeededItem = z.infer<typeof SeededItem>;

/** `ItemDataset`: a complete dataset record. */
export const ItemDataset = RecordInfo.extend(DatasetDomainInfo.shape).extend({
  item_category: z.literal('ENTITY'),
  item_subtype: z.literal('DATASET'),
  history: z.array(HistoryEntry),
});
export type ItemDataset = z.infer<typeof ItemDataset>;

/** `RegistryFetchResponse`: the dataset, the caller's item roles and the registry lock. */
export const RegistryFetchResponse = z.object({
  status: Status,
  item: ItemDataset.nullish(),
  roles: z.array(z.string()).nullish(),
  locked: z.boolean().nullish(),
});
export type RegistryFetchResponse = z.infer<typeof RegistryFetchResponse>;

/** The sanitised form of a handle used in storage paths: `.` and `/` become `-`. */
export function sanitiseHandle(handle: string): string {
  return handle.replace(/[./]/g, '-');
}

/** The storage prefix of a dataset: `datasets/<sanitised handle>/`. */
export function datasetStoragePath(handle: string): string {
  return `datasets/${sanitiseHandle(handle)}/`;
}
