/**
 * Builds the data store side of the app for the composition root: secrets, profiles, sign-in and the clients,
 * wired to the event hub (profile list, sign-in state, health) and to each other (who is signed in where).
 */
import type { DataStoreHealth, Profile } from '../../preload/contract.ts';
import { AuthService, authHandlers, type FetchFunction } from '../auth/index.ts';
import { DisposableStore, Emitter, type Disposable, type Logger } from '../core/index.ts';
import type { EventHub } from '../ipc/index.ts';
import { openProfileStore, profileHandlers, type ProfileStore } from '../profiles/index.ts';
import { openSecretStore, type SecretStore } from '../secrets/index.ts';
import { DataStores, endpointsOf, type LocalStoreHandle } from './data-stores.ts';
import { datastoreHandlers } from './handlers.ts';
import { RegistrationJobs } from './registration-jobs.ts';
import type { DatastoreClient } from './types.ts';

/** What the data store services need from the host. */
export interface DataStoreServicesOptions {
  dataDir: string;
  logger: Logger;
  hub: EventHub;
  /** Opens a page in the system browser (false where the host cannot). */
  openExternal(url: string): Promise<boolean>;
  /** Shows an OS notification when background work finishes (a no-op where the host has none). */
  notify?(title: string, body: string): void;
  startLocalStore(): Promise<LocalStoreHandle>;
  /** True while a profile's data store is known to be unreachable (the catalog knows): quick tries only. */
  isOffline?(profileId: string): boolean;
  /** A secret store to use instead of opening the OS keychain (tests). */
  secrets?: SecretStore;
  fetch?: FetchFunction;
}

/** The current data store as other capabilities (catalog, transfers) need to know it. */
export interface CurrentDataStore {
  profile: Profile;
  /** The signed-in username, or the local store's user; null when unknown or signed out. */
  username: string | null;
  personId: string | null;
  /** True when calls can be made now (local store, or signed in). */
  available: boolean;
  /** Why not, in words for the status bar. */
  unavailableReason: string | null;
  client(): Promise<DatastoreClient>;
}

/** The built data store services. */
export interface DataStoreServices extends Disposable {
  secrets: SecretStore;
  profiles: ProfileStore;
  auth: AuthService;
  dataStores: DataStores;
  /** Registration work after mints and new versions, followed in the background. */
  registrations: RegistrationJobs;
  handlers: ReturnType<typeof profileHandlers> &
    ReturnType<typeof authHandlers> &
    ReturnType<typeof datastoreHandlers>;
  /** The current data store's health; `once` for a probe (one try). */
  checkHealth(signal: AbortSignal, options?: { once?: boolean }): Promise<DataStoreHealth>;
  /** Hosts of the configured data stores and sign-in servers (links main may open). */
  externalHosts(): string[];
  current(): CurrentDataStore;
  /** Fires when the current data store, or who is signed in to it, changes. */
  readonly onDidChangeCurrent: Emitter<void>;
}

