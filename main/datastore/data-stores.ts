/**
 * The data stores of the app: a client per profile (the embedded local store started on first use), the current
 * one, its health, connection tests, and who the data store says the signed-in person is.
 */
import type { ConnectionCheck, ConnectionTest, DataStoreHealth, Profile } from '../../preload/contract.ts';
import { AppError, Emitter, type Disposable, type Logger } from '../core/index.ts';
import type { DatasetStorage } from '../transfers/index.ts';
import { createDatastoreClient } from './client.ts';
import { datasetStorageOf } from './dataset-storage.ts';
import type { TokenSource } from './http.ts';
import type { DatastoreClient, DatastoreEndpoints } from './types.ts';

/** A running embedded local store (what main/localstore's `startLocalStore` returns). */
export interface LocalStoreHandle {
  dataApiUrl: string;
  searchApiUrl: string;
  jobApiUrl: string;
  token: string;
  username: string;
  s3: { endpoint: string; region: string; bucket: string };
  stop(): Promise<void>;
}

/** Where S3 lives for a profile when the data store's answers do not say (Provena's never do). */
export interface S3Defaults {
  endpointUrl: string | null;
  region: string | null;
}

/** What the data stores service needs. */
export interface DataStoresOptions {
  profiles: { current(): Profile; get(id: string): Profile; list(): { profiles: Profile[] } };
  /** The sign-in of remote profiles. */
  tokenSource(profileId: string): TokenSource;
  /** Records who a data store says the caller is (linked person, roles). */
  setIdentity(
    profileId: string,
    identity: { username: string; personId: string | null; roles: string[] },
  ): void;
  /** Starts the embedded local store (main/localstore); called once, on first use. */
  startLocalStore(): Promise<LocalStoreHandle>;
  /** True while a profile's data store is known to be unreachable: its requests then get one quick try. */
  isOffline?(profileId: string): boolean;
  logger: Logger;
  fetch?: typeof fetch;
}

/** The id of the embedded local store's profile. */
function localProfileIdOf(profiles: DataStoresOptions['profiles']): string {
  return profiles.list().profiles.find((profile) => profile.kind === 'local')?.id ?? 'local';
}

/** Default addresses of a Provena deployment: search.{domain}, job-api.{domain}, auth-api.{domain}. */
export function endpointsOf(
  profile: Pick<Profile, 'dataApiUrl' | 'searchApiUrl' | 'jobApiUrl'>,
): DatastoreEndpoints {
  const data = profile.dataApiUrl ?? '';
  const sibling = (prefix: string) => {
    const url = new URL(data);
    if (!url.hostname.startsWith('data-api.')) return data;
    url.hostname = `${prefix}.${url.hostname.slice('data-api.'.length)}`;
    return url.href.replace(/\/+$/, '');
  };
  return {
    dataApiUrl: data,
    searchApiUrl: profile.searchApiUrl ?? sibling('search'),
    jobApiUrl: profile.jobApiUrl ?? sibling('job-api'),
    authApiUrl: sibling('auth-api'),
    registryApiUrl: sibling('registry-api'),
  };
}

/** Clients and state of every data store. */
export class DataStores implements Disposable {
  /** Fires with the profile id whose client changed (switch, edit, removal) — the current one included. */
  readonly onDidChange = new Emitter<{ profileId: string; current: boolean }>();
  private readonly options: DataStoresOptions;
  private readonly logger: Logger;
  private readonly clients = new Map<string, { client: DatastoreClient; fingerprint: string }>();
  private local: Promise<LocalStoreHandle> | null = null;

  constructor(options: DataStoresOptions) {
    this.options = options;
    this.logger = options.logger.child({ component: 'data-stores' });
  }

  /** The current profile and its client. */
  async current(): Promise<{ profile: Profile; client: DatastoreClient }> {
    const profile = this.options.profiles.current();
    return { profile, client: await this.clientFor(profile.id) };
  }

