/** Messages between the engine (main thread) and its transfer workers. Plain data only: they are cloned. */
import type { ConflictPolicy } from './types.ts';
import type { TransferFailure } from './transfer-errors.ts';

/** Which credentials a request uses, and the endpoint and bucket they are for. */
export interface TaskTarget {
  /** Credential scope key (profile, dataset and direction), resolved by main. */
  scope: string;
  endpoint: string | null;
  region: string;
  bucket: string;
}

/** What a local file looked like when planned; a difference means it changed. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
}

/** Upload a whole file in one PUT (optionally skipping it when the object there is identical). */
export interface PutFileTask {
  kind: 'put-file';
  target: TaskTarget;
  key: string;
  path: string;
  expected: FileIdentity;
  /** Compare with the existing object first (skip-identical policy, same size there). */
  skipIfIdentical: boolean;
  contentType: string | null;
}

/** Upload one part of a multipart upload. */
export interface UploadPartTask {
  kind: 'upload-part';
  target: TaskTarget;
  key: string;
  uploadId: string;
  partNumber: number;
  path: string;
  offset: number;
  length: number;
  expected: FileIdentity;
  /** The part size: buffers are pooled at this size so the last, shorter part reuses one too. */
  bufferSize: number;
}

/** Download a whole (small) object to `finalPath` through a temporary file, verified, with a conflict policy. */
export interface DownloadObjectTask {
  kind: 'download-object';
  target: TaskTarget;
  key: string;
  etag: string | null;
  size: number;
  finalPath: string;
  conflict: ConflictPolicy;
}

/** Download one byte range of a large object into its temporary file. */
export interface DownloadRangeTask {
  kind: 'download-range';
  target: TaskTarget;
  key: string;
  etag: string | null;
  temporaryPath: string;
  offset: number;
  length: number;
}

/** CRC32C of a local file (skip-identical checks and verify). */
export interface ChecksumFileTask {
  kind: 'checksum-file';
  path: string;
}

/** Several small files in one task: one message each way instead of one per file. */
export interface PutFilesTask {
  kind: 'put-files';
  files: PutFileTask[];
}

/** Several small objects in one task. */
export interface DownloadObjectsTask {
  kind: 'download-objects';
  objects: DownloadObjectTask[];
}

export type Task =
  | PutFileTask
  | UploadPartTask
  | DownloadObjectTask
  | DownloadRangeTask
  | ChecksumFileTask
  | PutFilesTask
  | DownloadObjectsTask;

/** The outcome of each member of a group task, in order. */
export type GroupResult<T> = Array<{ ok: true; value: T } | { ok: false; failure: TransferFailure }>;

export interface PutFileResult {
  crc: number;
  skipped: boolean;
}
export interface UploadPartResult {
  etag: string;
  crc: number;
}
export interface DownloadObjectResult {
  crc: number;
  finalPath: string;
  skipped: boolean;
  /** False when the object had no stored checksum to compare with. */
  verified: boolean;
}
export interface DownloadRangeResult {
  crc: number;
}
export interface ChecksumFileResult {
  crc: number;
  size: number;
  mtimeMs: number;
}

/** The result type of each task kind. */
export interface TaskResults {
  'put-file': PutFileResult;
  'upload-part': UploadPartResult;
  'download-object': DownloadObjectResult;
  'download-range': DownloadRangeResult;
  'checksum-file': ChecksumFileResult;
  'put-files': GroupResult<PutFileResult>;
  'download-objects': GroupResult<DownloadObjectResult>;
}

/** Credentials as they cross to a worker (dates as epoch milliseconds). */
export interface WireCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiresAt: number;
  endpoint: string | null;
  region: string;
}

/** Messages travel in batches: one postMessage per turn of the event loop, not one per task. */
export type ToWorkerBatch = ToWorker[];
export type FromWorkerBatch = FromWorker[];

export type ToWorker =
  | { type: 'task'; id: number; task: Task }
  | { type: 'abort'; id: number }
  | { type: 'credentials'; requestId: number; credentials?: WireCredentials; failure?: TransferFailure }
  | { type: 'bandwidth'; bytesPerSecond: number | null };

export type FromWorker =
  | { type: 'progress'; deltas: Array<[id: number, bytes: number]> }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; failure: TransferFailure }
  | { type: 'credentials'; requestId: number; scope: string; staleAccessKeyId: string | null }
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; event: string; fields: Record<string, unknown> };
