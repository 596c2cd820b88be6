/** Mapping between job database rows and records. */
import type {
  ConflictPolicy,
  ItemRecord,
  ItemState,
  JobKind,
  JobRecord,
  JobState,
  UploadSource,
} from './types.ts';

/** A row as node:sqlite returns it. */
export type Row = Record<string, unknown>;

export function jobFromRow(row: Row): JobRecord {
  return {
    id: row.id as string,
    kind: row.kind as JobKind,
    profileId: row.profile_id as string,
    datasetId: row.dataset_id as string,
    title: row.title as string,
    remotePath: row.remote_path as string,
    sources: JSON.parse(row.sources as string) as UploadSource[],
    localPath: (row.local_path as string | null) ?? null,
    conflict: row.conflict as ConflictPolicy,
    host: row.host as string,
    fromBrowser: row.from_browser === 1,
    state: row.state as JobState,
    planned: row.planned === 1,
    error: (row.error as string | null) ?? null,
    errorCode: (row.error_code as string | null) ?? null,
    bucket: (row.bucket as string | null) ?? null,
    prefix: (row.prefix as string | null) ?? null,
    totalFiles: row.total_files as number,
    totalBytes: row.total_bytes as number,
    doneFiles: row.done_files as number,
    doneBytes: row.done_bytes as number,
    skippedFiles: row.skipped_files as number,
    failedFiles: row.failed_files as number,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
    finishedAt: (row.finished_at as number | null) ?? null,
  };
}

export function itemFromRow(row: Row): ItemRecord {
  return {
    id: row.id as number,
    jobId: row.job_id as string,
    relativePath: row.relative_path as string,
    localPath: row.local_path as string,
    key: row.key as string,
    size: row.size as number,
    mtimeMs: (row.mtime_ms as number | null) ?? null,
    etag: (row.etag as string | null) ?? null,
    checksum: (row.checksum as string | null) ?? null,
    state: row.state as ItemState,
    attempts: row.attempts as number,
    error: (row.error as string | null) ?? null,
    errorCode: (row.error_code as string | null) ?? null,
    uploadId: (row.upload_id as string | null) ?? null,
    partSize: (row.part_size as number | null) ?? null,
    remoteSize: (row.remote_size as number | null) ?? null,
  };
}
