/**
 * One profile's catalog: the SQLite file, its queries and sessions, write-through of the server's answers, and
 * the staged writes a sync applies in one final transaction so a failed run changes nothing.
 *
 * Two connections: every write goes through the writer, every query through a read-only reader. WAL gives the
 * reader the last committed state, so the final apply of a large sync can run in chunks, yielding to the event
 * loop between them, while lists keep answering from the catalog as it was until the apply commits.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DatabaseSync } from 'node:sqlite';
import { Emitter } from '../core/index.ts';
import { monotonicNow } from './clock.ts';
import { inTransaction, openCatalogDatabaseSync } from './database.ts';
import { datasetColumns, rowFromItem, type DatasetRow, type FetchedDataset } from './item.ts';
import { CatalogQueries } from './queries.ts';
import { SyncSessions } from './sessions.ts';
import { statementCache, type Prepare } from './statements.ts';

const columnList = datasetColumns.join(', ');
const placeholders = datasetColumns.map(() => '?').join(', ');
const updateFromExcluded = datasetColumns
  .filter((column) => column !== 'id')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/** What the local copy of a dataset is, for deciding whether a remote item changed. */
export interface StoredVersion {
  updatedTimestamp: number;
  hash: string;
}

/** What applying a complete sync pass wrote. */
export interface AppliedPass {
  /** Dataset rows inserted or updated from the staging table. */
  upserted: number;
  removed: number;
}

/** A file name for a profile id that any file system accepts and no two ids share. */
export function catalogFileName(profileId: string): string {
  const readable = profileId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  const digest = createHash('sha256').update(profileId).digest('hex').slice(0, 10);
  return `${readable}-${digest}.sqlite`;
}

/** Staged rows applied per slice of the final transaction (a slice blocks the event loop for tens of ms). */
const applySliceRows = 1_000;

/** A profile's catalog file and everything that reads or writes it. */
export class ProfileCatalog {
  readonly profileId: string;
  readonly path: string;
  readonly queries: CatalogQueries;
  readonly sessions: SyncSessions;
  /** Fires after the catalog's content changed (a sync applied, a write-through, a removal). */
  readonly onDidChange = new Emitter<number>();
  private readonly database: DatabaseSync;
  private readonly reader: DatabaseSync;
  private readonly prepare: Prepare;
  private readonly prepareRead: Prepare;
  private currentRevision = Date.now();
  /** The final apply of a sync while it runs: other writes wait for it (they would join its transaction). */
  private applying: Promise<unknown> | null = null;

  constructor(profileId: string, path: string) {
    this.profileId = profileId;
    this.path = path;
    this.database = openCatalogDatabaseSync(path);
    this.reader = new DatabaseSync(path, { readOnly: true, timeout: 5_000 });
    // Lists and searches run here: a larger page cache and memory-mapped reads keep a 100k catalog warm.
    this.reader.exec('PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456');
    this.prepare = statementCache(this.database);
    this.prepareRead = statementCache(this.reader);
    this.queries = new CatalogQueries(this.prepareRead);
    this.sessions = new SyncSessions(this.prepareRead, this.prepare);
    this.sessions.failAbandoned();
    this.discardStaging();
  }

  /** Resolves when no sync is applying (writes made after this cannot land inside its transaction). */
  async idle(): Promise<void> {
    while (this.applying) await this.applying.catch(() => undefined);
  }

  /** Goes up on every content change. */
  get revision(): number {
    return this.currentRevision;
  }

  /** A stored setting of this catalog. */
  meta(key: string): string | null {
    const row = this.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  /**
   * Makes sure the catalog holds only what `account` may see: a different signed-in user on the same data store
   * starts from an empty catalog instead of browsing the previous user's datasets.
   */
  async useAccount(account: string): Promise<void> {
    await this.idle();
    const previous = this.meta('account');
    if (previous === account) return;
    inTransaction(this.database, () => {
      if (previous !== null) this.prepare('DELETE FROM datasets').run();
      this.setMeta('account', account);
    });
    if (previous !== null) this.changed();
  }

  /**
   * Writes the server's answers at once (after mint, update, revert, version, release, or any fetch), keeping
   * known roles. An answer identical to the stored row writes nothing. Returns how many rows changed.
   */
  async writeThrough(answers: readonly FetchedDataset[]): Promise<number> {
    if (answers.length === 0) return 0;
    await this.idle();
    const now = monotonicNow();
    const statement = this.prepare(
      `INSERT INTO datasets (${columnList}, roles, locked, written_at) VALUES (${placeholders}, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET ${updateFromExcluded}, roles = coalesce(excluded.roles, datasets.roles),
         locked = coalesce(excluded.locked, datasets.locked), written_at = excluded.written_at
       WHERE datasets.item_hash IS NOT excluded.item_hash OR coalesce(excluded.roles, datasets.roles) IS NOT datasets.roles
         OR coalesce(excluded.locked, datasets.locked) IS NOT datasets.locked`,
    );
    const itemStatement = this.prepare(
      `INSERT INTO dataset_items (id, item_json) VALUES (?, ?)
       ON CONFLICT (id) DO UPDATE SET item_json = excluded.item_json WHERE item_json IS NOT excluded.item_json`,
    );
    const changed = inTransaction(this.database, () => {
      let rows = 0;
      for (const answer of answers) {
        const row = rowFromItem(answer.item);
        itemStatement.run(row.id, row.item_json);
        rows += Number(
          statement.run(
            ...datasetColumns.map((column) => row[column]),
            answer.roles ? JSON.stringify(answer.roles) : null,
            answer.locked === undefined || answer.locked === null ? null : answer.locked ? 1 : 0,
            now,
          ).changes,
        );
      }
      return rows;
    });
    if (changed > 0) this.changed();
    return changed;
  }

  /** Forgets datasets the data store says are gone or no longer visible (e.g. a fetch answered "unknown id"). */
  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await this.idle();
    const removed = inTransaction(this.database, () => this.deleteIds(ids));
    if (removed > 0) this.changed();
    return removed;
  }

