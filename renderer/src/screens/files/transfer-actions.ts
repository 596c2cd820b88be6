/**
 * Starting uploads and downloads from the screens. The transfer engine owns the work; these hand it what the
 * user chose and where. In a browser, dropped files have no paths: the job is created with their relative paths
 * and sizes (listed in batches), then each file's bytes are sent to the web host's upload endpoint behind the
 * session token.
 */
import type { FolderListing, TransferJob } from '../../../../preload/contract';
import { call, subscribe, webSessionToken } from '../../bridge/client';
import type { BrowserFile, UploadSelection } from './drop';

/** A transfer the screens started. */
export interface StartedTransfer {
  jobId: string;
  title: string;
}

/** Files sent at once from a browser (the engine uploads them to S3 in parallel as they arrive). */
const browserConcurrency = 4;

async function sendBrowserFile(
  uploadPath: string,
  jobId: string,
  item: BrowserFile,
  signal: AbortSignal,
): Promise<void> {
  const url = `${uploadPath}?job=${encodeURIComponent(jobId)}&path=${encodeURIComponent(item.relativePath)}`;
  const response = await fetch(url, {
    method: 'PUT',
    body: item.file,
    headers: { 'x-datadesk-token': webSessionToken, 'content-type': 'application/octet-stream' },
    signal,
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(
      answer?.error?.message ?? `The host refused “${item.relativePath}” (HTTP ${response.status}).`,
    );
  }
}

/** How much of a browser upload's file list main has accepted so far. */
class Listing {
  count: number;
  done: boolean;
  private waiters: Array<() => void> = [];

  constructor(count: number, done: boolean) {
    this.count = count;
    this.done = done;
  }

  grow(count: number, done: boolean): void {
    this.count = count;
    this.done = done;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once more of the list is accepted (or listing stopped). */
  more(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Files per listing call: the contract's limit, and well under the 4 MiB message cap however long the paths. */
const listBatchFiles = 5_000;
const listBatchBytes = 2 * 1024 * 1024;

/** Splits a drop's files into listing batches. */
function listBatches(files: BrowserFile[]): BrowserFile[][] {
  const batches: BrowserFile[][] = [];
  let current: BrowserFile[] = [];
  let bytes = 0;
  for (const item of files) {
    // Worst case of the JSON for one entry: every character escaped to six bytes, plus the field names.
    const size = item.relativePath.length * 6 + 64;
    if (current.length === listBatchFiles || (current.length > 0 && bytes + size > listBatchBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const entries = (batch: BrowserFile[]) =>
  batch.map((item) => ({ relativePath: item.relativePath, size: item.file.size }));

/** Sends every listed file's bytes, a few at a time; the job shows per-file failures. */
async function sendBrowserFiles(
  uploadPath: string,
  jobId: string,
  files: BrowserFile[],
  listing: Listing,
): Promise<void> {
  const controller = new AbortController();
  // Stop sending when the job is cancelled from Transfers.
  const stop = subscribe('transfers.job', (job) => {
    if (job.id === jobId && (job.state === 'cancelled' || job.state === 'failed')) controller.abort();
  });
  let next = 0;
  const worker = async () => {
    while (next < files.length && !controller.signal.aborted) {
      if (next >= listing.count) {
        if (listing.done) return;
        await listing.more();
        continue;
      }
      const item = files[next++]!;
      try {
        await sendBrowserFile(uploadPath, jobId, item, controller.signal);
      } catch {
        // The engine marks the item failed with its reason when its bytes never arrive completely.
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(browserConcurrency, files.length) }, worker));
  } finally {
    stop();
  }
}

/** Lists the rest of a browser upload's files in batches; the job cannot finish before the last one. */
async function listRemaining(jobId: string, batches: BrowserFile[][], listing: Listing): Promise<void> {
  try {
    for (let index = 1; index < batches.length; index++) {
      const complete = index === batches.length - 1;
      await call('transfers.addBrowserFiles', { jobId, files: entries(batches[index]!), complete });
      listing.grow(listing.count + batches[index]!.length, complete);
    }
  } catch {
    // Without its whole list the job could never finish: stop it, so Transfers says so.
    listing.grow(listing.count, true);
    await call('transfers.cancel', { jobId }).catch(() => undefined);
  }
}

/** Uploads what the user dropped or chose into `remotePath` ('' or 'folder/…/') of a dataset. */
export async function startUpload(
  datasetId: string,
  remotePath: string,
  selection: UploadSelection,
): Promise<StartedTransfer> {
  if (selection.paths.length > 0) {
    const job = await call('transfers.startUpload', {
      datasetId,
      remotePath,
      sources: selection.paths.map((path) => ({ path, contentsOnly: false })),
    });
    return { jobId: job.id, title: job.title };
  }
  // One bridge message carries at most 4 MiB: a large drop is listed in batches while the first files go up.
  const batches = listBatches(selection.files);
  const first = batches[0] ?? [];
  const started = await call('transfers.startBrowserUpload', {
    datasetId,
    remotePath,
    files: entries(first),
    complete: batches.length <= 1,
  });
  const listing = new Listing(first.length, batches.length <= 1);
  void listRemaining(started.job.id, batches, listing);
  void sendBrowserFiles(started.uploadPath, started.job.id, selection.files, listing);
  return { jobId: started.job.id, title: started.job.title };
}

/** Downloads `remotePath` of a dataset into `destination` with Provena's path rules. */
export async function startDownload(
  datasetId: string,
  remotePath: string,
  destination: string,
): Promise<StartedTransfer> {
  const job = await call('transfers.startDownload', { datasetId, remotePath, destination });
  return { jobId: job.id, title: job.title };
}

/** Resolves when a job finishes (done, failed or cancelled). */
export function jobFinished(jobId: string): Promise<TransferJob> {
  return new Promise((resolve) => {
    const stop = subscribe('transfers.job', (job) => {
      if (job.id === jobId && (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled')) {
        stop();
        resolve(job);
      }
    });
    // The job may have finished before the subscription.
    void call('transfers.list', { limit: 200 }).then(({ jobs }) => {
      const job = jobs.find((candidate) => candidate.id === jobId);
      if (job && (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled')) {
        stop();
        resolve(job);
      }
    });
  });
}

/**
 * Copies a version's files into its new version through this computer: each top-level file and folder except
 * `metadata.json` (the new version has its own) is downloaded to a staging folder, then uploaded.
 */
export async function copyVersionFiles(fromDatasetId: string, toDatasetId: string): Promise<StartedTransfer> {
  const { path: staging } = await call('files.stagingFolder', { purpose: 'version-copy' });
  const entries: string[] = [];
  let page: string | null = null;
  do {
    const root: FolderListing = await call('files.list', { datasetId: fromDatasetId, path: '', page });
    entries.push(...root.folders.map((folder) => folder.path.replace(/\/$/, '')));
    entries.push(...root.files.filter((file) => file.path !== 'metadata.json').map((file) => file.path));
    page = root.nextPage;
  } while (page);
  if (entries.length === 0) throw new Error('The previous version has no files besides its metadata.');
  const downloads = await Promise.all(entries.map((path) => startDownload(fromDatasetId, path, staging)));
  void Promise.all(downloads.map((job) => jobFinished(job.jobId))).then(async (jobs) => {
    if (jobs.some((job) => job.state !== 'done')) return;
    await call('transfers.startUpload', {
      datasetId: toDatasetId,
      remotePath: '',
      sources: [{ path: staging, contentsOnly: true }],
    });
  });
  return {
    jobId: downloads[0]!.jobId,
    title: `Copying ${entries.length === 1 ? `“${entries[0]}”` : `${entries.length} items`} into the new version`,
  };
}
