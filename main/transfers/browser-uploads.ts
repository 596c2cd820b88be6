/**
 * Uploads from a browser (web mode), where dropped files have no paths: the renderer creates the job with the
 * list of relative paths and sizes, then sends each file's bytes over HTTP; they are staged under the app's
 * data folder and flow into the same engine as soon as each file has fully arrived.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../core/index.ts';
import type { JobStore } from './job-store.ts';
import { normaliseDatasetPath, unsafeRelativeKeyReason } from './paths.ts';
import { planBrowserUpload } from './plan-upload.ts';
import type { StorageAccess } from './storage-access.ts';
import type { ConflictPolicy, JobRecord } from './types.ts';

/** What the renderer asks for. */
export interface BrowserUploadRequest {
  profileId: string;
  datasetId: string;
  remotePath: string;
  conflict: ConflictPolicy;
  files: Array<{ relativePath: string; size: number }>;
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
  launch(job: JobRecord): void;
}

export class BrowserUploads {
  private readonly deps: BrowserUploadDeps;

  constructor(deps: BrowserUploadDeps) {
    this.deps = deps;
  }

  /** Creates the job with every file waiting for its bytes, and starts it. */
  async create(request: BrowserUploadRequest): Promise<JobRecord> {
    const { store } = this.deps;
    const remotePath = normaliseDatasetPath(request.remotePath);
    const seen = new Set<string>();
    const files = request.files.map((file) => {
      const relativePath = file.relativePath.normalize('NFC').replace(/^\/+/, '');
      const reason = unsafeRelativeKeyReason(relativePath);
      if (reason || relativePath === '') throw new AppError('invalid', `"${file.relativePath}" cannot be uploaded: ${reason ?? 'it has no name'}.`);
      if (seen.has(relativePath)) throw new AppError('invalid', `"${file.relativePath}" is listed twice.`);
      seen.add(relativePath);
      return { relativePath, size: file.size };
    });
    if (files.length === 0) throw new AppError('invalid', 'Choose at least one file to upload.');
    const topNames = new Set(files.map((file) => file.relativePath.split('/')[0]));
    const title = topNames.size === 1 ? `Upload ${[...topNames][0]}` : `Upload ${topNames.size} items`;
    const job = store.createJob(
      { kind: 'upload', profileId: request.profileId, datasetId: request.datasetId, remotePath, sources: [], localPath: null, conflict: request.conflict, host: this.deps.host, fromBrowser: true },
      title,
    );
    const staging = join(this.deps.stagingDir, job.id);
    store.updateJob(job.id, { localPath: staging });
    try {
      const signal = AbortSignal.timeout(120_000);
      const storage = await this.deps.access.open(request.profileId, request.datasetId, 'write', signal);
      let totalFiles = 0;
      let totalBytes = 0;
      await planBrowserUpload(
        {
          job: { ...job, localPath: staging },
          store,
          storage,
          signal,
          onPlanned: (added) => {
            totalFiles += added.files;
            totalBytes += added.bytes;
          },
        },
        staging,
        files,
      );
      store.updateJob(job.id, { planned: true, totalFiles, totalBytes });
    } catch (error) {
      store.deleteJob(job.id);
      throw error;
    }
    const created = store.job(job.id)!;
    this.deps.launch(created);
    return created;
  }

  /** Stores one file's bytes; the engine picks it up as soon as all of them have arrived. */
  async receive(jobId: string, relativePath: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const { store } = this.deps;
    const job = store.job(jobId);
    if (!job || !job.fromBrowser) throw new AppError('not_found', 'This upload no longer exists.');
    if (job.state === 'cancelled' || job.state === 'done') throw new AppError('conflict', `This upload is ${job.state}.`);
    const item = store.itemByPath(jobId, relativePath.normalize('NFC'));
    if (!item) throw new AppError('not_found', `"${relativePath}" is not part of this upload.`);
    // A file that failed because its bytes never fully arrived can be sent again.
    const resend = item.state === 'failed' && item.errorCode === 'incomplete';
    if (item.state !== 'waiting' && !resend) throw new AppError('conflict', `"${relativePath}" has already arrived.`);
    await mkdir(dirname(item.localPath), { recursive: true });
    const partial = `${item.localPath}.datadesk-receiving`;
    let received = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > item.size) throw new AppError('invalid', `"${relativePath}" is larger than announced.`);
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
      if (received !== item.size) {
        throw new AppError('invalid', `"${relativePath}" arrived incomplete (${received} of ${item.size} bytes). Send it again.`);
      }
      await rename(partial, item.localPath);
    } catch (error) {
      await rm(partial, { force: true });
      // The browser stopped sending (closed, lost its connection): say so on the file, so the job can end.
      const reason = error instanceof AppError ? error.message : `The browser stopped sending "${relativePath}" before all of it arrived. Upload it again.`;
      store.applyItemChanges([{ id: item.id, state: 'failed', error: reason, errorCode: 'incomplete', attempts: item.attempts + 1 }]);
      this.deps.itemsChanged(jobId);
      throw error;
    }
    const info = await stat(item.localPath);
    store.applyItemChanges([{ id: item.id, state: 'pending', mtimeMs: info.mtimeMs, error: null, errorCode: null }]);
    this.deps.itemsReady(jobId, item.id);
  }
}
