/**
 * The job database (node:sqlite, WAL): jobs, their items and parts, remote listings used while planning,
 * multipart uploads waiting to be aborted, and the transfer settings. Shared by the app and the CLI.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { migrateSync } from './job-schema.ts';
import { itemFromRow, jobFromRow, type Row } from './job-rows.ts';
import type { ItemRecord, ItemState, JobRecord, JobSpec, JobState, PartRecord } from './types.ts';

/** A new item as planning finds it. */
export interface NewItem {
  relativePath: string;
  localPath: string;
  key: string;
  size: number;
  mtimeMs: number | null;
  etag?: string | null;
  state?: ItemState;
  error?: string | null;
  errorCode?: string | null;
  remoteSize?: number | null;
}

/** A change to one item, applied in a batch. */
export interface ItemChange {
  id: number;
  state?: ItemState;
  checksum?: string | null;
  error?: string | null;
  errorCode?: string | null;
  attempts?: number;
  uploadId?: string | null;
  partSize?: number | null;
  size?: number;
  mtimeMs?: number | null;
  localPath?: string;
  key?: string;
  etag?: string | null;
}

/** A multipart upload to abort later (cancelled, replaced, or left behind). */
export interface PendingAbort {
  uploadId: string;
  profileId: string;
  datasetId: string;
  bucket: string;
  key: string;
  reason: string;
  attempts: number;
}

const itemColumns: Record<keyof Omit<ItemChange, 'id'>, string> = {
  state: 'state',
  checksum: 'checksum',
  error: 'error',
  errorCode: 'error_code',
  attempts: 'attempts',
  uploadId: 'upload_id',
  partSize: 'part_size',
  size: 'size',
  mtimeMs: 'mtime_ms',
  localPath: 'local_path',
  key: 'key',
  etag: 'etag',
};

const jobColumns = {
  state: 'state',
  planned: 'planned',
  error: 'error',
  errorCode: 'error_code',
  bucket: 'bucket',
  prefix: 'prefix',
  totalFiles: 'total_files',
  totalBytes: 'total_bytes',
  doneFiles: 'done_files',
  doneBytes: 'done_bytes',
  skippedFiles: 'skipped_files',
  failedFiles: 'failed_files',
  finishedAt: 'finished_at',
  localPath: 'local_path',
} as const;

/** Job fields that change after creation. */
export type JobChange = Partial<Pick<JobRecord, keyof typeof jobColumns>>;

