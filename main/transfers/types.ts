/** The engine's own records: jobs, items (one per file) and parts, as stored in the job database. */

/** A job's state; `paused` exists only at job level. */
export type JobState = 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/** An item's state; `waiting` is a browser upload whose bytes have not arrived yet. */
export type ItemState = 'waiting' | 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** What happens when the target already exists. */
export type ConflictPolicy = 'skip-identical' | 'overwrite' | 'keep-both';

export type JobKind = 'upload' | 'download';

/** One source of an upload: a file or a folder; `contentsOnly` uploads a folder's contents without its name. */
export interface UploadSource {
  path: string;
  contentsOnly: boolean;
}

/** Where a job's files come from and go to. */
export interface JobSpec {
  kind: JobKind;
  profileId: string;
  datasetId: string;
  /** Upload: the sub-path inside the dataset. Download: the dataset path asked for (`''` for everything). */
  remotePath: string;
  /** Upload: files and folders. Empty for browser uploads (their bytes arrive over HTTP). */
  sources: UploadSource[];
  /** Download: the destination folder. Upload from a browser: the staging folder. */
  localPath: string | null;
  conflict: ConflictPolicy;
  /** Which host created the job (the CLI resumes its own jobs; the app resumes the rest). */
  host: string;
  /** A browser upload: items wait for their bytes. */
  fromBrowser: boolean;
}

/** A job row. */
export interface JobRecord extends JobSpec {
  id: string;
  title: string;
  state: JobState;
  /** True once planning has listed every item. */
  planned: boolean;
  /** Why the whole job stopped, when it did. */
  error: string | null;
  errorCode: string | null;
  totalFiles: number;
  totalBytes: number;
  doneFiles: number;
  doneBytes: number;
  skippedFiles: number;
  failedFiles: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  bucket: string | null;
  prefix: string | null;
}

/** An item row. */
export interface ItemRecord {
  id: number;
  jobId: string;
  /** The path relative to the job's root, NFC, `/`-separated. */
  relativePath: string;
  /** Upload: the source file. Download: the target file. */
  localPath: string;
  key: string;
  size: number;
  /** Upload: the file's mtime when planned. Download: unused. */
  mtimeMs: number | null;
  /** Download: the object's ETag (so a changed object is noticed). */
  etag: string | null;
  /** Whole-file CRC32C (base64) once known. */
  checksum: string | null;
  state: ItemState;
  attempts: number;
  error: string | null;
  errorCode: string | null;
  uploadId: string | null;
  partSize: number | null;
  /** A remote object already at the key (from the listing at planning), for the conflict policy. */
  remoteSize: number | null;
}

/** A completed part of a multipart upload, or a completed range of a download. */
export interface PartRecord {
  itemId: number;
  partNumber: number;
  size: number;
  etag: string | null;
  /** CRC32C of the part's bytes as a number. */
  crc: number;
}
