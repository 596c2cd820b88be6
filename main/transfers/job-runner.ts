/**
 * Runs one job: opens the dataset's storage, plans (walk or listing) while already transferring what is
 * planned, pages through pending items from the database, and records every outcome. One failed item never
 * stops the others; a refusal from the data store (dataset released, access removed) stops the job with that
 * reason. Pause, cancel and shutdown abort the requests in flight and leave unfinished items pending.
 */
import { rm } from 'node:fs/promises';
import { AppError, type Logger } from '../core/index.ts';
import { downloadItem } from './download-item.ts';
import { groupSmallItems, transferGroup } from './item-groups.ts';
import type { ItemContext, ItemOutcome } from './item-context.ts';
import type { ItemChange, JobStore } from './job-store.ts';
import { planDownload } from './plan-download.ts';
import { planUpload } from './plan-upload.ts';
import { countersFrom, liveSnapshot } from './job-counters.ts';
import { RateMeter } from './progress.ts';
import type { Semaphore } from './semaphore.ts';
import type { TransferSettings } from './settings.ts';
import type { OpenedStorage, StorageAccess } from './storage-access.ts';
import { classifyFailure } from './transfer-errors.ts';
import type { ItemRecord, JobRecord, JobState } from './types.ts';
import { uploadItem } from './upload-item.ts';
import type { WorkerPool } from './worker-pool.ts';
import type { JobSnapshot } from './snapshot.ts';
import { cleanUpCancelledJob } from './job-cleanup.ts';

/** What every runner shares with the engine. */
export interface RunnerShared {
  store: JobStore;
  pool: WorkerPool;
  access: StorageAccess;
  settings(): TransferSettings;
  fileSlots: Semaphore;
  partSlots: Semaphore;
  memory: Semaphore;
  logger: Logger;
  /** The job's state or progress changed. */
  changed(runner: JobRunner): void;
}

/** Why a runner stops before its job is finished. */
export type StopReason = 'pause' | 'cancel' | 'shutdown';

const pageSize = 256;
export class JobRunner {
  job: JobRecord;
  private readonly shared: RunnerShared;
  private readonly controller = new AbortController();
  private stopReason: StopReason | null = null;
  private jobFailure: { message: string; code: string } | null = null;
  private readonly inFlight = new Map<number, number>();
  private readonly meter = new RateMeter();
  private planning = false;
  private pendingChanges: ItemChange[] = [];
  private wakePending = false;
  private wakeResolve: (() => void) | null = null;
  private rewindTo: number | null = null;
  /** A browser upload's planning ends when the renderer says its list of files is complete. */
  private listComplete: (() => void) | null = null;
  readonly finished: Promise<void>;

  constructor(job: JobRecord, shared: RunnerShared) {
    this.job = job;
    this.shared = shared;
    this.finished = this.run().catch((error: unknown) => {
      shared.logger.error('transfers.runner_crashed', { jobId: job.id, error });
    });
  }

  /** Stops the job: pause and cancel are the user's; shutdown leaves it to resume at the next start. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller.abort();
    this.wake();
  }

  /** A batch of a browser upload's files was listed; `complete` when it was the last. */
  listed(complete: boolean): void {
    this.recount();
    if (complete) {
      // The last batch may land before planning began waiting for it.
      this.job.planned = true;
      const resolve = this.listComplete;
      this.listComplete = null;
      resolve?.();
    }
    this.shared.changed(this);
    this.wake();
  }

  /** New pending items appeared (a retry, a browser upload arriving); `fromId` makes the scheduler look back. */
  itemsReady(fromId?: number): void {
    if (fromId !== undefined) this.rewindTo = Math.min(this.rewindTo ?? Infinity, fromId - 1);
    this.wake();
  }

  private wake(): void {
    if (this.wakeResolve) {
      const resolve = this.wakeResolve;
      this.wakeResolve = null;
      resolve();
    } else this.wakePending = true;
  }

