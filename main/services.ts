/**
 * The composition root: builds the service graph once for every host (Electron, web mode, CLI, tests).
 * Capabilities are created here and nowhere else; each one's bridge handlers are merged into one router.
 */
import { mkdirSync } from 'node:fs';
import type { HostKind } from '../preload/contract.ts';
import { appHandlers, headlessPlatform, readAppVersionSync, type PlatformAdapter } from './app/index.ts';
import { createBrowseServices } from './browse/index.ts';
import {
  CatalogService,
  catalogContextFor,
  catalogHandlers,
  fetchForCatalog,
  ReachabilityGuard,
  withWriteThrough,
} from './catalog/index.ts';
import {
  AppError,
  createLogger,
  DisposableStore,
  fileSinkSync,
  stderrSink,
  type Logger,
} from './core/index.ts';
import { createDataStoreServices } from './datastore/index.ts';
import { createEventHub, createRouter, type EventHub, type Handlers, type Router } from './ipc/index.ts';
import { startLocalStore, type LocalStore, type LocalStoreOptions } from './localstore/index.ts';
import type { SecretStore } from './secrets/index.ts';
import { createTransferService, type TransferEngine } from './transfers/index.ts';
import type { HostRoute } from './web/index.ts';

/** How a host wants the app built. */
export interface AppOptions {
  host: HostKind;
  /** The app's data folder (profiles, catalog and job databases, the embedded store, logs). */
  dataDir: string;
  platform?: PlatformAdapter;
  logger?: Logger;
  /** Also write logs to `<dataDir>/datadesk.log` (default true except in tests). */
  logToFile?: boolean;
  /** Where sign-in tokens are kept instead of the OS keychain (tests). */
  secrets?: SecretStore;
  /** The fetch for data stores and sign-in servers (Electron passes `net.fetch`: system proxy and certificates). */
  fetch?: typeof fetch;
  /** How the embedded local store runs (tests slow its registration jobs down). */
  localStore?: Pick<LocalStoreOptions, 'jobs'>;
}

/** The built app: its router and events for the transports, plus the services for the CLI and tests. */
export interface App {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly version: string;
  readonly logger: Logger;
  readonly router: Router;
  readonly hub: EventHub;
  /** Extra HTTP endpoints the web host serves behind its token (browser uploads). */
  readonly webRoutes: HostRoute[];
  /** The transfer engine (the CLI drives it directly). */
  readonly transfers: TransferEngine;
  /** Hosts links may open in the system browser: the configured data stores and sign-in pages. */
  externalHosts(): readonly string[];
  /**
   * The embedded local store's real server: `stop` makes it unreachable (its address stays, so the app sees a
   * data store that went away); `restart` starts it afresh. For tests of the offline behaviour.
   */
  readonly localStore: { stop(): Promise<void>; restart(): Promise<void> };
  dispose(): Promise<void>;
}

/** What each bridge call that needs the data store is called in an offline refusal ("… needs the data store"). */
const needsDataStore = {
  'datasets.list': 'Listing the data store’s datasets',
  'datasets.validate': 'Checking the metadata',
  'datasets.presignedUrl': 'Making a share link',
  'datasets.search': 'Searching the data store',
  'jobs.fetch': 'Checking a registration job',
  'release.listReviewers': 'Listing the reviewers',
  'release.addReviewer': 'Adding a reviewer',
  'release.removeReviewer': 'Removing a reviewer',
  'registry.search': 'Looking up organisations and people',
  'registry.names': 'Looking up names in the registry',
  'files.list': 'Listing the dataset’s files',
  // Starting a transfer is refused while offline; a running one waits and retries on its own.
  'transfers.startUpload': 'Uploading files',
  'transfers.startBrowserUpload': 'Uploading files',
  'transfers.startDownload': 'Downloading files',
} as const;