/** Opens the profile file and the keychain, restores remembered sign-ins and wires everything to the hub. */
export async function createDataStoreServices(options: DataStoreServicesOptions): Promise<DataStoreServices> {
  const disposables = new DisposableStore();
  const logger = options.logger;
  const secrets = options.secrets ?? (await openSecretStore({ logger }));
  const profiles = disposables.add(await openProfileStore({ dataDir: options.dataDir, logger }));
  const auth = disposables.add(
    new AuthService({
      profiles: () => profiles.list(),
      secrets,
      logger,
      openExternal: options.openExternal,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  await auth.restoreAll();
  const dataStores = disposables.add(
    new DataStores({
      profiles,
      tokenSource: (id) => auth.tokenSource(id),
      setIdentity: (id, identity) => auth.setIdentity(id, identity),
      startLocalStore: options.startLocalStore,
      ...(options.isOffline ? { isOffline: options.isOffline } : {}),
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  const registrations = disposables.add(
    new RegistrationJobs({
      client: (profileId) => dataStores.clientFor(profileId),
      publish: (job) => options.hub.publish('jobs.progress', job),
      notify: (title, body) => options.notify?.(title, body),
      logger,
    }),
  );
  const onDidChangeCurrent = new Emitter<void>();
  const publishHealth = () => {
    void dataStores.health().then((health) => options.hub.publish('datastore.health', health));
  };

  // Listeners hear only of changes that matter to them: another store, user, person or availability.
  const currentKey = () => {
    const now = current();
    return JSON.stringify([
      now.profile.id,
      now.profile.dataApiUrl,
      now.username,
      now.personId,
      now.available,
    ]);
  };
  let lastCurrent = '';
  const fireIfCurrentChanged = () => {
    const key = currentKey();
    if (key === lastCurrent) return;
    lastCurrent = key;
    onDidChangeCurrent.fire();
  };

  let currentId = profiles.current().id;
  disposables.add(
    profiles.onDidChange.on((list) => {
      options.hub.publish('profiles.changed', list);
      void auth.syncProfiles(list);
      const previous = currentId;
      currentId = list.currentId;
      dataStores.profilesChanged(previous);
      for (const profile of list.profiles) options.hub.publish('auth.state', auth.state(profile.id));
      if (previous !== currentId) publishHealth();
      fireIfCurrentChanged();
    }),
  );

  // Once signed in, ask the data store who that is: the linked Person decides who can review what. Asked once
  // per sign-in (user and method), so an account with no linked Person does not ask again and again.
  const identityAsked = new Map<string, string>();
  disposables.add(
    auth.onDidChange.on((state) => {
      options.hub.publish('auth.state', state);
      const signIn =
        state.status === 'signed-in' ? `${state.user?.username ?? ''}\n${state.method ?? ''}` : null;
      if (signIn === null) identityAsked.delete(state.profileId);
      else if (identityAsked.get(state.profileId) !== signIn) {
        identityAsked.set(state.profileId, signIn);
        void dataStores.refreshIdentity(state.profileId).catch((error: unknown) => {
          logger.info('datastore.identity_unknown', { profileId: state.profileId, error });
        });
      }
      if (state.profileId === profiles.current().id) fireIfCurrentChanged();
    }),
  );

  const current = (): CurrentDataStore => {
    const profile = profiles.current();
    const state = auth.state(profile.id);
    const available = profile.kind === 'local' || state.status === 'signed-in';
    return {
      profile,
      username: state.user?.username ?? null,
      personId: state.personId,
      available,
      unavailableReason: available
        ? null
        : `Sign in to ${profile.name} (Settings → Data stores) to see its datasets.`,
      client: () => dataStores.clientFor(profile.id),
    };
  };

  lastCurrent = currentKey();

  return {
    secrets,
    profiles,
    auth,
    dataStores,
    registrations,
    handlers: {
      ...profileHandlers({
        store: profiles,
        testConnection: (profile) => dataStores.testConnection(profile),
      }),
      ...authHandlers(auth),
      ...datastoreHandlers(() => dataStores.clientFor(profiles.current().id), {
        jobs: registrations,
        profileId: () => profiles.current().id,
      }),
    },
    checkHealth: (signal, healthOptions) => dataStores.health(signal, healthOptions),
    externalHosts() {
      const hosts = new Set<string>();
      for (const profile of profiles.list().profiles) {
        if (profile.kind !== 'remote') continue;
        const endpoints = endpointsOf(profile);
        for (const url of [
          endpoints.dataApiUrl,
          endpoints.searchApiUrl,
          endpoints.jobApiUrl,
          profile.issuerUrl,
        ]) {
          if (url) hosts.add(new URL(url).hostname);
        }
      }
      return [...hosts];
    },
    current,
    onDidChangeCurrent,
    dispose: () => disposables.dispose(),
  };
}