  private sleep(): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.wakeResolve = resolve));
  }

  private setState(state: JobState, extra: Partial<JobRecord> = {}): void {
    this.job = { ...this.job, ...extra, state };
    this.shared.store.updateJob(this.job.id, { state, ...extra });
    this.shared.changed(this);
  }

  private async run(): Promise<void> {
    this.recount();
    this.setState('running', { error: null, errorCode: null, finishedAt: null });
    const signal = this.controller.signal;
    let storage: OpenedStorage | null = null;
    try {
      const access = this.job.kind === 'upload' ? 'write' : 'read';
      storage = await this.shared.access.open(this.job.profileId, this.job.datasetId, access, signal);
      if (access === 'write' && storage.location.releaseStatus !== 'NOT_RELEASED') {
        throw new AppError('forbidden', releasedMessage(storage.location.releaseStatus));
      }
      this.job = { ...this.job, bucket: storage.location.bucket, prefix: storage.location.prefix };
      this.shared.store.updateJob(this.job.id, {
        bucket: storage.location.bucket,
        prefix: storage.location.prefix,
      });
      await this.schedule(storage);
    } catch (error) {
      if (!this.stopReason) this.failJob(error);
    }
    this.flushChanges();
    await this.finish(storage);
  }

  private failJob(error: unknown): void {
    const failure = classifyFailure(error);
    const appCode = error instanceof AppError ? error.code : null;
    const message = error instanceof AppError ? error.message : failure.message;
    this.jobFailure ??= { message, code: appCode ?? failure.code ?? failure.kind };
    this.shared.logger.warn('transfers.job_failed', { jobId: this.job.id, reason: message });
    this.controller.abort();
    this.wake();
  }

  private plan(storage: OpenedStorage): Promise<void> {
    if (this.job.planned) return Promise.resolve();
    this.planning = true;
    if (this.job.fromBrowser) return this.browserListComplete().then(() => this.planned());
    const context = {
      job: this.job,
      store: this.shared.store,
      storage,
      signal: this.controller.signal,
      onPlanned: (added: { files: number; bytes: number }) => {
        this.job.totalFiles += added.files;
        this.job.totalBytes += added.bytes;
        this.shared.store.updateJob(this.job.id, {
          totalFiles: this.job.totalFiles,
          totalBytes: this.job.totalBytes,
        });
        this.shared.changed(this);
        this.wake();
      },
    };
    return (this.job.kind === 'upload' ? planUpload(context) : planDownload(context)).then(() =>
      this.planned(),
    );
  }

  private planned(): void {
    this.planning = false;
    this.job.planned = true;
    this.recount();
    this.shared.store.updateJob(this.job.id, {
      planned: true,
      totalFiles: this.job.totalFiles,
      totalBytes: this.job.totalBytes,
    });
    this.shared.changed(this);
  }

  /** Resolves when the renderer has listed every file of a browser upload; rejects when the job stops first. */
  private browserListComplete(): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      this.listComplete = resolve;
    });
  }

  private async schedule(storage: OpenedStorage): Promise<void> {
    const { store } = this.shared;
    let planError: unknown = null;
    let planDone = false;
    const planned = this.plan(storage).then(
      () => undefined,
      (error: unknown) => {
        planError = error;
      },
    );
    void planned.finally(() => {
      planDone = true;
      this.wake();
    });
    const active = new Set<Promise<void>>();
    const activeIds = new Set<number>();
    let cursor = 0;
    while (!this.controller.signal.aborted) {
      if (planError !== null) throw planError;
      this.flushChanges();
      if (this.rewindTo !== null) {
        cursor = Math.min(cursor, this.rewindTo);
        this.rewindTo = null;
      }
      const batch = store.itemsInState(this.job.id, 'pending', cursor, pageSize);
      if (batch.length === 0) {
        const waiting = this.job.fromBrowser && store.countItems(this.job.id, 'waiting') > 0;
        if (planDone && active.size === 0 && !waiting) break;
        await this.sleep();
        continue;
      }
      const schedulable = batch.filter((item) => !activeIds.has(item.id));
      if (schedulable.length === 0) {
        // Every item of this page is already on its way (a retry rewound the cursor): move past them rather
        // than asking for the same page again, which would spin without ever yielding.
        cursor = Math.max(cursor, batch[batch.length - 1]!.id);
        continue;
      }
      // Small files travel to the worker in groups (one message each way per group, not per file).
      for (const items of groupSmallItems(schedulable, this.shared.settings().filesInFlight)) {
        cursor = Math.max(cursor, items[items.length - 1]!.id);
        try {
          await this.shared.fileSlots.acquire(items.length, this.controller.signal);
        } catch {
          break;
        }
        for (const item of items) activeIds.add(item.id);
        const work =
          items.length === 1 ? this.process(items[0]!, storage) : this.processGroup(items, storage);
        const task: Promise<void> = work.finally(() => {
          this.shared.fileSlots.release(items.length);
          active.delete(task);
          for (const item of items) activeIds.delete(item.id);
          this.wake();
        });
        active.add(task);
      }
    }
    await Promise.allSettled(active);
    await planned;
    if (planError !== null && !this.stopReason) throw planError;
  }

  private async process(item: ItemRecord, storage: OpenedStorage): Promise<void> {
    this.inFlight.set(item.id, 0);
    const context: ItemContext = {
      job: this.job,
      store: this.shared.store,
      storage,
      pool: this.shared.pool,
      settings: this.shared.settings(),
      signal: this.controller.signal,
      partSlots: this.shared.partSlots,
      memory: this.shared.memory,
      progress: (bytes) => {
        this.inFlight.set(item.id, (this.inFlight.get(item.id) ?? 0) + bytes);
        this.meter.add(bytes);
        this.shared.changed(this);
      },
      resized: (from, to) => {
        this.job.totalBytes += to - from;
        item = { ...item, size: to };
      },
      logger: this.shared.logger,
    };
    try {
      const outcome =
        this.job.kind === 'upload' ? await uploadItem(item, context) : await downloadItem(item, context);
      this.succeeded(item, outcome);
    } catch (error) {
      this.failed(item, error);
    } finally {
      this.inFlight.delete(item.id);
      this.shared.changed(this);
    }
  }

  /** Transfers a group of small files in one worker task (see item-groups.ts). */
  private processGroup(items: ItemRecord[], storage: OpenedStorage): Promise<void> {
    return transferGroup(
      {
        job: this.job,
        pool: this.shared.pool,
        memory: this.shared.memory,
        signal: this.controller.signal,
        inFlight: this.inFlight,
        changed: () => this.shared.changed(this),
        succeeded: (item, outcome) => this.succeeded(item, outcome),
        failed: (item, error) => this.failed(item, error),
        again: (item) => this.process(item, storage),
      },
      items,
      storage,
    );
  }

  private succeeded(item: ItemRecord, outcome: ItemOutcome): void {
    const moved = this.inFlight.get(item.id) ?? 0;
    if (moved < item.size) this.meter.add(item.size - moved, 1);
    else this.meter.add(0, 1);
    if (outcome.state === 'done') this.job.doneFiles += 1;
    else this.job.skippedFiles += 1;
    this.job.doneBytes += item.size;
    this.queueChange({
      id: item.id,
      state: outcome.state,
      checksum: outcome.checksum,
      error: null,
      errorCode: null,
      ...(outcome.localPath && outcome.localPath !== item.localPath ? { localPath: outcome.localPath } : {}),
    });
    if (this.job.fromBrowser) void rm(item.localPath, { force: true });
  }

  private failed(item: ItemRecord, error: unknown): void {
    this.meter.add(-(this.inFlight.get(item.id) ?? 0));
    const failure = classifyFailure(error);
    if (failure.kind === 'cancelled' && this.controller.signal.aborted) return;
    if (failure.kind === 'refused') {
      this.failJob(new AppError('forbidden', refusalMessage(failure.message)));
      return;
    }
    this.job.failedFiles += 1;
    this.queueChange({
      id: item.id,
      state: 'failed',
      error: failure.message,
      errorCode: failure.code ?? failure.kind,
      attempts: item.attempts + 1,
    });
    this.shared.logger.info('transfers.item_failed', {
      jobId: this.job.id,
      itemId: item.id,
      code: failure.code,
      reason: failure.message,
    });
  }

  private queueChange(change: ItemChange): void {
    this.pendingChanges.push(change);
    if (this.pendingChanges.length >= 200) this.flushChanges();
  }

  /** Writes queued item outcomes and the job's counters in one transaction. */
  flushChanges(): void {
    if (this.pendingChanges.length === 0) return;
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    this.shared.store.applyItemChanges(changes);
    const { doneFiles, doneBytes, skippedFiles, failedFiles, totalBytes } = this.job;
    this.shared.store.updateJob(this.job.id, { doneFiles, doneBytes, skippedFiles, failedFiles, totalBytes });
  }

  /** Recomputes the counters from the items (after planning, a restart, or a change made outside the runner). */
  recount(): void {
    this.flushChanges();
    Object.assign(this.job, countersFrom(this.shared.store.itemTotals(this.job.id)));
  }

  private async finish(storage: OpenedStorage | null): Promise<void> {
    const { store } = this.shared;
    if (this.stopReason === 'shutdown') return;
    if (this.stopReason === 'pause') {
      this.setState('paused');
      return;
    }
    if (this.stopReason === 'cancel') {
      await cleanUpCancelledJob(this.job, store, storage, this.shared.logger);
      this.recount();
      this.flushCounters();
      this.setState('cancelled', { finishedAt: Date.now() });
      return;
    }
    this.recount();
    this.flushCounters();
    if (this.jobFailure) {
      this.setState('failed', {
        error: this.jobFailure.message,
        errorCode: this.jobFailure.code,
        finishedAt: Date.now(),
      });
      return;
    }
    if (this.job.fromBrowser && this.job.failedFiles === 0 && this.job.localPath) {
      await rm(this.job.localPath, { recursive: true, force: true });
    }
    this.setState(this.job.failedFiles > 0 ? 'failed' : 'done', {
      error:
        this.job.failedFiles > 0 ? `${this.job.failedFiles} of ${this.job.totalFiles} files failed.` : null,
      finishedAt: Date.now(),
    });
  }

  private flushCounters(): void {
    const { totalFiles, totalBytes, doneFiles, doneBytes, skippedFiles, failedFiles } = this.job;
    this.shared.store.updateJob(this.job.id, {
      totalFiles,
      totalBytes,
      doneFiles,
      doneBytes,
      skippedFiles,
      failedFiles,
    });
  }

  /** The job as the UI sees it now. */
  snapshot(): JobSnapshot {
    return liveSnapshot(this.job, this.inFlight, this.meter, this.planning);
  }
}

function releasedMessage(status: string): string {
  return status === 'RELEASED'
    ? 'This dataset is released, so its files can no longer be changed. Create a new version to add files.'
    : 'This dataset is pending review, so its files cannot be changed until the review ends.';
}

function refusalMessage(message: string): string {
  return `The data store refused access to this dataset's storage: ${message}`;
}
