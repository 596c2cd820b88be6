/**
 * Builds the screens' main-side services from the data store services: read access for the Files tab and the
 * registry look-ups of the metadata form.
 */
import type { PlatformAdapter } from '../app/index.ts';
import { DisposableStore, type Disposable, type Logger } from '../core/index.ts';
import type { DataStoreServices } from '../datastore/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { browseHandlers } from './handlers.ts';
import type { RegistryReader } from './registry.ts';
import { httpRegistryReader } from './registry-http.ts';
import { BrowseStorage } from './storage.ts';

/** Provena's registry API sits beside its data API (`data-api.X` → `registry-api.X`); a Datadesk server serves both. */
export function registryApiUrlOf(dataApiUrl: string): string {
  const url = new URL(dataApiUrl);
  if (url.hostname.startsWith('data-api.'))
    url.hostname = `registry-api.${url.hostname.slice('data-api.'.length)}`;
  return url.toString().replace(/\/$/, '');
}

/** The screens' services and handlers. */
export function createBrowseServices(options: {
  stores: DataStoreServices;
  platform: PlatformAdapter;
  logger: Logger;
  dataDir: string;
  /** The embedded local store's bearer token (it needs no sign-in). */
  localToken(): Promise<string>;
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
  const readers: { key: string; reader: RegistryReader | null } = { key: '', reader: null };
  const handlers: Partial<Handlers> = browseHandlers({
    platform: options.platform,
    dataDir: options.dataDir,
    storage,
    registry: async () => {
      const { profile, client: current } = await stores.dataStores.current();
      const key = JSON.stringify([profile.id, current.endpoints]);
      if (readers.key !== key) {
        const tokens = profile.kind === 'local' ? null : stores.auth.tokenSource(profile.id);
        readers.key = key;
        readers.reader = httpRegistryReader({
          searchApiUrl: current.endpoints.searchApiUrl,
          registryApiUrl: registryApiUrlOf(current.endpoints.dataApiUrl),
          accessToken: () => (tokens ? tokens.accessToken() : options.localToken()),
        });
      }
      return readers.reader;
    },
  });
  // Cached storage clients hold a data store's S3 address and credentials: drop them when it changes or goes.
  const subscriptions = new DisposableStore();
  subscriptions.add(stores.dataStores.onDidChange.on(({ profileId }) => storage.forgetProfile(profileId)));
  subscriptions.add(
    stores.profiles.onDidChange.on((list) => {
      for (const profileId of storage.profileIds()) {
        if (!list.profiles.some((profile) => profile.id === profileId)) storage.forgetProfile(profileId);
      }
    }),
  );
  return {
    handlers: handlers as ReturnType<typeof browseHandlers>,
    dispose: async () => {
      await subscriptions.dispose();
      storage.dispose();
    },
  };
}
