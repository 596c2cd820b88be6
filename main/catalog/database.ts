/**
 * The catalog's SQLite file: opening it (WAL, busy timeout) and bringing its schema up to date with numbered
 * migrations recorded in `PRAGMA user_version`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const datasetColumnsSql = `
  id TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  keywords TEXT NOT NULL,
  keywords_text TEXT NOT NULL,
  owner_username TEXT NOT NULL,
  created_timestamp INTEGER NOT NULL,
  updated_timestamp INTEGER NOT NULL,
  release_status TEXT NOT NULL,
  release_approver TEXT,
  release_requester TEXT,
  release_timestamp INTEGER,
  version INTEGER,
  previous_version TEXT,
  next_version TEXT,
  item_json TEXT NOT NULL,
  item_hash TEXT NOT NULL`;

/** Each entry moves the schema one version up; never edit a released entry, append a new one. */
const migrations: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- row_id is the FTS index's rowid; id is the data store's handle.
  CREATE TABLE datasets (
    row_id INTEGER PRIMARY KEY,
    ${datasetColumnsSql},
    -- The caller's item roles and the lock, known only from a fetch (write-through); NULL when unknown.
    roles TEXT,
    locked INTEGER,
    -- When this row was last written (ms), so a sync never overwrites a fresher write-through.
    written_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX datasets_by_updated ON datasets (updated_timestamp, id);
  CREATE INDEX datasets_by_created ON datasets (created_timestamp, id);
  CREATE INDEX datasets_by_name ON datasets (display_name COLLATE NOCASE, id);
  CREATE INDEX datasets_by_status ON datasets (release_status, updated_timestamp, id);
  CREATE INDEX datasets_by_owner ON datasets (owner_username, updated_timestamp, id);
  CREATE INDEX datasets_by_approver ON datasets (release_approver, release_status);

  CREATE VIRTUAL TABLE datasets_fts USING fts5 (
    display_name, description, keywords_text, id,
    content = 'datasets', content_rowid = 'row_id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  CREATE TRIGGER datasets_fts_insert AFTER INSERT ON datasets BEGIN
    INSERT INTO datasets_fts (rowid, display_name, description, keywords_text, id)
    VALUES (new.row_id, new.display_name, new.description, new.keywords_text, new.id);
  END;
  CREATE TRIGGER datasets_fts_delete AFTER DELETE ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, display_name, description, keywords_text, id)
    VALUES ('delete', old.row_id, old.display_name, old.description, old.keywords_text, old.id);
  END;
  -- Only text changes touch the index: a release-status change costs no FTS work.
  CREATE TRIGGER datasets_fts_update AFTER UPDATE OF display_name, description, keywords_text ON datasets
  WHEN old.display_name IS NOT new.display_name OR old.description IS NOT new.description
    OR old.keywords_text IS NOT new.keywords_text
  BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, display_name, description, keywords_text, id)
    VALUES ('delete', old.row_id, old.display_name, old.description, old.keywords_text, old.id);
    INSERT INTO datasets_fts (rowid, display_name, description, keywords_text, id)
    VALUES (new.row_id, new.display_name, new.description, new.keywords_text, new.id);
  END;

  -- Changed items a running sync has read, applied only when its pass completes.
  CREATE TABLE staged_datasets (
    session_id INTEGER NOT NULL,
    ${datasetColumnsSql},
    fetched_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sync_sessions (
    id INTEGER PRIMARY KEY,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL,
    account TEXT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    heartbeat_at INTEGER NOT NULL,
    owner_pid INTEGER NOT NULL,
    pages INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    expected INTEGER,
    error_code TEXT,
    error_message TEXT,
    error_details TEXT
  ) STRICT;
  CREATE INDEX sync_sessions_by_status ON sync_sessions (status, finished_at);
  `,
];

/** The schema version this code writes. */
export const schemaVersion = migrations.length;

/** Runs `work` in one write transaction (BEGIN IMMEDIATE), rolling back if it throws. */
export function inTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.isTransaction) database.exec('ROLLBACK');
    throw error;
  }
}

/** Opens (creating if needed) a catalog file and migrates it; synchronous, done once per profile. */
export function openCatalogDatabaseSync(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new DatabaseSync(path, { timeout: 5_000 });
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('PRAGMA temp_store = MEMORY');
    database.exec('PRAGMA cache_size = -32000');
    const current = Number((database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (current > schemaVersion) {
      throw new Error(`The catalog at ${path} was written by a newer Datadesk (schema ${current}).`);
    }
    for (let version = current; version < schemaVersion; version++) {
      inTransaction(database, () => {
        database.exec(migrations[version]!);
        database.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
