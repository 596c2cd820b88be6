/**
 * What the catalog reads from a Provena `ItemDataset`, and how one becomes a catalog row: the columns the
 * lists sort, filter and search on, the full JSON, and a hash of that JSON so an unchanged dataset costs no write.
 */
import { createHash } from 'node:crypto';
import type { ItemDataset } from '../../shared/provena/index.ts';

/** The release states a dataset moves through. */
export const releaseStatuses = ['NOT_RELEASED', 'PENDING', 'RELEASED'] as const;
export type ReleaseStatus = (typeof releaseStatuses)[number];

/** A dataset record as the data store lists and fetches it. */
export type CatalogItem = ItemDataset;

/** A fetched dataset as the data store answers it: the item plus, when known, the caller's roles and the lock. */
export interface FetchedDataset {
  item: CatalogItem;
  roles?: readonly string[] | null;
  locked?: boolean | null;
}

/** One row of the `datasets` table, as written. */
export interface DatasetRow {
  id: string;
  display_name: string;
  description: string;
  keywords: string;
  keywords_text: string;
  owner_username: string;
  created_timestamp: number;
  updated_timestamp: number;
  release_status: string;
  release_approver: string | null;
  release_requester: string | null;
  release_timestamp: number | null;
  version: number | null;
  previous_version: string | null;
  next_version: string | null;
  /** Filter tokens for the FTS index (see `facet`). */
  facets: string;
  item_json: string;
  item_hash: string;
}

const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');

/**
 * Filter values as FTS tokens: lists filter by release status, owner, reviewer and "latest version" inside the
 * same FTS5 query as the text search, so a filtered search and its total never read the rows themselves.
 * Values are hex-encoded so any username or person id becomes one plain token.
 */
export const facet = {
  status: (status: string) => `status${status.replace(/_/g, '').toLowerCase()}`,
  owner: (username: string) => `owner${hex(username)}`,
  approver: (personId: string) => `approver${hex(personId)}`,
  latestVersion: 'latestversion',
};

/** JSON with object keys in a stable order (for small values such as pagination keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

/** The requester of the newest REQUEST entry in a release history (histories are appended, oldest first). */
export function latestRequester(history: CatalogItem['release_history'] | null | undefined): string | null {
  let newest: { timestamp: number; requester: string | null } | null = null;
  for (const entry of history ?? []) {
    if (entry.action !== 'REQUEST') continue;
    if (newest === null || entry.timestamp >= newest.timestamp) {
      newest = { timestamp: entry.timestamp, requester: entry.requester ?? null };
    }
  }
  return newest?.requester ?? null;
}

const knownStatus = (value: string | null | undefined): string =>
  value && (releaseStatuses as readonly string[]).includes(value) ? value : 'NOT_RELEASED';

/** An item's JSON and its hash. */
export interface ItemFingerprint {
  json: string;
  hash: string;
}

/**
 * The JSON the catalog stores for an item and a hash of it, to tell an unchanged item without writing. Plain
 * `JSON.stringify`: every item reaches the catalog through the same parsed schema, so key order is the same each
 * time (a canonical form costs three times as much on every item of every sync).
 */
export function fingerprintOf(item: CatalogItem): ItemFingerprint {
  const json = JSON.stringify(item);
  return { json, hash: createHash('sha1').update(json).digest('base64url') };
}

/** Turns an item into the row the catalog stores. */
export function rowFromItem(item: CatalogItem, fingerprint = fingerprintOf(item)): DatasetRow {
  const info = item.collection_format?.dataset_info ?? null;
  const keywords = (info?.keywords ?? []).filter((keyword) => typeof keyword === 'string');
  const status = knownStatus(item.release_status);
  const facets = [facet.status(status), facet.owner(item.owner_username ?? '')];
  if (item.release_approver) facets.push(facet.approver(item.release_approver));
  if (!item.versioning_info?.next_version) facets.push(facet.latestVersion);
  return {
    id: item.id,
    display_name: item.display_name ?? info?.name ?? item.id,
    description: info?.description ?? '',
    keywords: JSON.stringify(keywords),
    keywords_text: keywords.join(' '),
    owner_username: item.owner_username ?? '',
    created_timestamp: Math.trunc(item.created_timestamp ?? 0),
    updated_timestamp: Math.trunc(item.updated_timestamp ?? 0),
    release_status: status,
    release_approver: item.release_approver ?? null,
    release_requester: latestRequester(item.release_history),
    release_timestamp: item.release_timestamp ?? null,
    version: item.versioning_info?.version ?? null,
    previous_version: item.versioning_info?.previous_version ?? null,
    next_version: item.versioning_info?.next_version ?? null,
    facets: facets.join(' '),
    item_json: fingerprint.json,
    item_hash: fingerprint.hash,
  };
}

/**
 * The columns of the `datasets` table, in order (shared with the staging table). The full JSON lives apart in
 * `dataset_items`, so list queries walk small rows.
 */
export const datasetColumns = [
  'id',
  'display_name',
  'description',
  'keywords',
  'keywords_text',
  'owner_username',
  'created_timestamp',
  'updated_timestamp',
  'release_status',
  'release_approver',
  'release_requester',
  'release_timestamp',
  'version',
  'previous_version',
  'next_version',
  'facets',
  'item_hash',
] as const satisfies ReadonlyArray<keyof DatasetRow>;
