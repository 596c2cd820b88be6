/** Transfers: uploads and downloads between this computer and a dataset, their progress, verify and settings. */
import { z } from 'zod';
import { call, stream } from './define.ts';

const id = z.string().min(1).max(200);
const path = z.string().min(1).max(4096);
/** A path inside a dataset; `''` is its root. */
const datasetPath = z.string().max(1024);

export const conflictPolicy = z.enum(['skip-identical', 'overwrite', 'keep-both']);
export const jobState = z.enum(['pending', 'running', 'paused', 'done', 'failed', 'cancelled']);
export const itemState = z.enum(['waiting', 'pending', 'running', 'done', 'skipped', 'failed', 'cancelled']);

/** A transfer as lists and progress bars show it. */
export const transferJob = z.object({
  id: z.string(),
  kind: z.enum(['upload', 'download']),
  title: z.string(),
  profileId: z.string(),
  datasetId: z.string(),
  /** Upload: the dataset folder written to. Download: the dataset path asked for. */
  remotePath: z.string(),
  /** Download: the destination folder. */
  localPath: z.string().nullable(),
  conflict: conflictPolicy,
  fromBrowser: z.boolean(),
  state: jobState,
  /** Still listing files: totals are growing. */
  planning: z.boolean(),
  totalFiles: z.number(),
  totalBytes: z.number(),
  doneFiles: z.number(),
  /** Bytes transferred or skipped as identical, including parts of files in flight. */
  doneBytes: z.number(),
  skippedFiles: z.number(),
  failedFiles: z.number(),
  bytesPerSecond: z.number(),
  filesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  /** Why the job stopped, in words a person understands. */
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});

/** One file of a transfer (failed ones carry their reason). */
export const transferItem = z.object({
  id: z.number(),
  relativePath: z.string(),
  localPath: z.string(),
  key: z.string(),
  size: z.number(),
  state: itemState,
  attempts: z.number(),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  checksum: z.string().nullable(),
});

/** Transfer settings. */
export const transferSettings = z.object({
  filesInFlight: z.number().int().min(1).max(128),
  partsInFlight: z.number().int().min(1).max(64),
  minPartSizeMiB: z.number().int().min(5).max(5120),
  maxPartSizeMiB: z.number().int().min(5).max(5120),
  bandwidthLimitMiBps: z.number().min(0.1).max(100_000).nullable(),
});

/** All transfers together, for the status bar. */
export const transferOverview = z.object({
  activeJobs: z.number(),
  totalBytes: z.number(),
  doneBytes: z.number(),
  totalFiles: z.number(),
  doneFiles: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

const verifyReport = z.object({
  localFiles: z.number(),
  remoteFiles: z.number(),
  identical: z.number(),
  unverified: z.number(),
  missing: z.object({ count: z.number(), paths: z.array(z.string()) }),
  extra: z.object({ count: z.number(), paths: z.array(z.string()) }),
  different: z.object({
    count: z.number(),
    items: z.array(
      z.object({
        path: z.string(),
        reason: z.enum(['size', 'checksum']),
        localSize: z.number(),
        remoteSize: z.number(),
      }),
    ),
  }),
});

const jobInput = z.strictObject({ jobId: id });
/** Files listed per browser-upload call: a drop of 100,000+ files is listed in batches, each far under 4 MiB. */
export const browserFilesPerCall = 5_000;
const browserFiles = z
  .array(
    z.strictObject({
      relativePath: z.string().min(1).max(4096),
      size: z
        .number()
        .int()
        .min(0)
        .max(5 * 1024 ** 4),
    }),
  )
  .max(browserFilesPerCall);
const source = z.strictObject({ path, contentsOnly: z.boolean().default(false) });

export const transferCalls = {
  'transfers.list': call(
    z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({ jobs: z.array(transferJob) }),
  ),
  'transfers.detail': call(
    z.strictObject({
      jobId: id,
      state: itemState.default('failed'),
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).max(1e9).default(0),
    }),
    z.object({ job: transferJob, items: z.array(transferItem) }),
  ),
  /** Uploads files and folders (real paths: Electron, the CLI) to a dataset folder of the current data store. */
  'transfers.startUpload': call(
    z.strictObject({
      datasetId: id,
      sources: z.array(source).min(1).max(10_000),
      remotePath: datasetPath.default(''),
      conflict: conflictPolicy.default('skip-identical'),
    }),
    transferJob,
  ),
  /** Downloads a dataset, a folder (`folder/` for its contents) or a file; to ~/Downloads/<dataset> unless given. */
  'transfers.startDownload': call(
    z.strictObject({
      datasetId: id,
      remotePath: datasetPath.default(''),
      destination: path.optional(),
      conflict: conflictPolicy.default('skip-identical'),
    }),
    transferJob,
  ),
  /**
   * Web mode: creates an upload with the first batch of its files, which the browser then PUTs to `uploadPath`
   * one by one. With `complete: false` the rest of the list follows through `transfers.addBrowserFiles`; the job
   * starts at once and finishes only after the batch that says the list is complete.
   */
  'transfers.startBrowserUpload': call(
    z.strictObject({
      datasetId: id,
      remotePath: datasetPath.default(''),
      conflict: conflictPolicy.default('skip-identical'),
      files: browserFiles.min(1),
      complete: z.boolean().default(true),
    }),
    z.object({ job: transferJob, uploadPath: z.string() }),
  ),
  /** Web mode: adds the next batch of a browser upload's files; `complete` on the last one. */
  'transfers.addBrowserFiles': call(
    z.strictObject({ jobId: id, files: browserFiles, complete: z.boolean() }),
    transferJob,
  ),
  'transfers.pause': call(jobInput, transferJob),
  'transfers.resume': call(jobInput, transferJob),
  'transfers.cancel': call(jobInput, transferJob),
  /** Runs the failed files of a job again. */
  'transfers.retry': call(jobInput, transferJob),
  /** Removes a finished job from the list. */
  'transfers.remove': call(jobInput, z.object({ removed: z.boolean() })),
  /** Opens a download's folder in the file manager (Electron); elsewhere answers its path to show. */
  'transfers.openFolder': call(jobInput, z.object({ opened: z.boolean(), path: z.string() })),
  /** Compares a local file or folder with where an upload would put it; changes nothing. */
  'transfers.verify': call(
    z.strictObject({
      datasetId: id,
      source,
      remotePath: datasetPath.default(''),
      checksums: z.boolean().default(true),
    }),
    verifyReport,
  ),
  'transfers.settings': call(z.strictObject({}), transferSettings),
  'transfers.updateSettings': call(transferSettings.partial().strict(), transferSettings),
};

export const transferEvents = {
  /** A job's state and progress (coalesced per job, at most ~10 a second). */
  'transfers.job': stream(transferJob, { mode: 'latest-per-key', key: 'id' }),
  /** Every active transfer together (the status bar). */
  'transfers.overview': stream(transferOverview),
};

export type TransferJob = z.output<typeof transferJob>;
export type TransferItem = z.output<typeof transferItem>;
export type TransferSettings = z.output<typeof transferSettings>;
export type TransferOverview = z.output<typeof transferOverview>;
export type VerifyReport = z.output<typeof verifyReport>;
export type ConflictPolicy = z.output<typeof conflictPolicy>;
