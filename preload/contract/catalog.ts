import { z } from 'zod';
import { call, stream } from './define.ts';

/** A dataset's release state. */
export const releaseStatus = z.enum(['NOT_RELEASED', 'PENDING', 'RELEASED']);

/** What a catalog list can be ordered by; `relevance` only means something with a search. */
export const datasetSort = z.enum(['updated', 'created', 'name', 'relevance']);

/** One dataset as a list shows it (from the local catalog; timestamps are Unix seconds as Provena sends them). */
export const datasetSummary = z.object({
  id: z.string(),
  displayName: z.string(),
  /** The first 500 characters of the description. */
  description: z.string(),
  ownerUsername: z.string(),
  createdTimestamp: z.number(),
  updatedTimestamp: z.number(),
  releaseStatus,
  /** The reviewer's person id while PENDING, or who approved/rejected. */
  releaseApprover: z.string().nullable(),
  /** The person id of whoever made the newest release request. */
  releaseRequester: z.string().nullable(),
  releaseTimestamp: z.number().nullable(),
  version: z.number().nullable(),
  previousVersion: z.string().nullable(),
  nextVersion: z.string().nullable(),
  keywords: z.array(z.string()),
  /** The signed-in user's item roles, when known (owner, or from the last fetch of this dataset). */
  roles: z.array(z.string()).nullable(),
  locked: z.boolean().nullable(),
  /** The signed-in user owns it. */
  mine: z.boolean(),
  /** PENDING with the signed-in user's person as the reviewer. */
  awaitingMyReview: z.boolean(),
});

/** A page of the catalog for one sort, filter and search. */
export const datasetPage = z.object({
  profileId: z.string().nullable(),
  items: z.array(datasetSummary),
  /** How many datasets match in all (not just this page). */
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  /** The catalog's revision when this page was read (see `catalog.status`). */
  revision: z.number(),
});

/** One dataset with its full item JSON, from the catalog. */
export const catalogDataset = z.object({
  summary: datasetSummary,
  /** The full Provena `ItemDataset` as the data store last answered it. */
  item: z.record(z.string(), z.unknown()),
  /** When the catalog last wrote this dataset (ms). */
  storedAt: z.number(),
});

export const syncTrigger = z.enum(['start-up', 'schedule', 'manual', 'after-change']);
export const syncStatus = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

/** One sync run, as recorded. */
export const syncSession = z.object({
  id: z.number(),
  trigger: syncTrigger,
  status: syncStatus,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  pages: z.number(),
  seen: z.number(),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
  /** Dataset rows this run wrote (0 when nothing changed). */
  rowsWritten: z.number(),
  /** How many datasets the previous complete run saw: a guide for progress, not a promise. */
  expected: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string(), details: z.string().nullable() }).nullable(),
});

/** The catalog's state for the data store in use. */
export const catalogStatus = z.object({
  /** The data store in use, or null when none is. */
  profileId: z.string().nullable(),
  /** `idle` between runs, `syncing` during one, `offline` while the data store cannot be reached. */
  state: z.enum(['idle', 'syncing', 'offline', 'unavailable']),
  /** Why syncing is not possible now (not signed in, …), when it is not. */
  message: z.string().nullable(),
  /** Since when the data store has been unreachable (ms), or null when it is reachable. */
  offlineSince: z.number().nullable(),
  running: syncSession.nullable(),
  /** The last run that finished, whatever its outcome. */
  lastSession: syncSession.nullable(),
  /** When the last successful run finished (ms). */
  lastSyncedAt: z.number().nullable(),
  nextSyncAt: z.number().nullable(),
  consecutiveFailures: z.number(),
  datasetCount: z.number(),
  /** Goes up whenever the catalog's content changes: lists re-read their page when it does. */
  revision: z.number(),
});

/** Catalog settings. */
export const catalogSettings = z.strictObject({
  /** Minutes between scheduled syncs; 0 syncs only at start-up and on demand. */
  intervalMinutes: z.number().int().min(0).max(1440),
});

const boundedText = (max: number) => z.string().max(max);

export const catalogCalls = {
  /** A page of datasets for a sort, filter and search, with the total that match. */
  'catalog.datasets': call(
    z.strictObject({
      search: boundedText(500).optional(),
      sort: datasetSort.default('updated'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      releaseStatus: z.array(releaseStatus).max(3).optional(),
      mine: z.boolean().optional(),
      awaitingMyReview: z.boolean().optional(),
      /** Hide datasets that have a newer version. */
      latestVersionsOnly: z.boolean().optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    datasetPage,
  ),
  /** One dataset with its full item JSON; `not_found` when the catalog does not hold it. */
  'catalog.dataset': call(z.strictObject({ id: boundedText(300).min(1) }), catalogDataset),
  'catalog.status': call(z.strictObject({}), catalogStatus),
  /** The most recent sync runs, newest first. */
  'catalog.sessions': call(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(20) }),
    z.object({ sessions: z.array(syncSession) }),
  ),
  /** Starts a sync now, or reports the one already running. */
  'catalog.syncNow': call(
    z.strictObject({}),
    z.object({ sessionId: z.number().nullable(), alreadyRunning: z.boolean() }),
  ),
  /** Cancels the running sync; the catalog stays as it was before it. */
  'catalog.cancelSync': call(z.strictObject({}), z.object({ cancelled: z.boolean() })),
  'catalog.settings': call(z.strictObject({}), catalogSettings),
  'catalog.updateSettings': call(catalogSettings, catalogSettings),
};

export const catalogEvents = {
  /** The catalog's status (progress included) whenever it changes; the newest per data store. */
  'catalog.status': stream(catalogStatus, { mode: 'latest-per-key', key: 'profileId' }),
};

export type DatasetSort = z.output<typeof datasetSort>;
export type DatasetSummary = z.output<typeof datasetSummary>;
export type DatasetPage = z.output<typeof datasetPage>;
export type CatalogDataset = z.output<typeof catalogDataset>;
export type SyncTrigger = z.output<typeof syncTrigger>;
export type SyncSessionStatus = z.output<typeof syncStatus>;
export type SyncSession = z.output<typeof syncSession>;
export type CatalogStatus = z.output<typeof catalogStatus>;
export type CatalogSettings = z.output<typeof catalogSettings>;
