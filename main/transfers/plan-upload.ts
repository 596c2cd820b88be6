/**
 * Plans an upload while it walks: each batch of files found becomes items in the job database at once, so the
 * transfer starts before the walk ends and memory stays flat however many files there are.
 */
import { join } from 'node:path';
import type { JobStore, NewItem } from './job-store.ts';
import { keepBothName, objectKey } from './paths.ts';
import { listObjects } from './remote-listing.ts';
import type { OpenedStorage } from './storage-access.ts';
import type { JobRecord } from './types.ts';
import { walkSource } from './walk.ts';

/** What planning needs and reports to. */
export interface PlanContext {
  job: JobRecord;
  store: JobStore;
  storage: OpenedStorage;
  signal: AbortSignal;
  /** Called after every batch of items is stored. */
  onPlanned(added: { files: number; bytes: number }): void;
}

/** Keys a job is about to write, so "keep both" never picks a name twice. */
const reservedSize = -1;

/** The dataset folder an upload writes into, as a key prefix ending in `/` (or the dataset root). */
export function uploadBase(prefix: string, remotePath: string): string {
  return remotePath === '' ? prefix : objectKey(prefix, remotePath) + '/';
}

/** Lists what is already at the destination (for skip-identical and keep-both) into the job database. */
async function recordExisting(context: PlanContext, base: string): Promise<void> {
  for await (const page of listObjects(context.storage, base, context.signal)) {
    context.store.addRemoteObjects(
      context.job.id,
      page.map((object) => ({ key: object.key, size: object.size })),
    );
  }
}

function keyFor(
  context: PlanContext,
  base: string,
  relativePath: string,
): { key: string; remoteSize: number | null } {
  const { job, store } = context;
  const key = objectKey(base, relativePath);
  if (job.conflict === 'overwrite') return { key, remoteSize: null };
  const existing = store.remoteObject(job.id, key);
  if (job.conflict === 'skip-identical' || !existing) {
    return { key, remoteSize: existing && existing.size !== reservedSize ? existing.size : null };
  }
  for (let n = 2; ; n++) {
    const candidate = objectKey(base, keepBothName(relativePath, n));
    if (!store.remoteObject(job.id, candidate)) {
      store.addRemoteObjects(job.id, [{ key: candidate, size: reservedSize }]);
      return { key: candidate, remoteSize: null };
    }
  }
}

/** Walks every source and stores its files as items; idempotent, so it simply runs again after a crash. */
export async function planUpload(context: PlanContext): Promise<void> {
  const { job, store } = context;
  const base = uploadBase(context.storage.location.prefix, job.remotePath);
  if (job.conflict !== 'overwrite') await recordExisting(context, base);
  try {
    for (const source of job.sources) {
      for await (const entries of walkSource(source.path, source.contentsOnly, context.signal)) {
        const items: NewItem[] = entries.map((entry) => {
          if (entry.kind === 'skipped') {
            return {
              relativePath: entry.relativePath,
              localPath: entry.path,
              key: objectKey(base, entry.relativePath),
              size: 0,
              mtimeMs: null,
              state: 'skipped',
              error: `Not uploaded: ${entry.reason}.`,
              errorCode: 'not-a-file',
            };
          }
          const { key, remoteSize } = keyFor(context, base, entry.relativePath);
          return {
            relativePath: entry.relativePath,
            localPath: entry.path,
            key,
            size: entry.size,
            mtimeMs: entry.mtimeMs,
            remoteSize,
          };
        });
        context.onPlanned(store.insertItems(job.id, items));
      }
    }
  } finally {
    store.clearRemoteObjects(job.id);
  }
}

/** A file a browser is about to send. */
export interface BrowserFile {
  relativePath: string;
  size: number;
}

/** Lists what is at a browser upload's destination before its files are planned (for the conflict policy). */
export async function prepareBrowserUpload(context: PlanContext): Promise<void> {
  if (context.job.conflict !== 'overwrite')
    await recordExisting(context, uploadBase(context.storage.location.prefix, context.job.remotePath));
}

/**
 * Plans one batch of a browser upload's files (the renderer sends the list in batches): each file becomes an
 * item waiting for its bytes under the staging folder. The listing from `prepareBrowserUpload` stays in the job
 * database until the list is complete, so "keep both" never picks a name twice across batches.
 */
export function planBrowserFiles(context: PlanContext, stagingDir: string, files: BrowserFile[]): void {
  const { job, store } = context;
  const base = uploadBase(context.storage.location.prefix, job.remotePath);
  for (let start = 0; start < files.length; start += 500) {
    const items: NewItem[] = files.slice(start, start + 500).map((file) => {
      const { key, remoteSize } = keyFor(context, base, file.relativePath);
      const localPath = join(stagingDir, ...file.relativePath.split('/'));
      return {
        relativePath: file.relativePath,
        localPath,
        key,
        size: file.size,
        mtimeMs: null,
        state: 'waiting',
        remoteSize,
      };
    });
    context.onPlanned(store.insertItems(job.id, items));
  }
}
