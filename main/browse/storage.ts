/**
 * Read access to a dataset's storage for browsing: where its files are (fetch-dataset's `item.s3`), read
 * credentials from the data store (cached until shortly before they expire) and an S3 client with them.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { AppError, type Logger } from '../core/index.ts';

/** A dataset's storage opened for reading. */
export interface ReadableStorage {
  bucket: string;
  /** The dataset's key prefix, ending in '/'. */
  prefix: string;
  client: S3Client;
}

/** What browsing needs from the data store in use. */
export interface BrowseDataStore {
  /** An id that changes when the data store in use changes (its profile id). */
  profileId(): string;
  fetchLocation(datasetId: string, signal: AbortSignal): Promise<{ bucket: string; prefix: string }>;
  readCredentials(
    datasetId: string,
    signal: AbortSignal,
  ): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string | null; expiry: Date }>;
  /** Where S3 is when the data store does not say (Provena does not). */
  s3Endpoint(): Promise<{ endpointUrl: string | null; region: string | null }>;
}

interface Opened {
  storage: ReadableStorage;
  refreshAt: number;
}

const marginMs = 5 * 60_000;

/** Opens datasets' storage for reading, reusing clients while their credentials are fresh. */
export class BrowseStorage {
  private readonly dataStore: BrowseDataStore;
  private readonly logger: Logger;
  private readonly opened = new Map<string, Opened>();

  constructor(dataStore: BrowseDataStore, logger: Logger) {
    this.dataStore = dataStore;
    this.logger = logger;
  }

  /** The dataset's storage with valid read credentials. */
  async open(datasetId: string, signal: AbortSignal): Promise<ReadableStorage> {
    const key = `${this.dataStore.profileId()}\n${datasetId}`;
    const cached = this.opened.get(key);
    if (cached && Date.now() < cached.refreshAt) return cached.storage;
    cached?.storage.client.destroy();
    this.opened.delete(key);
    const [location, credentials, endpoint] = await Promise.all([
      this.dataStore.fetchLocation(datasetId, signal),
      this.dataStore.readCredentials(datasetId, signal),
      this.dataStore.s3Endpoint(),
    ]);
    this.logger.redact(credentials.secretAccessKey);
    if (credentials.sessionToken) this.logger.redact(credentials.sessionToken);
    if (!location.prefix.endsWith('/')) {
      throw new AppError(
        'server',
        'The data store gave a storage location Datadesk does not understand.',
        location,
      );
    }
    const client = new S3Client({
      region: endpoint.region ?? 'us-east-1',
      ...(endpoint.endpointUrl ? { endpoint: endpoint.endpointUrl, forcePathStyle: true } : {}),
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
        expiration: credentials.expiry,
      },
      maxAttempts: 3,
    });
    const lifetime = credentials.expiry.getTime() - Date.now();
    const refreshAt = Date.now() + Math.max(10_000, Math.min(lifetime - marginMs, lifetime / 2));
    const storage = { bucket: location.bucket, prefix: location.prefix, client };
    this.opened.set(key, { storage, refreshAt });
    return storage;
  }

  /** Forgets a dataset's client (after S3 refused its credentials). */
  forget(datasetId: string): void {
    const key = `${this.dataStore.profileId()}\n${datasetId}`;
    this.opened.get(key)?.storage.client.destroy();
    this.opened.delete(key);
  }

  /** The profiles with storage open now. */
  profileIds(): string[] {
    return [...new Set([...this.opened.keys()].map((key) => key.slice(0, key.indexOf('\n'))))];
  }

  /** Forgets every client of a profile (its data store moved, restarted or was removed). */
  forgetProfile(profileId: string): void {
    for (const [key, { storage }] of [...this.opened]) {
      if (!key.startsWith(`${profileId}\n`)) continue;
      storage.client.destroy();
      this.opened.delete(key);
    }
  }

  dispose(): void {
    for (const { storage } of this.opened.values()) storage.client.destroy();
    this.opened.clear();
  }
}
