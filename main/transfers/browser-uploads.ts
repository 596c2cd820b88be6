/**
 * Uploads from a browser (web mode), where dropped files have no paths: the renderer creates the job with the
 * first batch of relative paths and sizes and adds the rest in batches (one bridge message stays small however
 * many files were dropped), then sends each file's bytes over HTTP; they are staged under the app's
 * data folder and flow into the same engine as soon as each file has fully arrived.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../core/index.ts';
import type { JobStore } from './job-store.ts';
import { normaliseDatasetPath, unsafeRelativeKeyReason } from './paths.ts';
import { countersFrom } from './job-counters.ts';
import { planBrowserFiles, prepareBrowserUpload } from './plan-upload.ts';
import type { StorageAccess } from './storage-access.ts';
import type { ConflictPolicy, JobRecord } from './types.ts';

/** A file a browser is about to send: its path under the drop and its size. */
export interface BrowserFileEntry {
  relativePath: string;
  size: number;
}

/** What the renderer asks for: the job and the first batch of its files (the rest follow with `add`). */
export interface BrowserUploadRequest {
  profileId: string;
  datasetId: string;
  remotePath: string;
  conflict: ConflictPolicy;
  files: BrowserFileEntry[];
  /** True when these are all of the files; otherwise more batches follow and the last one says so. */
  complete: boolean;
}

/** What browser uploads need from the engine. */
export interface BrowserUploadDeps {
  store: JobStore;
  access: StorageAccess;
  stagingDir: string;
  host: string;
  itemsReady(jobId: string, itemId: number): void;
  /** Items changed outside the runner (a file that never fully arrived): counters are recomputed. */
  itemsChanged(jobId: string): void;
  /** A batch of files was added to the job's list; `complete` when it was the last one. */
  listed(jobId: string, complete: boolean): void;
  launch(job: JobRecord): void;
}

/** Checks and normalises a batch; `known` says whether a path is already listed in the job. */
function checkedFiles(
  entries: BrowserFileEntry[],
  known: (relativePath: string) => boolean,
): BrowserFileEntry[] {
  const seen = new Set<string>();
  return entries.map((file) => {
    const relativePath = file.relativePath.normalize('NFC').replace(/^\/+/, '');
    const reason = unsafeRelativeKeyReason(relativePath);
    if (reason || relativePath === '')
      throw new AppError(
        'invalid',
        `"${file.relativePath}" cannot be uploaded: ${reason ?? 'it has no name'}.`,
      );
    if (seen.has(relativePath) || known(relativePath))
      throw new AppError('invalid', `"${file.relativePath}" is listed twice.`);
    seen.add(relativePath);
    return { relativePath, size: file.size };
  });
}

export class BrowserUploads {
  private readonly deps: BrowserUploadDeps;

  constructor(deps: BrowserUploadDeps) {
    this.deps = deps;
  }

  /** Creates the job with the first batch of files waiting for their bytes, and starts it. */
  async create(request: BrowserUploadRequest): Promise<JobRecord> {
    const { store } = this.deps;
    const remotePath = normaliseDatasetPath(request.remotePath);
    const files = checkedFiles(request.files, () => false);
    if (files.length === 0) throw new AppError('invalid', 'Choose at least one file to upload.');
    const topNames = new Set(files.map((file) => file.relativePath.split('/')[0]));
    // A list sent in batches may name more top-level items later than the first batch shows.
    const title =
      topNames.size === 1
        ? `Upload ${[...topNames][0]}`
        : request.complete
          ? `Upload ${topNames.size} items`
          : 'Upload dropped files';
    const job = store.createJob(
      {
        kind: 'upload',
        profileId: request.profileId,
        datasetId: request.datasetId,
        remotePath,
        sources: [],
        localPath: null,
        conflict: request.conflict,
        host: this.deps.host,
        fromBrowser: true,
      },
      title,
    );
    const staging = join(this.deps.stagingDir, job.id);
    store.updateJob(job.id, { localPath: staging });
    try {
      const signal = AbortSignal.timeout(120_000);
      const storage = await this.deps.access.open(request.profileId, request.datasetId, 'write', signal);
      const context = { job: { ...job, localPath: staging }, store, storage, signal, onPlanned: () => {} };
      await prepareBrowserUpload(context);
      planBrowserFiles(context, staging, files);
      this.recordList(job.id, request.complete);
    } catch (error) {
      store.deleteJob(job.id);
      throw error;
    }
    const created = store.job(job.id)!;
    this.deps.launch(created);
    return created;
  }