  /** The client of a profile (the same one until the profile changes). */
  async clientFor(profileId: string): Promise<DatastoreClient> {
    const profile = this.options.profiles.get(profileId);
    const fingerprint = JSON.stringify([
      profile.dataApiUrl,
      profile.searchApiUrl,
      profile.jobApiUrl,
      profile.issuerUrl,
    ]);
    const cached = this.clients.get(profileId);
    if (cached && cached.fingerprint === fingerprint) return cached.client;
    const client =
      profile.kind === 'local'
        ? await this.localClient(profileId)
        : this.makeClient(profileId, endpointsOf(profile), this.options.tokenSource(profileId));
    this.clients.set(profileId, { client, fingerprint });
    return client;
  }

  /** Where S3 is for a profile when credentials do not name it. */
  async s3Defaults(profileId: string): Promise<S3Defaults & { bucket?: string }> {
    const profile = this.options.profiles.get(profileId);
    if (profile.kind === 'local') {
      const local = await this.startLocal();
      return { endpointUrl: local.s3.endpoint, region: local.s3.region, bucket: local.s3.bucket };
    }
    return { endpointUrl: profile.s3EndpointUrl, region: profile.s3Region };
  }

  /** The transfer engine's view of a profile's data store (locations and credentials of datasets). */
  datasetStorage(profileId: string): DatasetStorage {
    return datasetStorageOf(
      () => this.clientFor(profileId),
      () => this.s3Defaults(profileId),
    );
  }

  /** Forgets cached clients of profiles that changed or went, and tells listeners. */
  profilesChanged(previousCurrentId: string): void {
    const list = this.options.profiles.list().profiles;
    const currentId = this.options.profiles.current().id;
    for (const id of [...this.clients.keys()]) {
      if (!list.some((p) => p.id === id)) this.clients.delete(id);
    }
    if (previousCurrentId !== currentId) this.onDidChange.fire({ profileId: currentId, current: true });
  }

  /** The health of the current data store (reachability and latency of its data API). */
  async health(signal?: AbortSignal, options?: { once?: boolean }): Promise<DataStoreHealth> {
    const profile = this.options.profiles.current();
    const base = { profileId: profile.id, profileName: profile.name, checkedAt: Date.now() };
    try {
      const client = await this.clientFor(profile.id);
      // Timed after the client exists: starting the embedded store is not the data store's latency.
      const started = performance.now();
      const answer = await client.health(signal, options);
      return {
        ...base,
        reachable: true,
        message: answer.message,
        latencyMs: Math.round(performance.now() - started),
        checkedAt: Date.now(),
      };
    } catch (error) {
      const message = signal?.aborted
        ? 'The data store did not answer in time.'
        : error instanceof AppError
          ? error.message
          : `The data store could not be started: ${String(error)}`;
      return { ...base, reachable: false, message, latencyMs: null, checkedAt: Date.now() };
    }
  }

  /**
   * Stops the embedded local store but keeps its address, so the app finds it unreachable as it would a remote
   * data store that went away (until `restartLocalStore`). For tests of the offline behaviour.
   */
  async stopLocalStore(): Promise<void> {
    const local = await this.local?.catch(() => null);
    await local?.stop();
  }

  /** Stops the embedded local store if it runs and starts it afresh (new address and token) on next use. */
  async restartLocalStore(): Promise<void> {
    await this.stopLocalStore();
    this.local = null;
    this.clients.delete(localProfileIdOf(this.options.profiles));
    this.onDidChange.fire({
      profileId: localProfileIdOf(this.options.profiles),
      current: this.options.profiles.current().kind === 'local',
    });
    await this.startLocal();
  }

  /** Asks the data store who the caller is and records the linked person and roles. */
  async refreshIdentity(profileId: string, signal?: AbortSignal): Promise<void> {
    const client = await this.clientFor(profileId);
    const who = await client.whoAmI(signal);
    this.options.setIdentity(profileId, { username: who.username, personId: who.personId, roles: who.roles });
  }

