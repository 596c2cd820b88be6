/**
 * Builds dataset records in the exact JSON shape Provena returns: every optional field present as null
 * (pydantic's `.dict()`), history entries as full domain-info snapshots, and `metadata.json` with nulls omitted.
 */
import type { z } from 'zod';
import {
  CollectionFormat,
  datasetStoragePath,
  type DatasetDomainInfo,
  type HistoryEntry,
  type ItemDataset,
  type S3Location,
} from '../../shared/provena/index.ts';

interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

const definitionOf = (schema: z.ZodType) =>
  (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;

/** `value` with every optional field of `schema` present (null when absent), in the schema's field order. */
export function withNulls(schema: z.ZodType, value: unknown): unknown {
  const definition = definitionOf(schema);
  switch (definition.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return value === null || value === undefined ? null : withNulls(definition.innerType!, value);
    case 'pipe':
      return withNulls(definition.in!, value);
    case 'array':
      return Array.isArray(value) ? value.map((element) => withNulls(definition.element!, element)) : value;
    case 'record':
      return value;
    case 'object': {
      if (value === null || typeof value !== 'object') return value;
      const source = value as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const [key, fieldSchema] of Object.entries(definition.shape ?? {})) {
        result[key] = withNulls(fieldSchema, source[key]);
      }
      return result;
    }
    default:
      return value ?? null;
  }
}

/** A copy without null or undefined fields, at every depth (`exclude_none=True`). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((element: unknown) => withoutNulls(element)) as T;
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && field !== undefined) result[key] = withoutNulls(field);
  }
  return result as T;
}

/** The `metadata.json` text: the CollectionFormat, indent 2, nulls omitted. */
export function metadataFileText(metadata: CollectionFormat): string {
  return JSON.stringify(withoutNulls(metadata), null, 2);
}

/** The dataset's S3 location under `bucket`. */
export function storageLocation(bucket: string, handle: string): S3Location {
  const path = datasetStoragePath(handle);
  return { bucket_name: bucket, path, s3_uri: `s3://${bucket}/${path}` };
}

/** Domain info for new metadata, keeping the record's storage and release fields. */
export function domainInfoFor(
  metadata: CollectionFormat,
  keep: Pick<DatasetDomainInfo, 's3' | 'release_status' | 'release_history'> &
    Partial<Pick<DatasetDomainInfo, 'release_approver' | 'release_timestamp'>>,
): DatasetDomainInfo {
  return {
    display_name: metadata.dataset_info.name,
    user_metadata: metadata.dataset_info.user_metadata ?? null,
    collection_format: withNulls(CollectionFormat, metadata) as CollectionFormat,
    s3: keep.s3,
    release_history: keep.release_history,
    release_status: keep.release_status,
    release_approver: keep.release_approver ?? null,
    release_timestamp: keep.release_timestamp ?? null,
    access_info_uri: metadata.dataset_info.access_info.uri ?? null,
  };
}

/** The domain-info part of a dataset record (what a history entry snapshots). */
export function domainInfoOf(item: ItemDataset): DatasetDomainInfo {
  return {
    display_name: item.display_name,
    user_metadata: item.user_metadata ?? null,
    collection_format: item.collection_format,
    s3: item.s3,
    release_history: item.release_history,
    release_status: item.release_status,
    release_approver: item.release_approver ?? null,
    release_timestamp: item.release_timestamp ?? null,
    access_info_uri: item.access_info_uri ?? null,
  };
}

/** A history entry with the next id after `history` (ids count up from 0). */
export function historyEntry(
  history: HistoryEntry[],
  entry: { reason: string; username: string; item: DatasetDomainInfo; timestamp: number },
): HistoryEntry {
  const id = history.length === 0 ? 0 : Math.max(...history.map((existing) => existing.id)) + 1;
  return {
    id,
    timestamp: entry.timestamp,
    reason: entry.reason,
    username: entry.username,
    item: structuredClone(entry.item),
  };
}

/** A complete dataset record in Provena's field order. */
export function datasetRecord(fields: {
  id: string;
  owner: string;
  created: number;
  updated: number;
  workflowLinks: ItemDataset['workflow_links'];
  versioningInfo: ItemDataset['versioning_info'];
  domain: DatasetDomainInfo;
  history: HistoryEntry[];
}): ItemDataset {
  return {
    id: fields.id,
    owner_username: fields.owner,
    created_timestamp: fields.created,
    updated_timestamp: fields.updated,
    item_category: 'ENTITY',
    item_subtype: 'DATASET',
    record_type: 'COMPLETE_ITEM',
    workflow_links: fields.workflowLinks,
    versioning_info: fields.versioningInfo,
    ...fields.domain,
    history: fields.history,
  };
}

/** A seed record: a reserved handle with no domain info yet. */
export function seedRecord(id: string, owner: string, timestamp: number): Record<string, unknown> {
  return {
    id,
    owner_username: owner,
    created_timestamp: timestamp,
    updated_timestamp: timestamp,
    item_category: 'ENTITY',
    item_subtype: 'DATASET',
    record_type: 'SEED_ITEM',
    workflow_links: null,
    versioning_info: null,
  };
}

/** What search matches a dataset on. */
export function datasetSearchText(metadata: CollectionFormat) {
  const info = metadata.dataset_info;
  return {
    name: info.name,
    keywords: (info.keywords ?? []).join(' '),
    description: info.description,
    other: [
      info.purpose,
      info.rights_holder,
      info.usage_limitations,
      info.preferred_citation,
      ...(info.formats ?? []),
      info.publisher_id,
      metadata.associations.organisation_id,
      metadata.associations.data_custodian_id,
    ]
      .filter(Boolean)
      .join(' '),
  };
}