/** The job database. Synchronous by design: every statement is small and indexed. */
export class JobStore {
  readonly database: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.database = new DatabaseSync(path);
    this.database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    this.database.exec('PRAGMA busy_timeout = 5000');
    migrateSync(this.database);
  }

  close(): void {
    this.statements.clear();
    if (this.database.isOpen) this.database.close();
  }

  /** A cached prepared statement. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.database.prepare(text)));
    return statement;
  }

  /** Runs `work` in one transaction (IMMEDIATE, so concurrent writers wait rather than fail). */
  transaction<T>(work: () => T): T {
    this.database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.database.exec('COMMIT');
      return result;
    } catch (error) {
      this.database.exec('ROLLBACK');
      throw error;
    }
  }

  createJob(spec: JobSpec, title: string): JobRecord {
    const id = randomUUID();
    const now = Date.now();
    this.sql(
      `INSERT INTO jobs (id, kind, profile_id, dataset_id, title, remote_path, sources, local_path, conflict, host,
         from_browser, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(
      id,
      spec.kind,
      spec.profileId,
      spec.datasetId,
      title,
      spec.remotePath,
      JSON.stringify(spec.sources),
      spec.localPath,
      spec.conflict,
      spec.host,
      spec.fromBrowser ? 1 : 0,
      now,
      now,
    );
    return this.job(id)!;
  }

  job(id: string): JobRecord | null {
    const row = this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? jobFromRow(row) : null;
  }

  /** Newest first. */
  jobs(limit = 200): JobRecord[] {
    return (this.sql('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit) as Row[]).map(jobFromRow);
  }

  /** Jobs in the given states, oldest first. */
  jobsInStates(states: JobState[]): JobRecord[] {
    const marks = states.map(() => '?').join(', ');
    return (
      this.database.prepare(`SELECT * FROM jobs WHERE state IN (${marks}) ORDER BY created_at`).all(...states) as Row[]
    ).map(jobFromRow);
  }

  updateJob(id: string, change: JobChange): void {
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    for (const [field, value] of Object.entries(change)) {
      const column = jobColumns[field as keyof typeof jobColumns];
      if (!column) continue;
      sets.push(`${column} = ?`);
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : (value as SQLInputValue));
    }
    if (sets.length === 0) return;
    sets.push('updated_at = ?');
    values.push(Date.now(), id);
    this.sql(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values);
  }

  deleteJob(id: string): void {
    this.sql('DELETE FROM jobs WHERE id = ?').run(id);
  }

  /**
   * Claims a job for this process unless another live process holds it; true when claimed. A holder is
   * gone when its heartbeat is stale or `isAlive` says its process has ended (a crash or a kill).
   */
  claimJob(id: string, owner: string, staleAfterMs: number, isAlive: (holder: string) => boolean = () => true): boolean {
    const now = Date.now();
    const { owner: holder } = this.ownerOf(id);
    const dead = holder !== null && holder !== owner && !isAlive(holder);
    const result = this.sql(
      `UPDATE jobs SET owner = ?, heartbeat_at = ? WHERE id = ?
         AND (? OR owner IS NULL OR owner = ? OR heartbeat_at IS NULL OR heartbeat_at < ?)`,
    ).run(owner, now, id, dead ? 1 : 0, owner, now - staleAfterMs);
    return Number(result.changes) === 1;
  }

  heartbeat(owner: string): void {
    this.sql('UPDATE jobs SET heartbeat_at = ? WHERE owner = ?').run(Date.now(), owner);
  }

  releaseJob(id: string, owner: string): void {
    this.sql('UPDATE jobs SET owner = NULL, heartbeat_at = NULL WHERE id = ? AND owner = ?').run(id, owner);
  }

  releaseJobs(owner: string): void {
    this.sql('UPDATE jobs SET owner = NULL, heartbeat_at = NULL WHERE owner = ?').run(owner);
  }

  /** The owner of a job and when it last showed it was alive. */
  ownerOf(id: string): { owner: string | null; heartbeatAt: number | null } {
    const row = this.sql('SELECT owner, heartbeat_at FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return { owner: (row?.owner as string | null) ?? null, heartbeatAt: (row?.heartbeat_at as number | null) ?? null };
  }

  /**
   * Adds planned items, ignoring ones already present (planning is repeated after a crash); returns how many
   * files and bytes were new.
   */
  insertItems(jobId: string, items: NewItem[]): { files: number; bytes: number } {
    const insert = this.sql(
      `INSERT INTO items (job_id, relative_path, local_path, key, size, mtime_ms, etag, state, error, error_code,
         remote_size)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, relative_path) DO NOTHING`,
    );
    return this.transaction(() => {
      let files = 0;
      let bytes = 0;
      for (const item of items) {
        const result = insert.run(
          jobId,
          item.relativePath,
          item.localPath,
          item.key,
          item.size,
          item.mtimeMs,
          item.etag ?? null,
          item.state ?? 'pending',
          item.error ?? null,
          item.errorCode ?? null,
          item.remoteSize ?? null,
        );
        if (Number(result.changes) === 1) {
          files += 1;
          bytes += item.size;
        }
      }
      return { files, bytes };
    });
  }

  item(id: number): ItemRecord | null {
    const row = this.sql('SELECT * FROM items WHERE id = ?').get(id) as Row | undefined;
    return row ? itemFromRow(row) : null;
  }

  itemByPath(jobId: string, relativePath: string): ItemRecord | null {
    const row = this.sql('SELECT * FROM items WHERE job_id = ? AND relative_path = ?').get(jobId, relativePath) as
      | Row
      | undefined;
    return row ? itemFromRow(row) : null;
  }

  /** The next items in `state` after `afterId`, in id order (the scheduler pages through them). */
  itemsInState(jobId: string, state: ItemState, afterId: number, limit: number): ItemRecord[] {
    return (
      this.sql('SELECT * FROM items WHERE job_id = ? AND state = ? AND id > ? ORDER BY id LIMIT ?').all(
        jobId,
        state,
        afterId,
        limit,
      ) as Row[]
    ).map(itemFromRow);
  }

  /** How many items of a job are in `state`. */
  countItems(jobId: string, state: ItemState): number {
    const row = this.sql('SELECT COUNT(*) AS count FROM items WHERE job_id = ? AND state = ?').get(jobId, state) as { count: number };
    return row.count;
  }

  /** Files and bytes per item state. */
  itemTotals(jobId: string): Map<ItemState, { files: number; bytes: number }> {
    const rows = this.sql(
      'SELECT state, COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes FROM items WHERE job_id = ? GROUP BY state',
    ).all(jobId) as Array<{ state: ItemState; files: number; bytes: number }>;
    return new Map(rows.map((row) => [row.state, { files: row.files, bytes: row.bytes }]));
  }

  /** Moves every item of a job in one of `from` to `to` (e.g. running → pending after a crash). */
  moveItems(jobId: string, from: ItemState[], to: ItemState, clearError = false): number {
    const marks = from.map(() => '?').join(', ');
    const result = this.database
      .prepare(
        `UPDATE items SET state = ?${clearError ? ', error = NULL, error_code = NULL, attempts = 0' : ''}
         WHERE job_id = ? AND state IN (${marks})`,
      )
      .run(to, jobId, ...from);
    return Number(result.changes);
  }

  /** Browser files whose bytes never fully arrived go back to waiting for them. */
  moveIncompleteToWaiting(jobId: string): number {
    const result = this.sql(
      "UPDATE items SET state = 'waiting', error = NULL, error_code = NULL WHERE job_id = ? AND state = 'failed' AND error_code = 'incomplete'",
    ).run(jobId);
    return Number(result.changes);
  }

  /** Applies item changes in one transaction. */
  applyItemChanges(changes: ItemChange[]): void {
    if (changes.length === 0) return;
    this.transaction(() => {
      for (const change of changes) {
        const sets: string[] = [];
        const values: SQLInputValue[] = [];
        for (const [field, value] of Object.entries(change)) {
          if (field === 'id' || value === undefined) continue;
          sets.push(`${itemColumns[field as keyof typeof itemColumns]} = ?`);
          values.push(value as SQLInputValue);
        }
        if (sets.length === 0) continue;
        this.sql(`UPDATE items SET ${sets.join(', ')} WHERE id = ?`).run(...values, change.id);
      }
    });
  }

  /** Items in a state, for job detail (failed items with reasons), newest id first. */
  itemsPage(jobId: string, state: ItemState, limit: number, offset = 0): ItemRecord[] {
    return (
      this.sql('SELECT * FROM items WHERE job_id = ? AND state = ? ORDER BY id LIMIT ? OFFSET ?').all(
        jobId,
        state,
        limit,
        offset,
      ) as Row[]
    ).map(itemFromRow);
  }

  /** Items of a job still holding a multipart upload id (cancelled or replaced uploads to abort). */
  itemsWithUploads(jobId: string): ItemRecord[] {
    return (
      this.sql("SELECT * FROM items WHERE job_id = ? AND upload_id IS NOT NULL AND state <> 'done'").all(jobId) as Row[]
    ).map(itemFromRow);
  }

  parts(itemId: number): PartRecord[] {
    return (this.sql('SELECT * FROM parts WHERE item_id = ? ORDER BY part_number').all(itemId) as Row[]).map((row) => ({
      itemId: row.item_id as number,
      partNumber: row.part_number as number,
      size: row.size as number,
      etag: row.etag as string | null,
      crc: row.crc as number,
    }));
  }

  /** Records completed parts (insert or replace). */
  savePartsSync(parts: PartRecord[]): void {
    if (parts.length === 0) return;
    const statement = this.sql(
      'INSERT OR REPLACE INTO parts (item_id, part_number, size, etag, crc) VALUES (?, ?, ?, ?, ?)',
    );
    this.transaction(() => {
      for (const part of parts) statement.run(part.itemId, part.partNumber, part.size, part.etag, part.crc);
    });
  }

  deleteParts(itemId: number): void {
    this.sql('DELETE FROM parts WHERE item_id = ?').run(itemId);
  }

  deletePart(itemId: number, partNumber: number): void {
    this.sql('DELETE FROM parts WHERE item_id = ? AND part_number = ?').run(itemId, partNumber);
  }

  addRemoteObjects(jobId: string, objects: Array<{ key: string; size: number }>): void {
    const statement = this.sql('INSERT OR REPLACE INTO remote_objects (job_id, key, size) VALUES (?, ?, ?)');
    this.transaction(() => {
      for (const object of objects) statement.run(jobId, object.key, object.size);
    });
  }

  remoteObject(jobId: string, key: string): { size: number } | null {
    const row = this.sql('SELECT size FROM remote_objects WHERE job_id = ? AND key = ?').get(jobId, key) as
      | { size: number }
      | undefined;
    return row ?? null;
  }

  clearRemoteObjects(jobId: string): void {
    this.sql('DELETE FROM remote_objects WHERE job_id = ?').run(jobId);
  }

  /**
   * Multipart uploads still recorded on items of jobs that will never continue them (cancelled, or done with the
   * item failed for good after a crash mid-cancel): moved to the abort list.
   */
  collectAbandonedUploadsSync(): number {
    return this.transaction(() => {
      const rows = this.sql(
        `SELECT items.id, items.key, items.upload_id, jobs.profile_id, jobs.dataset_id, jobs.bucket FROM items
           JOIN jobs ON jobs.id = items.job_id
          WHERE items.upload_id IS NOT NULL AND jobs.state IN ('cancelled', 'done')`,
      ).all() as Row[];
      for (const row of rows) {
        this.addPendingAbort({
          uploadId: row.upload_id as string,
          profileId: row.profile_id as string,
          datasetId: row.dataset_id as string,
          bucket: (row.bucket as string | null) ?? '',
          key: row.key as string,
          reason: 'left behind by a transfer that will not continue',
        });
        this.sql('UPDATE items SET upload_id = NULL WHERE id = ?').run(row.id as number);
      }
      return rows.length;
    });
  }

  addPendingAbort(entry: Omit<PendingAbort, 'attempts'>): void {
    this.sql(
      `INSERT OR IGNORE INTO pending_aborts (upload_id, profile_id, dataset_id, bucket, key, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(entry.uploadId, entry.profileId, entry.datasetId, entry.bucket, entry.key, entry.reason, Date.now());
  }

  pendingAborts(): PendingAbort[] {
    return (this.sql('SELECT * FROM pending_aborts ORDER BY created_at').all() as Row[]).map((row) => ({
      uploadId: row.upload_id as string,
      profileId: row.profile_id as string,
      datasetId: row.dataset_id as string,
      bucket: row.bucket as string,
      key: row.key as string,
      reason: row.reason as string,
      attempts: row.attempts as number,
    }));
  }

  resolvePendingAbort(uploadId: string, aborted: boolean): void {
    if (aborted) this.sql('DELETE FROM pending_aborts WHERE upload_id = ?').run(uploadId);
    else this.sql('UPDATE pending_aborts SET attempts = attempts + 1 WHERE upload_id = ?').run(uploadId);
  }

  setting(key: string): string | null {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.sql('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, value);
  }
}
