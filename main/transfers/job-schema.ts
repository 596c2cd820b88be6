/** The job database's schema and its migrations (applied in order, recorded in `user_version`). */
import type { DatabaseSync } from 'node:sqlite';

const migrations: string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     profile_id TEXT NOT NULL,
     dataset_id TEXT NOT NULL,
     title TEXT NOT NULL,
     remote_path TEXT NOT NULL,
     sources TEXT NOT NULL,
     local_path TEXT,
     conflict TEXT NOT NULL,
     host TEXT NOT NULL,
     from_browser INTEGER NOT NULL DEFAULT 0,
     state TEXT NOT NULL,
     planned INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     error_code TEXT,
     bucket TEXT,
     prefix TEXT,
     total_files INTEGER NOT NULL DEFAULT 0,
     total_bytes INTEGER NOT NULL DEFAULT 0,
     done_files INTEGER NOT NULL DEFAULT 0,
     done_bytes INTEGER NOT NULL DEFAULT 0,
     skipped_files INTEGER NOT NULL DEFAULT 0,
     failed_files INTEGER NOT NULL DEFAULT 0,
     owner TEXT,
     heartbeat_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     finished_at INTEGER
   )`,
  `CREATE INDEX jobs_created ON jobs(created_at DESC)`,
  `CREATE TABLE items (
     id INTEGER PRIMARY KEY,
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     relative_path TEXT NOT NULL,
     local_path TEXT NOT NULL,
     key TEXT NOT NULL,
     size INTEGER NOT NULL,
     mtime_ms REAL,
     etag TEXT,
     checksum TEXT,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     error_code TEXT,
     upload_id TEXT,
     part_size INTEGER,
     remote_size INTEGER,
     UNIQUE (job_id, relative_path)
   )`,
  `CREATE INDEX items_job_state ON items(job_id, state, id)`,
  `CREATE TABLE parts (
     item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
     part_number INTEGER NOT NULL,
     size INTEGER NOT NULL,
     etag TEXT,
     crc INTEGER NOT NULL,
     PRIMARY KEY (item_id, part_number)
   ) WITHOUT ROWID`,
  `CREATE TABLE remote_objects (
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     size INTEGER NOT NULL,
     PRIMARY KEY (job_id, key)
   ) WITHOUT ROWID`,
  `CREATE TABLE pending_aborts (
     upload_id TEXT PRIMARY KEY,
     profile_id TEXT NOT NULL,
     dataset_id TEXT NOT NULL,
     bucket TEXT NOT NULL,
     key TEXT NOT NULL,
     reason TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   )`,
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

/** Brings a database up to the newest schema inside one transaction. */
export function migrateSync(database: DatabaseSync): void {
  const row = database.prepare('PRAGMA user_version').get() as { user_version: number };
  const from = row.user_version;
  if (from >= migrations.length) return;
  database.exec('BEGIN IMMEDIATE');
  try {
    for (let index = from; index < migrations.length; index++) database.exec(migrations[index]!);
    database.exec(`PRAGMA user_version = ${migrations.length}`);
    database.exec('COMMIT');
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
