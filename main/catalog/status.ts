/** The catalog status the UI shows: sync state, progress, offline since when, last and next sync. */
import type { CatalogStatus, SyncSession } from '../../preload/contract/catalog.ts';
import type { CatalogTarget } from './context.ts';
import type { ProfileCatalog } from './store.ts';

/** The status when no data store is in use. */
export const noDataStoreStatus: CatalogStatus = {
  profileId: null,
  state: 'unavailable',
  message: 'Choose a data store to browse its datasets.',
  offlineSince: null,
  running: null,
  lastSession: null,
  lastSyncedAt: null,
  nextSyncAt: null,
  consecutiveFailures: 0,
  datasetCount: 0,
  revision: 0,
};

/** What a status is made of. */
export interface StatusParts {
  profileId: string;
  /** The data store in use when it is this profile; null for another profile. */
  target: CatalogTarget | null;
  catalog: ProfileCatalog;
  running: SyncSession | null;
  offlineSince: number | null;
  nextSyncAt: number | null;
  consecutiveFailures: number;
  datasetCount: number;
}

/** One profile's status: syncing beats offline, offline beats idle; unavailable when it cannot be listed now. */
export function describeStatus(parts: StatusParts): CatalogStatus {
  const usable = parts.target?.source != null;
  const state = parts.running
    ? 'syncing'
    : parts.offlineSince !== null
      ? 'offline'
      : usable
        ? 'idle'
        : 'unavailable';
  const message =
    parts.offlineSince !== null
      ? 'The data store cannot be reached. Browsing and search use the local catalog.'
      : usable
        ? null
        : (parts.target?.unavailableReason ?? 'Sign in to this data store to sync its datasets.');
  return {
    profileId: parts.profileId,
    state,
    message,
    offlineSince: parts.offlineSince,
    running: parts.running,
    lastSession: parts.catalog.sessions.lastFinished(),
    lastSyncedAt: parts.catalog.sessions.lastSucceeded()?.finishedAt ?? null,
    nextSyncAt: parts.nextSyncAt,
    consecutiveFailures: parts.consecutiveFailures,
    datasetCount: parts.datasetCount,
    revision: parts.catalog.revision,
  };
}
