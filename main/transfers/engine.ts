/**
 * The transfer engine: creates jobs, runs them (several at once, sharing the limits), resumes unfinished ones
 * at start, and reports progress. Bytes move in worker threads; this class only plans, schedules and records.
 */
import { randomBytes } from 'node:crypto';
import { AppError, Emitter, type Logger } from '../core/index.ts';
import { BrowserUploads, type BrowserFileEntry, type BrowserUploadRequest } from './browser-uploads.ts';
import type { DatasetStorage } from './dataset-storage.ts';
import { abortLeftoverUploads, cleanUpCancelledJob } from './job-cleanup.ts';
import { JobRunner, type RunnerShared } from './job-runner.ts';
import { downloadSpec, uploadSpec, type DownloadRequest, type UploadRequest } from './job-requests.ts';
import { JobStore } from './job-store.ts';
import { createSocketPool, type SocketPool } from './socket-pool.ts';
import { ownerAlive, staleOwnerMs } from './ownership.ts';
import { Semaphore } from './semaphore.ts';
import { loadSettingsSync, saveSettingsSync, type TransferSettings } from './settings.ts';
import { idleSnapshot, type JobSnapshot } from './snapshot.ts';
import { StorageAccess } from './storage-access.ts';
import type { ItemRecord, ItemState, JobRecord } from './types.ts';
import { verifyUpload, type VerifyReport, type VerifyRequest } from './verify.ts';
import { WorkerPool } from './worker-pool.ts';
import { defaultWorkerCount } from './worker-start.ts';

export type { DownloadRequest, UploadRequest } from './job-requests.ts';

/** How a host builds the engine. */
export interface TransferEngineOptions {
  /** The job database file (shared by the app and the CLI). */
  databasePath: string;
  /** Where browser uploads are staged. */
  stagingDir: string;
  /** The data store of a profile. */
  resolveStorage(profileId: string): DatasetStorage | Promise<DatasetStorage>;
  logger: Logger;
  /** Which host this is; jobs remember it. */
  host: string;
  /** Which unfinished jobs to resume at start (the app resumes its own; the CLI resumes on request). */
  resumeOnStart?(job: JobRecord): boolean;
  /** Transfer workers (default: 1 on 2 cores, up to 4). */
  workers?: number;
  /** The workers' entry module (default: the one beside this file, source or bundle); tests run the bundle. */
  workerScript?: URL;
}

/** Memory that uploads in flight may hold in buffers (whole small files, parts). */
const memoryBudget = 96 * 1024 * 1024;

export class TransferEngine {
  /** Fires (at most ~10 times a second per job) when a job's state or progress changes. */
  readonly onChange = new Emitter<JobSnapshot>();
  readonly store: JobStore;
  private readonly options: TransferEngineOptions;
  private readonly owner: string;
  private readonly sockets: SocketPool;
  private readonly access: StorageAccess;
  private readonly pool: WorkerPool;
  private readonly runners = new Map<string, JobRunner>();
  private readonly shared: RunnerShared;
  private current: TransferSettings;
  private readonly dirty = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly browser: BrowserUploads;
  private disposed = false;

