/**
 * The job database's jobs, items (one per file) and parts (of multipart uploads and ranged downloads). The
 * connection, listings, pending aborts and settings live in JobDatabase.
 */
import { randomUUID } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';
import { JobDatabase } from './job-database.ts';
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

/** Jobs, items and parts. Synchronous by design: every statement is small and indexed. */
export class JobStore extends JobDatabase {
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
    return (this.sql('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit) as Row[]).map(
      jobFromRow,
    );
  }

  /** Jobs in the given states, oldest first. */
  jobsInStates(states: JobState[]): JobRecord[] {
    const marks = states.map(() => '?').join(', ');
    return (
      this.database
        .prepare(`SELECT * FROM jobs WHERE state IN (${marks}) ORDER BY created_at`)
        .all(...states) as Row[]
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
  claimJob(
    id: string,
    owner: string,
    staleAfterMs: number,
    isAlive: (holder: string) => boolean = () => true,
  ): boolean {
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
    return {
      owner: (row?.owner as string | null) ?? null,
      heartbeatAt: (row?.heartbeat_at as number | null) ?? null,
    };
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
    const row = this.sql('SELECT * FROM items WHERE job_id = ? AND relative_path = ?').get(
      jobId,
      relativePath,
    ) as Row | undefined;
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
    const row = this.sql('SELECT COUNT(*) AS count FROM items WHERE job_id = ? AND state = ?').get(
      jobId,
      state,
    ) as { count: number };
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
      this.sql("SELECT * FROM items WHERE job_id = ? AND upload_id IS NOT NULL AND state <> 'done'").all(
        jobId,
      ) as Row[]
    ).map(itemFromRow);
  }

  parts(itemId: number): PartRecord[] {
    return (this.sql('SELECT * FROM parts WHERE item_id = ? ORDER BY part_number').all(itemId) as Row[]).map(
      (row) => ({
        itemId: row.item_id as number,
        partNumber: row.part_number as number,
        size: row.size as number,
        etag: row.etag as string | null,
        crc: row.crc as number,
      }),
    );
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
}

export type { PendingAbort } from './job-database.ts';
