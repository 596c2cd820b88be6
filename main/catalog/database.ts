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
  facets TEXT NOT NULL,
  item_hash TEXT NOT NULL`;

const ftsColumns = 'display_name, description, keywords_text, id, facets';
const ftsValues = (row: 'new' | 'old') => ftsColumns.replace(/(\w+)/g, `${row}.$1`);

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
  -- The full item JSON (several KB each), kept out of the rows that lists and searches walk.
  CREATE TABLE dataset_items (id TEXT PRIMARY KEY, item_json TEXT NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TRIGGER datasets_items_delete AFTER DELETE ON datasets BEGIN
    DELETE FROM dataset_items WHERE id = old.id;
  END;

  -- Lists walk one of these in order (row_id rides along in every index), so a page costs its offset + limit.
  CREATE INDEX datasets_by_updated ON datasets (updated_timestamp, id);
  CREATE INDEX datasets_by_created ON datasets (created_timestamp, id);
  CREATE INDEX datasets_by_name ON datasets (display_name COLLATE NOCASE, id);

  -- Text search and filters in one index: filters are "facet" tokens (status, owner, approver, latest), so a
  -- filtered search and its total are a single FTS5 query however many datasets match.
  CREATE VIRTUAL TABLE datasets_fts USING fts5 (
    ${ftsColumns},
    content = 'datasets', content_rowid = 'row_id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  -- Relevance: name and id weigh most, then keywords, then description; facets not at all.
  INSERT INTO datasets_fts (datasets_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 5.0, 10.0, 0.0)');
  CREATE TRIGGER datasets_fts_insert AFTER INSERT ON datasets BEGIN
    INSERT INTO datasets_fts (rowid, ${ftsColumns}) VALUES (new.row_id, ${ftsValues('new')});
  END;
  CREATE TRIGGER datasets_fts_delete AFTER DELETE ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, ${ftsColumns}) VALUES ('delete', old.row_id, ${ftsValues('old')});
  END;
  -- Only indexed changes touch the index: an unchanged name, text and facets cost no FTS work.
  CREATE TRIGGER datasets_fts_update AFTER UPDATE OF ${ftsColumns} ON datasets
  WHEN old.display_name IS NOT new.display_name OR old.description IS NOT new.description
    OR old.keywords_text IS NOT new.keywords_text OR old.facets IS NOT new.facets
  BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, ${ftsColumns}) VALUES ('delete', old.row_id, ${ftsValues('old')});
    INSERT INTO datasets_fts (rowid, ${ftsColumns}) VALUES (new.row_id, ${ftsValues('new')});
  END;

  -- Changed items a running sync has read, applied only when its pass completes.
  CREATE TABLE staged_datasets (
    session_id INTEGER NOT NULL,
    ${datasetColumnsSql},
    item_json TEXT NOT NULL,
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
    const current = Number(
      (database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
    );
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