  constructor(options: TransferEngineOptions) {
    this.options = options;
    this.owner = `${options.host}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.store = new JobStore(options.databasePath);
    this.current = loadSettingsSync(this.store);
    const logger = options.logger.child({ component: 'transfers' });
    this.sockets = createSocketPool(64);
    this.access = new StorageAccess(options.resolveStorage, this.sockets, logger);
    this.pool = new WorkerPool({
      size: options.workers ?? defaultWorkerCount(),
      ...(options.workerScript ? { script: options.workerScript } : {}),
      resolveCredentials: (scope, stale) => this.access.credentials(scope, stale),
      logger,
    });
    this.pool.setBandwidth(this.bandwidthBytes());
    this.shared = {
      store: this.store,
      pool: this.pool,
      access: this.access,
      settings: () => this.current,
      fileSlots: new Semaphore(this.current.filesInFlight),
      partSlots: new Semaphore(this.current.partsInFlight),
      memory: new Semaphore(memoryBudget),
      logger,
      changed: (runner) => this.dirty.add(runner.job.id),
    };
    this.browser = new BrowserUploads({
      store: this.store,
      access: this.access,
      stagingDir: options.stagingDir,
      host: options.host,
      itemsReady: (jobId, itemId) => {
        const runner = this.runners.get(jobId);
        if (runner) {
          runner.recount();
          runner.itemsReady(itemId);
          return;
        }
        // A file sent again after its job had finished: run the job again for it.
        const job = this.store.job(jobId);
        if (
          job &&
          job.state !== 'cancelled' &&
          job.state !== 'paused' &&
          this.store.claimJob(jobId, this.owner, staleOwnerMs, ownerAlive)
        )
          this.launch(job);
      },
      itemsChanged: (jobId) => {
        const runner = this.runners.get(jobId);
        runner?.recount();
        runner?.itemsReady();
        this.dirty.add(jobId);
      },
      listed: (jobId, complete) => {
        const runner = this.runners.get(jobId);
        if (runner) runner.listed(complete);
        this.dirty.add(jobId);
      },
      launch: (job) => this.launch(job),
    });
    this.timers.push(setInterval(() => this.emitDirty(), 100));
    this.timers.push(setInterval(() => this.store.heartbeat(this.owner), 10_000));
    for (const timer of this.timers) timer.unref();
  }

  /** Resumes unfinished jobs and aborts uploads left behind; call once after construction. */
  async start(): Promise<void> {
    const resume = this.options.resumeOnStart ?? (() => true);
    for (const job of this.store.jobsInStates(['pending', 'running'])) {
      if (resume(job) && this.store.claimJob(job.id, this.owner, staleOwnerMs, ownerAlive)) {
        this.store.moveItems(job.id, ['running'], 'pending');
        // The page that was listing a browser upload's files is gone: the job keeps the files it has.
        if (job.fromBrowser && !job.planned) this.store.updateJob(job.id, { planned: true });
        this.launch(this.store.job(job.id)!);
      }
    }
    void abortLeftoverUploads(this.store, this.access, this.options.logger).catch((error: unknown) =>
      this.options.logger.warn('transfers.leftover_cleanup_failed', { error }),
    );
  }

  private bandwidthBytes(): number | null {
    const limit = this.current.bandwidthLimitMiBps;
    return limit ? limit * 1024 * 1024 : null;
  }

  settings(): TransferSettings {
    return { ...this.current };
  }

  updateSettings(change: Partial<TransferSettings>): TransferSettings {
    this.current = saveSettingsSync(this.store, { ...this.current, ...change });
    this.shared.fileSlots.resize(this.current.filesInFlight);
    this.shared.partSlots.resize(this.current.partsInFlight);
    this.pool.setBandwidth(this.bandwidthBytes());
    return this.settings();
  }

  /** Limits bandwidth for as long as this engine runs, without saving it (the CLI's --bwlimit). */
  limitBandwidthForThisRun(mebibytesPerSecond: number | null): void {
    this.pool.setBandwidth(mebibytesPerSecond ? mebibytesPerSecond * 1024 * 1024 : this.bandwidthBytes());
  }

  /** Creates and starts an upload job. */
  startUpload(request: UploadRequest): JobSnapshot {
    const { spec, title } = uploadSpec(request, this.options.host);
    return this.claimAndLaunch(this.store.createJob(spec, title));
  }

  /** Creates and starts a download job. */
  startDownload(request: DownloadRequest): JobSnapshot {
    const { spec, title } = downloadSpec(request, this.options.host);
    return this.claimAndLaunch(this.store.createJob(spec, title));
  }

  /** Creates an upload whose files a browser sends afterwards (web mode); its list may follow in batches. */
  async startBrowserUpload(request: BrowserUploadRequest): Promise<JobSnapshot> {
    const job = await this.browser.create(request);
    return this.snapshot(job.id);
  }

  /** Adds a batch of files to a browser upload created with an incomplete list. */
  async addBrowserFiles(jobId: string, files: BrowserFileEntry[], complete: boolean): Promise<JobSnapshot> {
    await this.browser.add(jobId, files, complete);
    return this.snapshot(jobId);
  }

  /** Receives one file's bytes for a browser upload. */
  receiveBrowserFile(jobId: string, relativePath: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    return this.browser.receive(jobId, relativePath, body);
  }

  private claimAndLaunch(job: JobRecord): JobSnapshot {
    this.store.claimJob(job.id, this.owner, staleOwnerMs, ownerAlive);
    this.launch(job);
    return this.snapshot(job.id);
  }

  private launch(job: JobRecord): void {
    if (this.disposed || this.runners.has(job.id)) return;
    this.store.claimJob(job.id, this.owner, staleOwnerMs, ownerAlive);
    const runner = new JobRunner(job, this.shared);
    this.runners.set(job.id, runner);
    void runner.finished.then(() => {
      if (this.runners.get(job.id) === runner) this.runners.delete(job.id);
      if (!this.disposed) this.store.releaseJob(job.id, this.owner);
      this.dirty.add(job.id);
      this.emitDirty();
    });
  }

  private emitDirty(): void {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const snapshot = this.trySnapshot(id);
      if (snapshot) this.onChange.fire(snapshot);
    }
  }

  private trySnapshot(id: string): JobSnapshot | null {
    const runner = this.runners.get(id);
    if (runner) return runner.snapshot();
    const job = this.store.job(id);
    return job ? idleSnapshot(job) : null;
  }

  /** A job now; `not_found` when there is none. */
  snapshot(id: string): JobSnapshot {
    const snapshot = this.trySnapshot(id);
    if (!snapshot) throw new AppError('not_found', 'This transfer no longer exists.', { jobId: id });
    return snapshot;
  }

  /** The jobs running now. */
  active(): JobSnapshot[] {
    return [...this.runners.values()].map((runner) => runner.snapshot());
  }

  /** Every job, newest first. */
  jobs(limit = 200): JobSnapshot[] {
    return this.store.jobs(limit).map((job) => this.runners.get(job.id)?.snapshot() ?? idleSnapshot(job));
  }

  /** Items of a job in one state (failed items with their reasons, for example). */
  items(jobId: string, state: ItemState, limit: number, offset = 0): ItemRecord[] {
    this.snapshot(jobId);
    return this.store.itemsPage(jobId, state, limit, offset);
  }

  /** Resolves when the job stops running (finished, failed, paused or cancelled). */
  async waitFor(jobId: string): Promise<JobSnapshot> {
    await this.runners.get(jobId)?.finished;
    return this.snapshot(jobId);
  }

  async pause(jobId: string): Promise<JobSnapshot> {
    const job = this.snapshot(jobId);
    const runner = this.runners.get(jobId);
    if (runner) {
      runner.stop('pause');
      await runner.finished;
    } else if (job.state === 'pending') this.store.updateJob(jobId, { state: 'paused' });
    return this.snapshot(jobId);
  }

  async resume(jobId: string): Promise<JobSnapshot> {
    const job = this.snapshot(jobId);
    if (this.runners.has(jobId)) return job;
    if (job.state !== 'paused' && job.state !== 'pending' && job.state !== 'running') {
      throw new AppError('conflict', `This transfer is ${job.state}; only paused transfers can be resumed.`);
    }
    this.takeOver(jobId);
    this.store.moveItems(jobId, ['running'], 'pending');
    this.launch(this.store.job(jobId)!);
    return this.snapshot(jobId);
  }

  /** Runs failed items again (and the job, if it had stopped). */
  async retry(jobId: string): Promise<JobSnapshot> {
    const job = this.snapshot(jobId);
    if (job.state === 'cancelled')
      throw new AppError('conflict', 'A cancelled transfer cannot be retried; start a new one.');
    // Files a browser never finished sending wait for their bytes again; the rest are retried from disk.
    if (job.fromBrowser) this.store.moveIncompleteToWaiting(jobId);
    const moved = this.store.moveItems(jobId, ['failed'], 'pending', true);
    const runner = this.runners.get(jobId);
    if (runner) {
      runner.recount();
      runner.itemsReady(0);
    } else {
      if (moved === 0 && job.state === 'done') return job;
      this.takeOver(jobId);
      this.store.moveItems(jobId, ['running'], 'pending');
      this.launch(this.store.job(jobId)!);
    }
    return this.snapshot(jobId);
  }

  async cancel(jobId: string): Promise<JobSnapshot> {
    const job = this.snapshot(jobId);
    const runner = this.runners.get(jobId);
    if (runner) {
      runner.stop('cancel');
      await runner.finished;
    } else if (job.state !== 'done' && job.state !== 'cancelled') {
      this.takeOver(jobId);
      let storage = null;
      try {
        storage = await this.access.open(
          job.profileId,
          job.datasetId,
          job.kind === 'upload' ? 'write' : 'read',
          AbortSignal.timeout(30_000),
        );
      } catch {
        // Uploads stay recorded and are aborted at a later start.
      }
      await cleanUpCancelledJob(job, this.store, storage, this.options.logger);
      this.store.updateJob(jobId, { state: 'cancelled', finishedAt: Date.now() });
    }
    this.dirty.add(jobId);
    return this.snapshot(jobId);
  }

  /** Removes a finished job from the list (its leftover uploads are queued for abort). */
  async remove(jobId: string): Promise<void> {
    const job = this.snapshot(jobId);
    if (
      this.runners.has(jobId) ||
      job.state === 'running' ||
      job.state === 'pending' ||
      job.state === 'paused'
    ) {
      await this.cancel(jobId);
    }
    for (const item of this.store.itemsWithUploads(jobId)) {
      this.store.addPendingAbort({
        uploadId: item.uploadId!,
        profileId: job.profileId,
        datasetId: job.datasetId,
        bucket: job.bucket ?? '',
        key: item.key,
        reason: 'the transfer was removed',
      });
    }
    this.store.deleteJob(jobId);
  }

  /** Another live process owns the job: refuse rather than run it twice. */
  private takeOver(jobId: string): void {
    if (!this.store.claimJob(jobId, this.owner, staleOwnerMs, ownerAlive)) {
      throw new AppError(
        'conflict',
        'Another Datadesk window or command is running this transfer right now.',
      );
    }
  }

  /** Compares a local file or folder with a dataset path, changing nothing. */
  verify(request: VerifyRequest, signal: AbortSignal): Promise<VerifyReport> {
    return verifyUpload(request, { access: this.access, pool: this.pool, signal });
  }

  /** Stops every running job (they resume at the next start) and the workers. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const runner of this.runners.values()) runner.stop('shutdown');
    await Promise.all([...this.runners.values()].map((runner) => runner.finished));
    for (const timer of this.timers) clearInterval(timer);
    this.emitDirty();
    this.store.releaseJobs(this.owner);
    await this.pool.dispose();
    this.access.dispose();
    this.sockets.destroy();
    this.store.close();
  }
}
