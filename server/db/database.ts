/**
 * The server's SQLite database through `node:sqlite`: WAL, foreign keys, numbered migrations, and one helper
 * that wraps every multi-row change in a transaction so a crash never leaves half of it behind.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrations } from './migrations.ts';

/** The open database. */
export type Database = DatabaseSync;

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new DatabaseSync(path);
  database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = NORMAL');
  database.exec('PRAGMA foreign_keys = ON');
  database.exec('PRAGMA busy_timeout = 5000');
  migrate(database);
  return database;
}

function migrate(database: Database): void {
  const row = database.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < migrations.length; version++) {
    transaction(database, () => {
      database.exec(migrations[version]!);
      database.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}

/**
 * Runs `work` inside one IMMEDIATE transaction: all of its writes land, or none do. `work` must be synchronous;
 * node:sqlite is, so no other request can interleave.
 */
export function transaction<T>(database: Database, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
