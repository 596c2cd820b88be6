/**
 * Sync sessions: one row per sync run with its trigger, totals, progress, outcome and error, so the UI can show
 * what happened and a crash mid-run is recognised at the next start.
 */
import type { SyncSession, SyncSessionStatus, SyncTrigger } from '../../preload/contract/catalog.ts';
import { monotonicNow } from './clock.ts';
import type { Prepare } from './statements.ts';

/** The counters a run keeps while it pages. */
export interface SyncTotals {
  pages: number;
  seen: number;
  added: number;
  updated: number;
  removed: number;
  rowsWritten: number;
}

/** How a run ended when it did not succeed. */
export interface SyncFailure {
  code: string;
  message: string;
  details: string | null;
}

interface SessionRow {
  id: number;
  trigger: SyncTrigger;
  status: SyncSessionStatus;
  started_at: number;
  finished_at: number | null;
  heartbeat_at: number;
  owner_pid: number;
  pages: number;
  seen: number;
  added: number;
  updated: number;
  removed: number;
  rows_written: number;
  expected: number | null;
  error_code: string | null;
  error_message: string | null;
  error_details: string | null;
}

/** A run whose heartbeat is older than this belongs to a process that is gone. */
export const staleRunMs = 120_000;

function sessionFromRow(row: SessionRow): SyncSession {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    pages: row.pages,
    seen: row.seen,
    added: row.added,
    updated: row.updated,
    removed: row.removed,
    rowsWritten: row.rows_written,
    expected: row.expected,
    error:
      row.error_code === null
        ? null
        : { code: row.error_code, message: row.error_message ?? '', details: row.error_details },
  };
}

/** The sync session table of one catalog. */
export class SyncSessions {
  private readonly read: Prepare;
  private readonly prepare: Prepare;

  /** Reads go through `read` (the reader connection), writes through `write`. */
  constructor(read: Prepare, write: Prepare) {
    this.read = read;
    this.prepare = write;
  }

  /** Records a new running session and returns it. */
  start(trigger: SyncTrigger, account: string | null, now = monotonicNow()): SyncSession {
    const expected = this.lastSucceeded()?.seen ?? null;
    const row = this.prepare(
      `INSERT INTO sync_sessions (trigger, status, account, started_at, heartbeat_at, owner_pid, expected)
       VALUES (?, 'running', ?, ?, ?, ?, ?) RETURNING *`,
    ).get(trigger, account, now, now, process.pid, expected) as unknown as SessionRow;
    return sessionFromRow(row);
  }

  /** Saves progress and proves the run is alive. */
  progress(id: number, totals: SyncTotals, now = Date.now()): void {
    this.prepare(
      `UPDATE sync_sessions SET heartbeat_at = ?, pages = ?, seen = ?, added = ?, updated = ?, removed = ?,
       rows_written = ? WHERE id = ?`,
    ).run(
      now,
      totals.pages,
      totals.seen,
      totals.added,
      totals.updated,
      totals.removed,
      totals.rowsWritten,
      id,
    );
  }

  /** Records how a run ended. */
  finish(
    id: number,
    status: Exclude<SyncSessionStatus, 'running'>,
    totals: SyncTotals,
    failure?: SyncFailure,
  ): void {
    const now = Date.now();
    this.progress(id, totals, now);
    this.prepare(
      `UPDATE sync_sessions SET status = ?, finished_at = ?, error_code = ?, error_message = ?, error_details = ?
       WHERE id = ?`,
    ).run(status, now, failure?.code ?? null, failure?.message ?? null, failure?.details ?? null, id);
  }

  /** One session by id. */
  get(id: number): SyncSession | null {
    const row = this.read('SELECT * FROM sync_sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? sessionFromRow(row) : null;
  }

  /** The newest sessions first. */
  recent(limit: number): SyncSession[] {
    const rows = this.read('SELECT * FROM sync_sessions ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as unknown as SessionRow[]).map(sessionFromRow);
  }

  /** The newest finished session, whatever its outcome. */
  lastFinished(): SyncSession | null {
    const row = this.read(
      "SELECT * FROM sync_sessions WHERE status != 'running' ORDER BY id DESC LIMIT 1",
    ).get();
    return row ? sessionFromRow(row as unknown as SessionRow) : null;
  }

  /** The newest successful session. */
  lastSucceeded(): SyncSession | null {
    const row = this.read(
      "SELECT * FROM sync_sessions WHERE status = 'succeeded' ORDER BY id DESC LIMIT 1",
    ).get();
    return row ? sessionFromRow(row as unknown as SessionRow) : null;
  }

  /** A run another live process is doing right now, if any. */
  runningElsewhere(now = Date.now()): SyncSession | null {
    const row = this.read(
      "SELECT * FROM sync_sessions WHERE status = 'running' AND owner_pid != ? AND heartbeat_at > ? LIMIT 1",
    ).get(process.pid, now - staleRunMs);
    return row ? sessionFromRow(row as unknown as SessionRow) : null;
  }

  /** Marks runs left "running" by a process that stopped (a crash, a kill) as failed; returns how many. */
  failAbandoned(now = Date.now()): number {
    const result = this.prepare(
      `UPDATE sync_sessions SET status = 'failed', finished_at = heartbeat_at, error_code = 'cancelled',
       error_message = 'Datadesk stopped before this sync finished; the catalog was left as it was before it.'
       WHERE status = 'running' AND (owner_pid = ? OR heartbeat_at <= ?)`,
    ).run(process.pid, now - staleRunMs);
    return Number(result.changes);
  }

  /** Keeps the newest `keep` sessions. */
  prune(keep = 500): void {
    this.prepare('DELETE FROM sync_sessions WHERE id <= (SELECT max(id) FROM sync_sessions) - ?').run(keep);
  }
}
