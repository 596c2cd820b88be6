/**
 * Open datasets: what the catalog knows at once (works offline), then the data store's fresh answer with the
 * caller's roles and the lock. Kept per dataset, so going back to one is instant.
 */
import { create } from 'zustand';
import type { DatasetSummary } from '../../../preload/contract/catalog';
import type { ItemDataset } from '../../../shared/provena/dataset-item';
import { call } from '../bridge/client';
import { isCancelled } from '../ui/errors';
import {
  offlineReason as offlineWords,
  useCatalogStatusStore,
  useOfflineSince,
} from './catalog-status-store';

/** One dataset as the screens see it. */
export interface DatasetEntry {
  id: string;
  summary: DatasetSummary | null;
  item: ItemDataset | null;
  /** The caller's item roles: from the data store, else the catalog's last knowledge; null when unknown. */
  roles: string[] | null;
  locked: boolean | null;
  /** Where `item` came from. */
  source: 'catalog' | 'data store' | null;
  loading: boolean;
  /** Why the data store could not be asked (the catalog's copy may still show). */
  error: unknown;
  fetchedAt: number | null;
}

interface DatasetState {
  entries: Record<string, DatasetEntry>;
  load(id: string, options?: { force?: boolean }): Promise<void>;
  /** Applies a fresh item (after an action that answered with one). */
  put(id: string, change: Partial<DatasetEntry>): void;
}

const blank = (id: string): DatasetEntry => ({
  id,
  summary: null,
  item: null,
  roles: null,
  locked: null,
  source: null,
  loading: true,
  error: null,
  fetchedAt: null,
});

const inFlight = new Map<string, Promise<void>>();

/** Open datasets, by handle. */
export const useDatasetStore = create<DatasetState>((set, get) => {
  const patch = (id: string, change: Partial<DatasetEntry>) =>
    set({ entries: { ...get().entries, [id]: { ...(get().entries[id] ?? blank(id)), ...change } } });
  const load = async (id: string) => {
    patch(id, { loading: true });
    const fromCatalog = call('catalog.dataset', { id }).then(
      (found) => {
        // The data store's answer wins if it came first.
        if (get().entries[id]?.source === 'data store') {
          patch(id, { summary: found.summary });
          return;
        }
        patch(id, {
          summary: found.summary,
          item: found.item as unknown as ItemDataset,
          roles: found.summary.roles,
          locked: found.summary.locked,
          source: 'catalog',
        });
      },
      () => undefined,
    );
    try {
      const fetched = await call('datasets.fetch', { id });
      patch(id, {
        item: fetched.item,
        roles: fetched.roles,
        locked: fetched.locked,
        source: 'data store',
        error: null,
        fetchedAt: Date.now(),
      });
    } catch (error) {
      if (!isCancelled(error)) patch(id, { error });
    }
    await fromCatalog;
    patch(id, { loading: false });
  };
  return {
    entries: {},
    load(id, options = {}) {
      const entry = get().entries[id];
      if (!options.force && entry && entry.fetchedAt && Date.now() - entry.fetchedAt < 15_000)
        return Promise.resolve();
      let running = inFlight.get(id);
      if (!running) {
        running = load(id).finally(() => inFlight.delete(id));
        inFlight.set(id, running);
      }
      return running;
    },
    put: patch,
  };
});

/** Reloads a dataset from the data store (after an action changed it). */
export function reloadDataset(id: string): Promise<void> {
  return useDatasetStore.getState().load(id, { force: true });
}

/**
 * What the caller may do with a dataset, from its item roles, its state and whether the data store answers
 * (`offlineSince`: the catalog's "offline since", or null). Every refusal comes with its reason for a tooltip.
 */
