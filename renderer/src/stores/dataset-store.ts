/**
 * Open datasets: what the catalog knows at once (works offline), then the data store's fresh answer with the
 * caller's roles and the lock. Kept per dataset, so going back to one is instant.
 */
import { create } from 'zustand';
import type { DatasetSummary } from '../../../preload/contract/catalog';
import type { ItemDataset } from '../../../shared/provena/dataset-item';
import { call } from '../bridge/client';
import { isCancelled } from '../ui/errors';

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
      if (!options.force && entry && entry.fetchedAt && Date.now() - entry.fetchedAt < 15_000) return Promise.resolve();
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

/** What the caller may do with a dataset, from its item roles. */
export function permissions(entry: DatasetEntry | undefined) {
  const roles = new Set(entry?.roles ?? []);
  const known = entry?.roles !== null && entry?.roles !== undefined;
  const status = entry?.item?.release_status ?? entry?.summary?.releaseStatus ?? 'NOT_RELEASED';
  const locked = entry?.locked === true;
  const latest = !(entry?.item?.versioning_info?.next_version ?? entry?.summary?.nextVersion);
  // The catalog's copy is showing because the data store could not be asked: nothing can change until it answers.
  const errorCode = (entry?.error as { code?: string } | null | undefined)?.code;
  const unreachable = entry?.source === 'catalog' && (errorCode === 'network' || errorCode === 'server');
  const offlineReason = 'The data store cannot be reached right now. Try again when you are back online.';
  const canWriteMetadata = roles.has('metadata-write') || roles.has('dataset-data-write') || roles.has('admin');
  const canWriteData = roles.has('dataset-data-write') || roles.has('admin');
  const canRead = roles.has('dataset-data-read') || canWriteData;
  const isAdmin = roles.has('admin');
  /** Why uploads are refused now, or null when they are allowed. */
  let uploadRefusal: string | null = null;
  if (unreachable) uploadRefusal = offlineReason;
  else if (status === 'PENDING') {
    uploadRefusal = 'This dataset is waiting for release review, so its files cannot change. Ask the reviewer to decide first.';
  } else if (status === 'RELEASED') {
    uploadRefusal = 'This dataset is released, so its files are final. Create a new version to add or change files.';
  } else if (locked) uploadRefusal = 'This dataset is locked in the registry, so nothing can be changed.';
  else if (known && !canWriteData) uploadRefusal = 'You do not have permission to upload to this dataset. Ask its owner for write access.';
  let metadataRefusal: string | null = null;
  if (unreachable) metadataRefusal = offlineReason;
  else if (locked) metadataRefusal = 'This dataset is locked in the registry, so its metadata cannot be changed.';
  else if (known && !canWriteMetadata) metadataRefusal = 'You do not have permission to change this dataset’s metadata.';
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
    canVersion: (!known || isAdmin) && latest && !locked && !unreachable,
    versionRefusal: unreachable
      ? offlineReason
      : !latest
      ? 'Only the latest version can get a new version.'
      : locked
        ? 'This dataset is locked in the registry.'
        : known && !isAdmin
          ? 'Only a dataset administrator can create a new version.'
          : null,
    canRequestRelease: (!known || isAdmin) && status === 'NOT_RELEASED' && !locked && !unreachable,
    unreachable,
    isAdmin,
  };
}

/** The permissions of a dataset entry. */
export type DatasetPermissions = ReturnType<typeof permissions>;
