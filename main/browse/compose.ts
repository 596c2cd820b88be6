/**
 * Builds the screens' main-side services from the data store services: read access for the Files tab and the
 * registry look-ups of the metadata form.
 */
import type { PlatformAdapter } from '../app/index.ts';
import type { Disposable, Logger } from '../core/index.ts';
import type { DatastoreClient, DataStoreServices } from '../datastore/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { browseHandlers } from './handlers.ts';
import type { RegistryReader } from './registry.ts';
import { BrowseStorage } from './storage.ts';

/**
 * Registry calls a data store client may offer. They are optional so the screens work (with plain id entry in
 * the pickers) against a client without them.
 */
interface RegistryCapableClient {
  searchRegistry?(
    subtype: 'ORGANISATION' | 'PERSON',
    query: string,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Array<{ id: string; name: string; detail?: string | null }>>;
  fetchRegistryEntity?(id: string, signal?: AbortSignal): Promise<{ id: string; name: string; detail?: string | null } | null>;
}

function readerOf(client: DatastoreClient): RegistryReader | null {
  const capable = client as DatastoreClient & RegistryCapableClient;
  const search = capable.searchRegistry?.bind(capable);
  const fetch = capable.fetchRegistryEntity?.bind(capable);
  if (!search || !fetch) return null;
  return {
    search: async (kind, query, limit, signal) =>
      (await search(kind === 'organisation' ? 'ORGANISATION' : 'PERSON', query, limit, signal)).map((entity) => ({
        id: entity.id,
        name: entity.name,
        detail: entity.detail ?? null,
      })),
    fetch: async (id, signal) => {
      const entity = await fetch(id, signal);
      return entity ? { id: entity.id, name: entity.name, detail: entity.detail ?? null } : null;
    },
  };
}

/** The screens' services and handlers. */
export function createBrowseServices(options: {
  stores: DataStoreServices;
  platform: PlatformAdapter;
  logger: Logger;
}): Disposable & { handlers: ReturnType<typeof browseHandlers> } {
  const { stores } = options;
  const client = async () => (await stores.dataStores.current()).client;
  const storage = new BrowseStorage(
    {
      profileId: () => stores.profiles.current().id,
      fetchLocation: async (datasetId, signal) => {
        const fetched = await (await client()).fetchDataset(datasetId, signal);
        return { bucket: fetched.item.s3.bucket_name, prefix: fetched.item.s3.path };
      },
      readCredentials: async (datasetId, signal) => {
        const answer = await (await client()).readCredentials(datasetId, signal);
        return {
          accessKeyId: answer.credentials.aws_access_key_id,
          secretAccessKey: answer.credentials.aws_secret_access_key,
          sessionToken: answer.credentials.aws_session_token ?? null,
          expiry: new Date(answer.credentials.expiry),
        };
      },
      s3Endpoint: async () => {
        const defaults = await stores.dataStores.s3Defaults(stores.profiles.current().id);
        return { endpointUrl: defaults.endpointUrl ?? null, region: defaults.region ?? null };
      },
    },
    options.logger.child({ component: 'browse' }),
  );
  const handlers: Partial<Handlers> = browseHandlers({
    platform: options.platform,
    storage,
    registry: async () => readerOf(await client()),
  });
  return {
    handlers: handlers as ReturnType<typeof browseHandlers>,
    dispose: () => storage.dispose(),
  };
}
