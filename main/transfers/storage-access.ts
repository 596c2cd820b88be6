/**
 * Main's view of a dataset's storage during a job: its location, credentials cached per dataset and direction
 * (shared with the workers), the workers' lean data client for listings and HEAD, and the SDK's client for
 * multipart bookkeeping, created on its first use.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../core/index.ts';
import { CredentialCache } from './credential-cache.ts';
import type { DatasetLocation, DatasetStorage, StorageCredentials } from './dataset-storage.ts';
import { parseListPage, type ListPage } from './list-page.ts';
import { createS3Client, loadS3Sdk, type S3Sdk } from './s3-client.ts';
import { headRequest, remoteObjectOf, S3Data, type RemoteObject } from './s3-data.ts';
import type { SocketPool } from './socket-pool.ts';
import { withRetries } from './worker-support.ts';
import type { TaskTarget } from './worker-protocol.ts';

/** Read or write access. */
export type Access = 'read' | 'write';

/** A dataset's storage opened for one direction. */
export interface OpenedStorage {
  location: DatasetLocation;
  target: TaskTarget;
  /** Runs a control request with the SDK's client, with retries and a credential refresh on ExpiredToken. */
  control<T>(request: (client: S3Client, s3: S3Sdk) => Promise<T>, signal: AbortSignal): Promise<T>;
  /** One page (up to 1,000 keys) of a ListObjectsV2 listing, with the same retries and refresh. */
  listPage(prefix: string, continuationToken: string | undefined, signal: AbortSignal): Promise<ListPage>;
  /** An object's size, ETag and stored CRC32C (HEAD); a missing object rejects with status 404. */
  head(key: string, signal: AbortSignal): Promise<RemoteObject>;
}

/** A scope's clients; `lastKey` is the access key they last signed with (to name it when it expired). */
interface Clients {
  /** The SDK's client, made on the first control request. */
  client: Promise<S3Client> | null;
  credentials: () => Promise<StorageCredentials>;
  lastKey: string | null;
}

interface Scope {
  profileId: string;
  datasetId: string;
  access: Access;
}

/** Finds the data store of a profile. */
export type StorageResolver = (profileId: string) => DatasetStorage | Promise<DatasetStorage>;

/** Credentials and clients for every dataset the engine touches. */
export class StorageAccess {
  private readonly caches = new Map<string, CredentialCache>();
  private readonly clients = new Map<string, Clients>();
  private readonly data: S3Data;
  private readonly resolveStorage: StorageResolver;
  private readonly sockets: SocketPool;
  private readonly logger: Logger;

  constructor(resolveStorage: StorageResolver, sockets: SocketPool, logger: Logger) {
    this.resolveStorage = resolveStorage;
    this.sockets = sockets;
    this.logger = logger;
    this.data = new S3Data(sockets, 4);
  }

  /** The key of a credential scope (it crosses to workers as a string). */
  static scopeKey(profileId: string, datasetId: string, access: Access): string {
    return JSON.stringify([profileId, datasetId, access]);
  }

  private cacheFor(scopeKey: string): CredentialCache {
    let cache = this.caches.get(scopeKey);
    if (!cache) {
      const [profileId, datasetId, access] = JSON.parse(scopeKey) as [string, string, Access];
      const scope: Scope = { profileId, datasetId, access };
      cache = new CredentialCache(async (signal) => {
        const storage = await this.resolveStorage(scope.profileId);
        const credentials = await storage.credentials(scope.datasetId, scope.access, signal);
        this.logger.redact(credentials.secretAccessKey);
        this.logger.redact(credentials.sessionToken);
        this.logger.debug('transfers.credentials_fetched', {
          datasetId: scope.datasetId,
          access: scope.access,
          expiresAt: credentials.expiration.toISOString(),
        });
        return credentials;
      });
      this.caches.set(scopeKey, cache);
    }
    return cache;
  }

  /** Credentials for a scope; a worker that saw ExpiredToken names the key that failed. */
  credentials(
    scopeKey: string,
    staleAccessKeyId: string | null = null,
    signal?: AbortSignal,
  ): Promise<StorageCredentials> {
    const cache = this.cacheFor(scopeKey);
    if (staleAccessKeyId) cache.invalidate(staleAccessKeyId);
    return cache.get(signal);
  }

  /** Locates a dataset and gets its first credentials (which also tells whether access is allowed at all). */
  async open(
    profileId: string,
    datasetId: string,
    access: Access,
    signal: AbortSignal,
  ): Promise<OpenedStorage> {
    const storage = await this.resolveStorage(profileId);
    const location = await storage.locate(datasetId, signal);
    const scope = StorageAccess.scopeKey(profileId, datasetId, access);
    const first = await this.credentials(scope, null, signal);
    const target: TaskTarget = {
      scope,
      endpoint: first.endpoint,
      region: first.region,
      bucket: location.bucket,
    };
    const entry = this.clientFor(target);
    const retrying = <T>(requestSignal: AbortSignal, request: () => Promise<T>) =>
      withRetries(
        {
          signal: requestSignal,
          refreshCredentials: async () => {
            await this.credentials(scope, entry.lastKey, requestSignal);
          },
        },
        request,
      );
    return {
      location,
      target,
      control: (request, requestSignal) =>
        retrying(requestSignal, async () => request(await this.sdkClient(target, entry), await loadS3Sdk())),
      listPage: (prefix, continuationToken, requestSignal) =>
        retrying(requestSignal, async () => {
          const chunks: Buffer[] = [];
          await this.data.send(target, entry.credentials, {
            method: 'GET',
            key: '',
            query: {
              'list-type': '2',
              prefix,
              ...(continuationToken ? { 'continuation-token': continuationToken } : {}),
            },
            // A slice is only valid during the call.
            onBody: (slice) => void chunks.push(Buffer.from(slice)),
            signal: requestSignal,
          });
          return parseListPage(Buffer.concat(chunks).toString('utf8'));
        }),
      head: (key, requestSignal) =>
        retrying(requestSignal, async () =>
          remoteObjectOf(
            await this.data.send(target, entry.credentials, { ...headRequest(key), signal: requestSignal }),
          ),
        ),
    };
  }

  private sdkClient(target: TaskTarget, entry: Clients): Promise<S3Client> {
    entry.client ??= createS3Client(
      { endpoint: target.endpoint, region: target.region },
      entry.credentials,
      this.sockets,
    );
    return entry.client;
  }

  private clientFor(target: TaskTarget): Clients {
    const id = `${target.scope}\n${target.endpoint ?? ''}\n${target.region}`;
    let entry = this.clients.get(id);
    if (!entry) {
      const holder: Clients = {
        client: null,
        credentials: async () => {
          const credentials = await this.credentials(target.scope);
          holder.lastKey = credentials.accessKeyId;
          return credentials;
        },
        lastKey: null,
      };
      this.clients.set(id, (entry = holder));
    }
    return entry;
  }

  /** Forgets cached credentials of a dataset (e.g. after its release status changed). */
  forget(profileId: string, datasetId: string): void {
    for (const access of ['read', 'write'] as const)
      this.caches.delete(StorageAccess.scopeKey(profileId, datasetId, access));
  }

  dispose(): void {
    for (const { client } of this.clients.values())
      void client?.then(
        (made) => made.destroy(),
        () => undefined,
      );
    this.clients.clear();
    this.data.close();
  }
}