  /** The stored hash and update time of each of `ids` that the catalog holds. */
  storedVersions(ids: readonly string[]): Map<string, StoredVersion> {
    const rows = this.prepareRead(
      'SELECT id, updated_timestamp, item_hash FROM datasets WHERE id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as Array<{ id: string; updated_timestamp: number; item_hash: string }>;
    return new Map(
      rows.map((row) => [row.id, { updatedTimestamp: row.updated_timestamp, hash: row.item_hash }]),
    );
  }

  /** Stages changed rows of a running sync (one transaction per batch); the catalog itself is not touched. */
  stage(sessionId: number, rows: readonly DatasetRow[], fetchedAt: number): number {
    if (rows.length === 0) return 0;
    const statement = this.prepare(
      `INSERT INTO staged_datasets (session_id, ${columnList}, item_json, fetched_at)
       VALUES (?, ${placeholders}, ?, ?)`,
    );
    inTransaction(this.database, () => {
      for (const row of rows) {
        statement.run(sessionId, ...datasetColumns.map((column) => row[column]), row.item_json, fetchedAt);
      }
    });
    return rows.length;
  }

  /**
   * Applies a complete pass in one transaction: staged rows are upserted (unless a write-through since they were
   * read is fresher) and datasets the pass did not see are removed (unless written after the pass started).
   * `finish` runs inside the same transaction so the session's outcome and the data commit together. The work
   * is sliced with event-loop turns in between; aborting `signal` rolls it all back.
   */
  async applyPass(
    sessionId: number,
    seen: ReadonlySet<string>,
    startedAt: number,
    signal: AbortSignal,
    finish: (applied: AppliedPass) => void,
  ): Promise<AppliedPass> {
    await this.idle();
    const work = this.applySliced(sessionId, seen, startedAt, signal, finish);
    this.applying = work;
    try {
      const applied = await work;
      if (applied.upserted + applied.removed > 0) this.changed();
      return applied;
    } finally {
      this.applying = null;
    }
  }

  private async applySliced(
    sessionId: number,
    seen: ReadonlySet<string>,
    startedAt: number,
    signal: AbortSignal,
    finish: (applied: AppliedPass) => void,
  ): Promise<AppliedPass> {
    const fresher = 'EXISTS (SELECT 1 FROM datasets d WHERE d.id = s.id AND d.written_at > s.fetched_at)';
    const range = 's.session_id = ? AND s.rowid BETWEEN ? AND ?';
    // Items first: the guard reads datasets.written_at, which the second statement moves forward.
    const items = this.prepare(
      `INSERT INTO dataset_items (id, item_json) SELECT id, item_json FROM staged_datasets s
       WHERE ${range} AND NOT ${fresher}
       ON CONFLICT (id) DO UPDATE SET item_json = excluded.item_json`,
    );
    const rows = this.prepare(
      `INSERT INTO datasets (${columnList}, written_at)
       SELECT ${columnList}, ? FROM staged_datasets s WHERE ${range} AND NOT ${fresher}
       ON CONFLICT (id) DO UPDATE SET ${updateFromExcluded}, written_at = excluded.written_at`,
    );
    const bounds = this.prepare(
      'SELECT min(rowid) AS low, max(rowid) AS high FROM staged_datasets WHERE session_id = ?',
    ).get(sessionId) as { low: number | null; high: number | null };
    this.database.exec('BEGIN IMMEDIATE');
    try {
      let upserted = 0;
      const now = monotonicNow();
      for (let low = bounds.low ?? 1, high = bounds.high ?? 0; low <= high; low += applySliceRows) {
        items.run(sessionId, low, low + applySliceRows - 1);
        upserted += Number(rows.run(now, sessionId, low, low + applySliceRows - 1).changes);
        await yieldToEventLoop();
        signal.throwIfAborted();
      }
      const gone: string[] = [];
      const local = this.prepare('SELECT id FROM datasets WHERE written_at < ?').iterate(
        startedAt,
      ) as Iterable<{
        id: string;
      }>;
      for (const row of local) if (!seen.has(row.id)) gone.push(row.id);
      const removed = this.deleteIds(gone);
      this.prepare('DELETE FROM staged_datasets WHERE session_id = ?').run(sessionId);
      const result: AppliedPass = { upserted, removed };
      finish(result);
      this.database.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.database.isTransaction) this.database.exec('ROLLBACK');
      throw error;
    }
  }

  /** Drops whatever an unfinished run staged. */
  discardStaging(): void {
    this.prepare('DELETE FROM staged_datasets').run();
  }

  /** Closes the file. */
  close(): void {
    if (this.reader.isOpen) this.reader.close();
    if (this.database.isOpen) this.database.close();
  }

  private deleteIds(ids: readonly string[]): number {
    let removed = 0;
    const statement = this.prepare('DELETE FROM datasets WHERE id IN (SELECT value FROM json_each(?))');
    for (let start = 0; start < ids.length; start += 500) {
      removed += Number(statement.run(JSON.stringify(ids.slice(start, start + 500))).changes);
    }
    return removed;
  }

  private changed(): void {
    this.currentRevision = Math.max(this.currentRevision + 1, Date.now());
    this.onDidChange.fire(this.currentRevision);
  }
}