  /** Tests the addresses of a profile (saved or being typed) without signing in. */
  async testConnection(profile: Profile): Promise<ConnectionTest> {
    if (profile.kind === 'local') {
      const started = performance.now();
      try {
        const client = await this.clientFor(profile.id);
        const answer = await client.health();
        return {
          ok: true,
          checks: [
            {
              name: 'local-store',
              ok: true,
              message: answer.message,
              latencyMs: Math.round(performance.now() - started),
            },
          ],
        };
      } catch (error) {
        return {
          ok: false,
          checks: [
            {
              name: 'local-store',
              ok: false,
              message: String(error instanceof Error ? error.message : error),
              latencyMs: null,
            },
          ],
        };
      }
    }
    const endpoints = endpointsOf(profile);
    const checks = await Promise.all([
      this.probe('data-api', `${endpoints.dataApiUrl}/`, (status) => status === 200),
      this.probe(
        'search-api',
        `${endpoints.searchApiUrl}/search/entity-registry?query=datadesk`,
        (status) => status === 200 || status === 401 || status === 403,
      ),
      this.probe(
        'job-api',
        `${endpoints.jobApiUrl}/jobs/user/fetch?session_id=datadesk-connection-test`,
        (status) => status !== 404 && status < 500,
      ),
      this.probe(
        'issuer',
        `${profile.issuerUrl ?? ''}/.well-known/openid-configuration`,
        (status) => status === 200,
      ),
    ]);
    return { ok: checks.every((check) => check.ok), checks };
  }

  async dispose(): Promise<void> {
    const local = this.local;
    this.local = null;
    this.clients.clear();
    if (local) await (await local.catch(() => null))?.stop();
  }

  private async probe(
    name: ConnectionCheck['name'],
    url: string,
    accept: (status: number) => boolean,
  ): Promise<ConnectionCheck> {
    const started = performance.now();
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        signal: AbortSignal.timeout(10_000),
        redirect: 'manual',
      });
      await response.arrayBuffer();
      const latencyMs = Math.round(performance.now() - started);
      return accept(response.status)
        ? { name, ok: true, message: 'Reachable.', latencyMs }
        : { name, ok: false, message: `Answered HTTP ${response.status}; check the address.`, latencyMs };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        name,
        ok: false,
        message: timedOut
          ? 'No answer within 10 seconds.'
          : 'Cannot be reached; check the address and your network.',
        latencyMs: null,
      };
    }
  }

  private makeClient(profileId: string, endpoints: DatastoreEndpoints, tokens: TokenSource): DatastoreClient {
    const isOffline = this.options.isOffline;
    return createDatastoreClient({
      endpoints,
      tokens,
      logger: this.logger,
      ...(isOffline ? { offline: () => isOffline(profileId) } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  private startLocal(): Promise<LocalStoreHandle> {
    if (!this.local) {
      this.local = this.options.startLocalStore().then((handle) => {
        this.logger.redact(handle.token);
        this.logger.info('local_store.started', { dataApiUrl: handle.dataApiUrl });
        return handle;
      });
      this.local.catch((error: unknown) => {
        this.logger.error('local_store.failed', { error });
        this.local = null;
      });
    }
    return this.local;
  }

  private async localClient(profileId: string): Promise<DatastoreClient> {
    const local = await this.startLocal();
    const client = this.makeClient(
      profileId,
      {
        dataApiUrl: local.dataApiUrl,
        searchApiUrl: local.searchApiUrl,
        jobApiUrl: local.jobApiUrl,
        authApiUrl: local.dataApiUrl,
        registryApiUrl: local.dataApiUrl,
      },
      { accessToken: () => Promise.resolve(local.token), afterUnauthorized: () => Promise.resolve(null) },
    );
    // The local store needs no sign-in; its user still shows in the status bar.
    void client
      .whoAmI()
      .then((who) =>
        this.options.setIdentity(profileId, {
          username: who.username,
          personId: who.personId,
          roles: who.roles,
        }),
      )
      .catch((error: unknown) => this.logger.info('local_store.identity_unknown', { error }));
    return client;
  }
}
