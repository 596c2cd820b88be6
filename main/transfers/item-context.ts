/** What an item's transfer can use: the job, its storage, the workers, the shared limits and progress. */
import type { Logger } from '../core/index.ts';
import type { JobStore } from './job-store.ts';
import type { Semaphore } from './semaphore.ts';
import type { TransferSettings } from './settings.ts';
import type { OpenedStorage } from './storage-access.ts';
import type { JobRecord } from './types.ts';
import type { WorkerPool } from './worker-pool.ts';

/** Everything one item's transfer needs. */
export interface ItemContext {
  job: JobRecord;
  store: JobStore;
  storage: OpenedStorage;
  pool: WorkerPool;
  settings: TransferSettings;
  signal: AbortSignal;
  /** Parts of large files in flight, across all jobs. */
  partSlots: Semaphore;
  /** Bytes held in memory by uploads in flight (whole small files, parts), across all jobs. */
  memory: Semaphore;
  /** Bytes moved for this item (negative to take some back). */
  progress(bytes: number): void;
  /** The file's size changed (re-planned after it changed on disk). */
  resized(from: number, to: number): void;
  logger: Logger;
}

/** How an item ended. */
export interface ItemOutcome {
  state: 'done' | 'skipped';
  checksum: string | null;
  /** Download: where the file was written (it may differ under "keep both"). */
  localPath?: string;
}