export function permissions(entry: DatasetEntry | undefined, offlineSince: number | null = null) {
  const roles = new Set(entry?.roles ?? []);
  const known = entry?.roles !== null && entry?.roles !== undefined;
  const status = entry?.item?.release_status ?? entry?.summary?.releaseStatus ?? 'NOT_RELEASED';
  const locked = entry?.locked === true;
  const latest = !(entry?.item?.versioning_info?.next_version ?? entry?.summary?.nextVersion);
  // Offline as the catalog knows it, or the catalog's copy is showing because the data store could not be asked.
  const errorCode = (entry?.error as { code?: string } | null | undefined)?.code;
  const unreachable =
    offlineSince !== null ||
    (entry?.source === 'catalog' && (errorCode === 'network' || errorCode === 'server'));
  const offlineReason = unreachable
    ? offlineSince !== null
      ? offlineWords(offlineSince)
      : 'The data store cannot be reached right now. Try again when you are back online.'
    : null;
  const canWriteMetadata =
    roles.has('metadata-write') || roles.has('dataset-data-write') || roles.has('admin');
  const canWriteData = roles.has('dataset-data-write') || roles.has('admin');
  const canRead = roles.has('dataset-data-read') || canWriteData;
  const isAdmin = roles.has('admin');
  /** Why uploads are refused now, or null when they are allowed. */
  let uploadRefusal: string | null = offlineReason;
  if (uploadRefusal) {
    // Offline says it all.
  } else if (status === 'PENDING') {
    uploadRefusal =
      'This dataset is waiting for release review, so its files cannot change. Ask the reviewer to decide first.';
  } else if (status === 'RELEASED') {
    uploadRefusal =
      'This dataset is released, so its files are final. Create a new version to add or change files.';
  } else if (locked) uploadRefusal = 'This dataset is locked in the registry, so nothing can be changed.';
  else if (known && !canWriteData)
    uploadRefusal = 'You do not have permission to upload to this dataset. Ask its owner for write access.';
  let metadataRefusal: string | null = offlineReason;
  if (metadataRefusal === null) {
    if (locked)
      metadataRefusal = 'This dataset is locked in the registry, so its metadata cannot be changed.';
    else if (known && !canWriteMetadata)
      metadataRefusal = 'You do not have permission to change this dataset’s metadata.';
  }
  const versionRefusal =
    offlineReason ??
    (!latest
      ? 'Only the latest version can get a new version.'
      : locked
        ? 'This dataset is locked in the registry.'
        : known && !isAdmin
          ? 'Only a dataset administrator can create a new version.'
          : null);
  const releaseRefusal =
    offlineReason ??
    (status !== 'NOT_RELEASED'
      ? 'A release has already been requested for this dataset.'
      : locked
        ? 'The dataset is locked.'
        : known && !isAdmin
          ? 'Only a dataset administrator can request a release.'
          : null);
  /** Reading files (download, share links) needs read access and the data store's credentials. */
  const readRefusal =
    offlineReason ?? (known && !canRead ? 'You do not have permission to read this dataset’s files.' : null);
  return {
    rolesKnown: known,
    roles: [...roles],
    status,
    locked,
    latest,
    canRead: !known || canRead,
    canWriteData: uploadRefusal === null,
    uploadRefusal,
    canEditMetadata: metadataRefusal === null,
    metadataRefusal,
    canVersion: versionRefusal === null,
    versionRefusal,
    canRequestRelease: releaseRefusal === null,
    releaseRefusal,
    readRefusal,
    /** Why actions that need the data store are unavailable now, or null while it answers. */
    offlineReason,
    unreachable,
    isAdmin,
  };
}

/** The permissions of a dataset as a screen shows them: offline comes from the catalog's status. */
export function useDatasetPermissions(entry: DatasetEntry | undefined) {
  return permissions(entry, useOfflineSince());
}

/** The permissions of a dataset entry. */
export type DatasetPermissions = ReturnType<typeof permissions>;

/** Reopens what the data store could not answer while offline, once the catalog says it answers again. */
export function startDatasetReconnect(): () => void {
  let wasOffline = (useCatalogStatusStore.getState().status?.offlineSince ?? null) !== null;
  return useCatalogStatusStore.subscribe((state) => {
    const offline = (state.status?.offlineSince ?? null) !== null;
    if (wasOffline && !offline) {
      for (const entry of Object.values(useDatasetStore.getState().entries)) {
        const code = (entry.error as { code?: string } | null)?.code;
        if (code === 'network' || code === 'server') void reloadDataset(entry.id);
      }
    }
    wasOffline = offline;
  });
}
