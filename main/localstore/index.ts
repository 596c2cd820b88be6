/**
 * The embedded local store: the reference server in local mode plus the embedded S3 endpoint, both on
 * 127.0.0.1 free ports, with the database and objects under `<dataDir>/localstore/`. A new random token and S3
 * key pair at every start; the client reaches it exactly like any Provena (HTTP API + S3).
 */
import { join } from 'node:path';
import { silentLogger, type Logger } from '../core/index.ts';
import { startServer } from '../../server/index.ts';
import { startS3Endpoint } from '../../server/s3/index.ts';

/** A running local store. */
export interface LocalStore {
  /** Data store, search and job APIs share one origin. */
  dataApiUrl: string;
  searchApiUrl: string;
  jobApiUrl: string;
  /** The bearer token for this run (a secret: keep it in memory, never log it). */
  token: string;
  username: string;
  s3: { endpoint: string; region: string; bucket: string };
  stop(): Promise<void>;
}

/** Where and how to start it. */
export interface LocalStoreOptions {
  /** The app's data folder; the store lives in `<dataDir>/localstore/`. */
  dataDir: string;
  logger?: Logger;
  /** How long its registration jobs take (default: done at once); tests slow them to see the progress. */
  jobs?: { appearAfterMs: number; pendingMs: number; inProgressMs: number };
}

const bucket = 'datadesk-local';

/** Starts the local store; stop() ends both servers. */
export async function startLocalStore(options: LocalStoreOptions): Promise<LocalStore> {
  const logger = (options.logger ?? silentLogger).child({ component: 'localstore' });
  const folder = join(options.dataDir, 'localstore');
  const started = performance.now();
  const storage = await startS3Endpoint({ dataDir: join(folder, 'objects'), buckets: [bucket], logger });
  let server;
  try {
    server = await startServer(
      {
        databasePath: join(folder, 'datastore.sqlite'),
        s3: {
          endpoint: storage.endpoint,
          region: storage.region,
          bucket,
          accessKeyId: storage.accessKeyId,
          secretAccessKey: storage.secretAccessKey,
          createBucket: true,
        },
        auth: { mode: 'local' },
        // One person on one machine: jobs finish at once, and every dataset is theirs anyway.
        jobs: options.jobs ?? { appearAfterMs: 0, pendingMs: 0, inProgressMs: 0 },
      },
      { logger, issueCredentials: (request) => storage.issueCredentials(request) },
    );
  } catch (error) {
    await storage.close();
    throw error;
  }
  const local = server.local!;
  logger.redact(local.token);
  logger.info('localstore.started', {
    url: server.url,
    s3: storage.endpoint,
    ms: Math.round(performance.now() - started),
  });
  let stopping: Promise<void> | null = null;
  return {
    dataApiUrl: server.url,
    searchApiUrl: server.url,
    jobApiUrl: server.url,
    token: local.token,
    username: local.username,
    s3: { endpoint: storage.endpoint, region: storage.region, bucket },
    stop() {
      stopping ??= (async () => {
        try {
          await server.close();
        } finally {
          await storage.close();
        }
        logger.info('localstore.stopped', {});
      })();
      return stopping;
    },
  };
}
