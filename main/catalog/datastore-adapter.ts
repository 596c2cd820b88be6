/**
 * The catalog's view of the app's data stores: which one is in use and who is signed in, its dataset list as a
 * sync source, and single fetches for write-through.
 */
import type { PaginationKey } from '../../shared/provena/index.ts';
import type { DatastoreClient, DataStoreServices } from '../datastore/index.ts';
import type { FetchedDataset } from './item.ts';
import type { RemoteCatalogSource } from './remote-source.ts';
import type { CatalogContext } from './context.ts';

/**
 * Lists a data store's datasets for a sync: oldest first by creation time, an order that does not move while a
 * pass pages through it (an update moves a dataset in the default "updated" order and a pass could miss it).
 */
export function remoteSourceFor(client: () => Promise<DatastoreClient>): RemoteCatalogSource {
  return {
    async listPage({ paginationKey, pageSize }, signal) {
      const page = await (
        await client()
      ).listDatasets(
        {
          sortBy: { sort_type: 'CREATED_TIME', ascending: true },
          paginationKey: (paginationKey ?? null) as PaginationKey | null,
          pageSize,
        },
        signal,
      );
      return { items: page.items ?? [], paginationKey: page.pagination_key ?? null };
    },
  };
}

/** Fetches one dataset with the caller's roles and the lock, as write-through records it. */
export async function fetchForCatalog(
  client: DatastoreClient,
  id: string,
  signal: AbortSignal,
): Promise<FetchedDataset> {
  const answer = await client.fetchDataset(id, signal);
  return { item: answer.item, roles: answer.roles ?? null, locked: answer.locked ?? null };
}

/** The data store in use, as the catalog follows it (profile, user, person, whether it can be listed now). */
export function catalogContextFor(
  stores: Pick<DataStoreServices, 'current' | 'onDidChangeCurrent'>,
): CatalogContext {
  return {
    current() {
      const current = stores.current();
      return {
        profileId: current.profile.id,
        username: current.username,
        personId: current.personId,
        unavailableReason: current.unavailableReason,
        source: current.available ? remoteSourceFor(() => current.client()) : null,
      };
    },
    onDidChange: (listener) => stores.onDidChangeCurrent.on(listener),
  };
}
