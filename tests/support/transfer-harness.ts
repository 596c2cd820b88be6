/** Shared set-up for transfer tests: a temp folder, a MinIO-backed storage, an engine, and file helpers. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createLogger, silentLogger, type Logger } from '../../main/core/index.ts';
import {
  TransferEngine,
  type ConflictPolicy,
  type JobSnapshot,
  type TransferEngineOptions,
} from '../../main/transfers/index.ts';
import type { MinioEndpoint } from './minio.ts';
import { tempDir } from './temp-dir.ts';
import { MinioDatasetStorage, type MinioStorageOptions } from './transfer-minio-storage.ts';

/** A logger for tests: silent unless DATADESK_TEST_LOGS is set. */
export function testLogger(): Logger {
  return process.env.DATADESK_TEST_LOGS ? createLogger({ level: 'debug' }) : silentLogger;
}

/** Everything one transfer test file needs. */
export interface TransferHarness {
  dir: string;
  storage: MinioDatasetStorage;
  engine: TransferEngine;
  /** Builds another engine over the same database (a restart). */
  restart(options?: Partial<TransferEngineOptions>): Promise<TransferEngine>;
  close(): Promise<void>;
}

export async function createTransferHarness(
  minio: MinioEndpoint,
  options: { storage?: MinioStorageOptions; engine?: Partial<TransferEngineOptions> } = {},
): Promise<TransferHarness> {
  const temp = await tempDir('datadesk-transfers-');
  const storage = await new MinioDatasetStorage(minio, options.storage).init();
  const build = async (extra: Partial<TransferEngineOptions> = {}) => {
    const engine = new TransferEngine({
      databasePath: join(temp.path, 'state', 'transfers.db'),
      stagingDir: join(temp.path, 'state', 'staging'),
      resolveStorage: () => storage,
      logger: testLogger(),
      host: 'test',
      ...options.engine,
      ...extra,
    });
    await engine.start();
    return engine;
  };
  const harness: TransferHarness = {
    dir: temp.path,
    storage,
    engine: await build(),
    async restart(extra) {
      await harness.engine.dispose();
      harness.engine = await build(extra);
      return harness.engine;
    },
    async close() {
      await harness.engine.dispose();
      storage.destroy();
      await temp.remove();
    },
  };
  return harness;
}

/** Writes a file with `size` pseudo-random bytes (or given content), creating folders. */
export async function writeTestFile(path: string, content: number | Buffer | string): Promise<Buffer> {
  const bytes = typeof content === 'number' ? randomBytes(content) : Buffer.from(content);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return bytes;
}

/** Every file under a folder as relative path → sha256 (for byte-identical comparisons). */
export async function treeDigest(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const visit = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile())
        result.set(relative(root, path).split('\\').join('/'), sha256(await readFile(path)));
    }
  };
  if ((await stat(root).catch(() => null))?.isDirectory()) await visit(root);
  return result;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every object under a prefix as key (without the prefix) → sha256. */
export async function remoteDigest(
  storage: MinioDatasetStorage,
  prefix: string,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await storage.root.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const body = await storage.root.send(
        new GetObjectCommand({ Bucket: storage.bucket, Key: object.Key! }),
      );
      result.set(
        object.Key!.slice(prefix.length),
        sha256(Buffer.from(await body.Body!.transformToByteArray())),
      );
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return result;
}

/** Waits for a job to stop and returns its final state. */
export function finished(engine: TransferEngine, job: JobSnapshot): Promise<JobSnapshot> {
  return engine.waitFor(job.id);
}

/** What a test uploads: a file or folder (its contents only with `contentsOnly`) to a dataset. */
export interface TestUpload {
  datasetId: string;
  path: string;
  contentsOnly?: boolean;
  remotePath?: string;
  conflict?: ConflictPolicy;
}

/** Starts an upload and answers its job at once (for tests that act while it runs). */
export function startTestUpload(harness: TransferHarness, request: TestUpload): JobSnapshot {
  return harness.engine.startUpload({
    profileId: 'local',
    datasetId: request.datasetId,
    sources: [{ path: request.path, contentsOnly: request.contentsOnly ?? false }],
    remotePath: request.remotePath ?? '',
    conflict: request.conflict ?? 'overwrite',
  });
}

/** Uploads and waits for the job to stop. */
export function uploadAndWait(harness: TransferHarness, request: TestUpload): Promise<JobSnapshot> {
  return finished(harness.engine, startTestUpload(harness, request));
}

/** Downloads a dataset path into `destination` and waits for the job to stop. */
export function downloadAndWait(
  harness: TransferHarness,
  request: { datasetId: string; remotePath?: string; destination: string; conflict?: ConflictPolicy },
): Promise<JobSnapshot> {
  const job = harness.engine.startDownload({
    profileId: 'local',
    datasetId: request.datasetId,
    remotePath: request.remotePath ?? '',
    destination: request.destination,
    conflict: request.conflict ?? 'overwrite',
  });
  return finished(harness.engine, job);
}