  /** Adds a batch of files to a browser upload whose list is not complete yet. */
  async add(jobId: string, entries: BrowserFileEntry[], complete: boolean): Promise<void> {
    const { store } = this.deps;
    const job = this.listOpen(jobId);
    const files = checkedFiles(entries, (relativePath) => store.itemByPath(jobId, relativePath) !== null);
    const storage = await this.deps.access.open(
      job.profileId,
      job.datasetId,
      'write',
      AbortSignal.timeout(120_000),
    );
    // Checked again: the job may have been cancelled (or its list completed) while the storage was opened.
    const current = this.listOpen(jobId);
    planBrowserFiles(
      { job: current, store, storage, signal: AbortSignal.timeout(120_000), onPlanned: () => {} },
      current.localPath!,
      files,
    );
    this.recordList(jobId, complete);
    this.deps.listed(jobId, complete);
  }

  private listOpen(jobId: string): JobRecord {
    const job = this.deps.store.job(jobId);
    if (!job || !job.fromBrowser || !job.localPath)
      throw new AppError('not_found', 'This upload no longer exists.');
    if (job.state === 'cancelled') throw new AppError('conflict', 'This upload was cancelled.');
    if (job.planned) throw new AppError('conflict', 'This upload already has its whole list of files.');
    return job;
  }

  /** Updates the job's totals; once the list is complete, forgets the destination's listing. */
  private recordList(jobId: string, complete: boolean): void {
    const { store } = this.deps;
    const { totalFiles, totalBytes } = countersFrom(store.itemTotals(jobId));
    if (complete) store.clearRemoteObjects(jobId);
    store.updateJob(jobId, { totalFiles, totalBytes, ...(complete ? { planned: true } : {}) });
  }

  /** Stores one file's bytes; the engine picks it up as soon as all of them have arrived. */
  async receive(jobId: string, relativePath: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const { store } = this.deps;
    const job = store.job(jobId);
    if (!job || !job.fromBrowser) throw new AppError('not_found', 'This upload no longer exists.');
    if (job.state === 'cancelled' || job.state === 'done')
      throw new AppError('conflict', `This upload is ${job.state}.`);
    const item = store.itemByPath(jobId, relativePath.normalize('NFC'));
    if (!item) throw new AppError('not_found', `"${relativePath}" is not part of this upload.`);
    // A file that failed because its bytes never fully arrived can be sent again.
    const resend = item.state === 'failed' && item.errorCode === 'incomplete';
    if (item.state !== 'waiting' && !resend)
      throw new AppError('conflict', `"${relativePath}" has already arrived.`);
    await mkdir(dirname(item.localPath), { recursive: true });
    const partial = `${item.localPath}.datadesk-receiving`;
    let received = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > item.size)
              throw new AppError('invalid', `"${relativePath}" is larger than announced.`);
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
      if (received !== item.size) {
        throw new AppError(
          'invalid',
          `"${relativePath}" arrived incomplete (${received} of ${item.size} bytes). Send it again.`,
        );
      }
      await rename(partial, item.localPath);
    } catch (error) {
      await rm(partial, { force: true });
      // The browser stopped sending (closed, lost its connection): say so on the file, so the job can end.
      const reason =
        error instanceof AppError
          ? error.message
          : `The browser stopped sending "${relativePath}" before all of it arrived. Upload it again.`;
      store.applyItemChanges([
        { id: item.id, state: 'failed', error: reason, errorCode: 'incomplete', attempts: item.attempts + 1 },
      ]);
      this.deps.itemsChanged(jobId);
      throw error;
    }
    const info = await stat(item.localPath);
    store.applyItemChanges([
      { id: item.id, state: 'pending', mtimeMs: info.mtimeMs, error: null, errorCode: null },
    ]);
    this.deps.itemsReady(jobId, item.id);
  }
}
