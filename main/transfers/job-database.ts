/**
 * The job database (node:sqlite, WAL), shared by the app and the CLI: the connection and transactions, remote
 * listings used while planning, multipart uploads waiting to be aborted, and the transfer settings.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrateSync } from './job-schema.ts';
import type { Row } from './job-rows.ts';

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

/** The connection and the bookkeeping tables; JobStore adds jobs, items and parts. */
export class JobDatabase {
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
  protected sql(text: string): StatementSync {
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

  addRemoteObjects(jobId: string, objects: Array<{ key: string; size: number }>): void {
    const statement = this.sql('INSERT OR REPLACE INTO remote_objects (job_id, key, size) VALUES (?, ?, ?)');
    this.transaction(() => {
      for (const object of objects) statement.run(jobId, object.key, object.size);
    });
  }

  remoteObject(jobId: string, key: string): { size: number } | null {
    const row = this.sql('SELECT size FROM remote_objects WHERE job_id = ? AND key = ?').get(jobId, key) as
      { size: number } | undefined;
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
    ).run(
      entry.uploadId,
      entry.profileId,
      entry.datasetId,
      entry.bucket,
      entry.key,
      entry.reason,
      Date.now(),
    );
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
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.sql('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, value);
  }
}
