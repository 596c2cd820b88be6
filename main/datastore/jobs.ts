/**
 * Waiting for Provena's async jobs (reference §6): a job may not be in the table yet (400 "Item was not found"),
 * then sits PENDING, then runs until SUCCEEDED or FAILED. Mint and version start a registration job whose result
 * names a second, "lodge" job that must finish too.
 */
import { isFinishedJobStatus, type JobStatusTable } from '../../shared/provena/index.ts';
import { AppError } from '../core/index.ts';

/** How long to wait in each phase and how often to ask. */
export interface AwaitJobOptions {
  signal?: AbortSignal;
  /** Between polls (default 2 s, like Provena's client). */
  pollMs?: number;
  /** How long "not yet queued" is tolerated (default 20 s). */
  appearTimeoutMs?: number;
  /** How long a job may stay PENDING (default 120 s). */
  startTimeoutMs?: number;
  /** How long a started job may take to finish (default 180 s). */
  finishTimeoutMs?: number;
  /**
   * How long the job API may stay unreachable before giving up (default 0: the first network error ends the
   * wait). A background watcher tolerates a dropped connection: the job runs on the server regardless.
   */
  unreachableTimeoutMs?: number;
  /** Called with every answer, for progress. */
  onUpdate?(job: JobStatusTable): void;
  /** Chained waits: called as each job of the chain starts being awaited. */
  onPhase?(phase: 'registration' | 'lodge', sessionId: string): void;
}

/** The registration job and the lodge job it started. */
export interface ChainedJobs {
  registration: JobStatusTable;
  lodge: JobStatusTable;
}

type FetchJob = (sessionId: string, signal?: AbortSignal) => Promise<JobStatusTable>;

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('cancelled', 'The operation was cancelled.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('cancelled', 'The operation was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls a job until it is finished; returns it whether it succeeded or failed. */
export async function awaitJob(
  fetchJob: FetchJob,
  sessionId: string,
  options: AwaitJobOptions = {},
): Promise<JobStatusTable> {
  const pollMs = options.pollMs ?? 2000;
  let started = Date.now();
  let startedRunningAt: number | null = null;
  let firstSeenAt: number | null = null;
  let unreachableSince: number | null = null;
  for (;;) {
    let job: JobStatusTable | null = null;
    try {
      job = await fetchJob(sessionId, options.signal);
    } catch (error) {
      if (error instanceof AppError && error.code === 'network' && options.unreachableTimeoutMs) {
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > options.unreachableTimeoutMs) throw error;
        await wait(pollMs, options.signal);
        continue;
      }
      // Time without any answer does not count against "never queued".
      if (unreachableSince !== null) started += Date.now() - unreachableSince;
      unreachableSince = null;
      const notQueuedYet = error instanceof AppError && error.code === 'not_found';
      if (!notQueuedYet || firstSeenAt !== null) throw error;
      if (Date.now() - started > (options.appearTimeoutMs ?? 20_000)) {
        throw new AppError('server', 'The data store never started the background job. Try again later.', {
          sessionId,
        });
      }
    }
    if (job) {
      unreachableSince = null;
      options.onUpdate?.(job);
      if (isFinishedJobStatus(job.status)) return job;
      const now = Date.now();
      firstSeenAt ??= now;
      if (job.status !== 'PENDING') startedRunningAt ??= now;
      if (startedRunningAt === null && now - firstSeenAt > (options.startTimeoutMs ?? 120_000)) {
        throw new AppError(
          'server',
          'The background job is still waiting to start. It may finish later; check again in a while.',
          { sessionId, status: job.status },
        );
      }
      if (startedRunningAt !== null && now - startedRunningAt > (options.finishTimeoutMs ?? 180_000)) {
        throw new AppError(
          'server',
          'The background job is taking longer than expected. It may finish later; check again in a while.',
          { sessionId, status: job.status },
        );
      }
    }
    await wait(pollMs, options.signal);
  }
}

function requireSuccess(job: JobStatusTable, what: string): Record<string, unknown> {
  if (job.status !== 'SUCCEEDED' || !job.result) {
    throw new AppError('server', `The ${what} failed on the data store: ${job.info ?? 'no reason given'}.`, {
      sessionId: job.session_id,
      status: job.status,
      info: job.info ?? null,
    });
  }
  return job.result;
}

/** Awaits a registration job (mint or version), then the lodge job named in its result; both must succeed. */
export async function awaitChainedJobs(
  fetchJob: FetchJob,
  sessionId: string,
  options: AwaitJobOptions = {},
): Promise<ChainedJobs> {
  options.onPhase?.('registration', sessionId);
  const registration = await awaitJob(fetchJob, sessionId, options);
  const result = requireSuccess(registration, 'registration job');
  const lodgeSessionId = result.lodge_session_id;
  if (typeof lodgeSessionId !== 'string' || !lodgeSessionId) {
    throw new AppError('server', 'The registration job finished without naming its follow-up job.', {
      sessionId,
    });
  }
  options.onPhase?.('lodge', lodgeSessionId);
  const lodge = await awaitJob(fetchJob, lodgeSessionId, options);
  requireSuccess(lodge, 'provenance record job');
  return { registration, lodge };
}
