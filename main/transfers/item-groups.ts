/**
 * Small files travel to the worker in groups: one message each way per group rather than per file, which halves
 * the main thread's work per file when there are thousands of them. Each member still succeeds or fails alone.
 */
import { crcToBase64 } from './checksum.ts';
import { downloadObjectTask } from './download-item.ts';
import type { ItemOutcome } from './item-context.ts';
import type { Semaphore } from './semaphore.ts';
import type { OpenedStorage } from './storage-access.ts';
import { TransferError } from './transfer-errors.ts';
import type { ItemRecord, JobRecord } from './types.ts';
import { putFileTask } from './upload-item.ts';
import type { WorkerPool } from './worker-pool.ts';

/** What a group needs from its job's runner. */
export interface GroupHost {
  job: JobRecord;
  pool: WorkerPool;
  memory: Semaphore;
  signal: AbortSignal;
  /** Bytes in flight per item (a group counts under a key of its own). */
  inFlight: Map<number, number>;
  changed(): void;
  succeeded(item: ItemRecord, outcome: ItemOutcome): void;
  failed(item: ItemRecord, error: unknown): void;
  /** Transfers a member again on its own (its file or object changed). */
  again(item: ItemRecord): Promise<void>;
}

/** Files up to this size are sent or fetched in groups. */
const groupFileSize = 256 * 1024;

/** Splits a page of items into runs of small files (grouped, at most a quarter of the files in flight each, so
 * several groups run at once) and single large ones, in order. */
export function groupSmallItems(items: ItemRecord[], filesInFlight: number): ItemRecord[][] {
  const groupLength = Math.max(1, Math.min(8, Math.floor(filesInFlight / 4)));
  const groups: ItemRecord[][] = [];
  let current: ItemRecord[] = [];
  for (const item of items) {
    if (item.size > groupFileSize) {
      if (current.length > 0) groups.push(current);
      current = [];
      groups.push([item]);
      continue;
    }
    current.push(item);
    if (current.length === groupLength) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Transfers a group of small files in one worker task. A member whose file (or object) changed is done again
 * on its own, where the re-reading and retrying live; the others succeed or fail each on their own.
 */
export async function transferGroup(
  host: GroupHost,
  items: ItemRecord[],
  storage: OpenedStorage,
): Promise<void> {
  const context = { job: host.job, storage };
  const key = -items[0]!.id;
  host.inFlight.set(key, 0);
  const weight =
    host.job.kind === 'upload' ? items.reduce((sum, item) => sum + Math.max(1, item.size), 0) : 0;
  const onProgress = (bytes: number) => {
    host.inFlight.set(key, (host.inFlight.get(key) ?? 0) + bytes);
    host.changed();
  };
  const again: ItemRecord[] = [];
  try {
    if (weight > 0) await host.memory.acquire(weight, host.signal);
    try {
      const results =
        host.job.kind === 'upload'
          ? await host.pool.run(
              { kind: 'put-files', files: items.map((item) => putFileTask(item, context)) },
              { signal: host.signal, onProgress },
            )
          : await host.pool.run(
              { kind: 'download-objects', objects: items.map((item) => downloadObjectTask(item, context)) },
              { signal: host.signal, onProgress },
            );
      // The members' bytes are counted as each one completes below.
      host.inFlight.set(key, 0);
      results.forEach((result, index) => {
        const item = items[index]!;
        if (result.ok) {
          const value = result.value as { crc: number; skipped: boolean; finalPath?: string };
          host.succeeded(item, {
            state: value.skipped ? 'skipped' : 'done',
            checksum: value.skipped && host.job.kind === 'download' ? null : crcToBase64(value.crc),
            ...(value.finalPath ? { localPath: value.finalPath } : {}),
          });
        } else if (result.failure.kind === 'file-changed' || result.failure.kind === 'object-changed')
          again.push(item);
        else host.failed(item, new TransferError(result.failure));
      });
    } finally {
      if (weight > 0) host.memory.release(weight);
    }
  } catch (error) {
    for (const item of items) host.failed(item, error);
  } finally {
    host.inFlight.delete(key);
    host.changed();
  }
  for (const item of again) await host.again(item);
}