/** Builds the app for one host. */
export async function createApp(options: AppOptions): Promise<App> {
  mkdirSync(options.dataDir, { recursive: true });
  const disposables = new DisposableStore();
  const logger =
    options.logger ??
    createLogger({
      level: options.host === 'test' && !process.env.DATADESK_LOG_LEVEL ? 'warn' : undefined,
      sinks:
        options.logToFile === false || options.host === 'test'
          ? [stderrSink]
          : [stderrSink, fileSinkSync(`${options.dataDir}/datadesk.log`)],
    });
  const platform = options.platform ?? headlessPlatform;
  const version = readAppVersionSync();
  const hub = disposables.add(createEventHub());

  // The screens' registry look-ups need the local store's token too (it is started on first use).
  let localStore: Promise<LocalStore> | null = null;
  // The catalog knows which data stores are offline; their clients then make one quick try per request.
  let catalogRef: CatalogService | null = null;
  const stores = await createDataStoreServices({
    dataDir: options.dataDir,
    logger,
    hub,
    openExternal: (url) => platform.openExternal(url),
    notify: (title, body) => platform.notify(title, body),
    isOffline: (profileId) => (catalogRef?.offlineSince(profileId) ?? null) !== null,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    startLocalStore: () =>
      (localStore = startLocalStore({ dataDir: options.dataDir, logger, ...options.localStore })),
  });
  disposables.add(stores);

  const catalog = disposables.add(
    new CatalogService({
      directory: `${options.dataDir}/catalog`,
      context: catalogContextFor(stores),
      logger,
      // A CLI command is short-lived and may share the data folder with a running app: it syncs only on demand.
      schedule: options.host !== 'cli',
    }),
  );
  catalogRef = catalog;
  disposables.add(catalog.onDidChangeStatus.on((status) => hub.publish('catalog.status', status)));
  catalog.pruneProfiles(stores.profiles.list().profiles.map((profile) => profile.id));
  // A removed data store leaves nothing behind: its catalog file goes with it.
  let knownProfiles = new Set(stores.profiles.list().profiles.map((profile) => profile.id));
  disposables.add(
    stores.profiles.onDidChange.on((list) => {
      const now = new Set(list.profiles.map((profile) => profile.id));
      for (const id of knownProfiles) {
        if (!now.has(id)) {
          void catalog
            .removeProfile(id)
            .catch((error: unknown) => logger.error('catalog.remove_failed', { profileId: id, error }));
        }
      }
      knownProfiles = now;
    }),
  );

  // Every probe of the data store tells the status bar too, so "online" there and "offline since" agree.
  const checkHealth = async (signal: AbortSignal, healthOptions?: { once?: boolean }) => {
    const health = await stores.checkHealth(signal, healthOptions);
    catalog.reportReachability(health.profileId, health.reachable);
    hub.publish('datastore.health', health);
    return health;
  };
  const guard = disposables.add(
    new ReachabilityGuard({
      catalog,
      profileId: () => stores.profiles.current().id,
      probe: async (signal) => (await checkHealth(signal, { once: true })).reachable,
      logger,
      reprobe: { firstDelayMs: 2_000, maxDelayMs: 30_000 },
    }),
  );

  const browse = disposables.add(
    createBrowseServices({
      stores,
      platform,
      logger,
      dataDir: options.dataDir,
      localToken: async () => {
        if (!localStore)
          throw new AppError('network', 'The local store has not started yet. Try again in a moment.');
        return (await localStore).token;
      },
    }),
  );

  const transfers = disposables.add(
    await createTransferService({
      dataDir: options.dataDir,
      host: options.host,
      logger,
      hub,
      dataStores: stores.dataStores,
      currentProfileId: () => stores.profiles.current().id,
      openPath: (path) => platform.openPath?.(path) ?? Promise.resolve(false),
    }),
  );

  const handlers: Handlers = {
    ...appHandlers({
      host: options.host,
      version,
      platform,
      externalHosts: () => stores.externalHosts(),
      // Every health check also tells the catalog whether the data store is reachable (offline since …).
      checkHealth: (signal) => checkHealth(signal),
    }),
    // The data store's answers to the app's own actions go into the catalog at once.
    ...withWriteThrough(stores.handlers, {
      catalog,
      current: () => {
        const current = stores.current();
        return {
          profileId: current.profile.id,
          fetchDataset: async (id, signal) => fetchForCatalog(await current.client(), id, signal),
        };
      },
      probe: (signal) => guard.probe().then((reachable) => reachable && !signal.aborted),
      guard,
      logger,
    }),
    ...catalogHandlers(catalog),
    ...transfers.handlers,
    ...browse.handlers,
  };
  Object.assign(handlers, guard.wrap(handlers, needsDataStore));
  const router = createRouter(handlers, logger.child({ component: 'bridge' }));
  logger.info('app.started', { host: options.host, version });

  return {
    host: options.host,
    dataDir: options.dataDir,
    version,
    logger,
    router,
    hub,
    webRoutes: [...transfers.webRoutes],
    transfers: transfers.engine,
    externalHosts: () => stores.externalHosts(),
    localStore: {
      stop: () => stores.dataStores.stopLocalStore(),
      restart: () => stores.dataStores.restartLocalStore(),
    },
    dispose: () => disposables.dispose(),
  };
}
