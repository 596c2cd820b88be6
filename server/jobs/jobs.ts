/**
 * Async job sessions. A job's status follows from the clock and its stored times (hidden, then PENDING, then
 * IN_PROGRESS, then SUCCEEDED), so no timer runs and a restart loses nothing. Mint and version create a
 * registry job and the lodge job chained to it in one go; the lodge job appears when the first one finishes.
 */
import { randomUUID } from 'node:crypto';
import type { JobStatusTable, JobSubType, JobType, PaginationKey } from '../../shared/provena/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Database } from '../db/database.ts';

interface JobRow {
  session_id: string;
  username: string;
  batch_id: string | null;
  created_timestamp: number;
  job_type: JobType;
  job_sub_type: JobSubType;
  payload: string;
  result: string | null;
  visible_at: number;
  started_at: number;
  finished_at: number;
}

/** What a new job is. */
export interface NewJob {
  username: string;
  type: JobType;
  subType: JobSubType;
  payload: Record<string, unknown>;
  result: Record<string, unknown>;
  /** Epoch ms from which the job exists (default now). */
  from?: number;
}

/** The jobs table. Callers wrap creation in the transaction of the change that spins the jobs off. */
export class JobStore {
  private readonly database: Database;
  private readonly timing: ServerConfig['jobs'];

  constructor(database: Database, timing: ServerConfig['jobs']) {
    this.database = database;
    this.timing = timing;
  }

  /** Creates a job; returns its session id and when it finishes (epoch ms). */
  create(job: NewJob): { sessionId: string; finishedAt: number } {
    const sessionId = randomUUID();
    const from = job.from ?? Date.now();
    const visibleAt = from + this.timing.appearAfterMs;
    const startedAt = visibleAt + this.timing.pendingMs;
    const finishedAt = startedAt + this.timing.inProgressMs;
    this.database
      .prepare(
        `INSERT INTO jobs (session_id, username, batch_id, created_timestamp, job_type, job_sub_type, payload, result,
           visible_at, started_at, finished_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        sessionId,
        job.username,
        Math.floor(visibleAt / 1000),
        job.type,
        job.subType,
        JSON.stringify(job.payload),
        JSON.stringify(job.result),
        visibleAt,
        startedAt,
        finishedAt,
      );
    return { sessionId, finishedAt };
  }

  /** A registry job and its chained lodge job; returns the registry job's session id. */
  createChain(
    first: Omit<NewJob, 'result'> & { resultFields: Record<string, unknown> },
    lodge: Omit<NewJob, 'result' | 'from'>,
  ): string {
    const lodgeSession = randomUUID();
    const firstJob = this.create({
      ...first,
      result: { ...first.resultFields, lodge_session_id: lodgeSession },
    });
    const from = firstJob.finishedAt;
    const visibleAt = from + this.timing.appearAfterMs;
    const startedAt = visibleAt + this.timing.pendingMs;
    this.database
      .prepare(
        `INSERT INTO jobs (session_id, username, batch_id, created_timestamp, job_type, job_sub_type, payload, result,
           visible_at, started_at, finished_at) VALUES (?, ?, NULL, ?, ?, ?, ?, '{}', ?, ?, ?)`,
      )
      .run(
        lodgeSession,
        lodge.username,
        Math.floor(visibleAt / 1000),
        lodge.type,
        lodge.subType,
        JSON.stringify(lodge.payload),
        visibleAt,
        startedAt,
        startedAt + this.timing.inProgressMs,
      );
    return firstJob.sessionId;
  }

  /** A job as it stands now, or null while it does not exist yet. */
  get(sessionId: string, now = Date.now()): JobStatusTable | null {
    const row = this.database.prepare('SELECT * FROM jobs WHERE session_id = ?').get(sessionId) as
      JobRow | undefined;
    return row && row.visible_at <= now ? present(row, now) : null;
  }

  /** A user's jobs, newest first, DynamoDB-style pages (a full page always carries a key). */
  listForUser(
    username: string,
    limit: number,
    key: PaginationKey | null | undefined,
  ): { jobs: JobStatusTable[]; key: PaginationKey | null } {
    return this.page('username = ?', [username], limit, key);
  }

  /** The jobs of one batch, newest first. */
  listBatch(
    batchId: string,
    limit: number,
    key: PaginationKey | null | undefined,
  ): { jobs: JobStatusTable[]; key: PaginationKey | null } {
    return this.page('batch_id = ?', [batchId], limit, key);
  }

  private page(
    filter: string,
    values: string[],
    limit: number,
    key: PaginationKey | null | undefined,
  ): { jobs: JobStatusTable[]; key: PaginationKey | null } {
    const now = Date.now();
    const after = key ? cursorOf(key) : null;
    const rows = this.database
      .prepare(
        `SELECT * FROM jobs WHERE ${filter} AND visible_at <= ?
         ${after ? 'AND (created_timestamp < ? OR (created_timestamp = ? AND session_id < ?))' : ''}
         ORDER BY created_timestamp DESC, session_id DESC LIMIT ?`,
      )
      .all(
        ...values,
        now,
        ...(after ? [after.created, after.created, after.session] : []),
        limit,
      ) as unknown as JobRow[];
    const last = rows.at(-1);
    return {
      jobs: rows.map((row) => present(row, now)),
      key:
        last && rows.length === limit
          ? { session_id: last.session_id, created_timestamp: last.created_timestamp }
          : null,
    };
  }
}

/** Reads a pagination key this store handed out; throws on anything else. */
function cursorOf(key: PaginationKey): { created: number; session: string } {
  const created = key.created_timestamp;
  const session = key.session_id;
  if (typeof created !== 'number' || typeof session !== 'string')
    throw new TypeError('invalid pagination key');
  return { created, session };
}

function present(row: JobRow, now: number): JobStatusTable {
  const status = now < row.started_at ? 'PENDING' : now < row.finished_at ? 'IN_PROGRESS' : 'SUCCEEDED';
  return {
    session_id: row.session_id,
    created_timestamp: row.created_timestamp,
    username: row.username,
    batch_id: row.batch_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    job_type: row.job_type,
    job_sub_type: row.job_sub_type,
    gsi_status: 'ok',
    status,
    info: null,
    result: status === 'SUCCEEDED' && row.result ? (JSON.parse(row.result) as Record<string, unknown>) : null,
  };
}
