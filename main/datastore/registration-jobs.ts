/**
 * Follows the data store's registration work after a mint or a new version (reference §6), in main so it
 * outlives the window that started it: the registration job, then the lodge job its result names, each with
 * Provena's phase limits. Progress is published as it changes, the outcome announced by an OS notification,
 * and the state of a dataset's registration can be asked for at any time (a reopened window shows it).
 */
import type { RegistrationJob } from '../../preload/contract/jobs.ts';
import type { JobStatus, JobStatusTable } from '../../shared/provena/index.ts';
import { AppError, type Disposable, type Logger } from '../core/index.ts';
import { awaitChainedJobs, type AwaitJobOptions } from './jobs.ts';
import type { DatastoreClient } from './types.ts';

/** What following registrations needs. */
export interface RegistrationJobsOptions {
  client(profileId: string): Promise<DatastoreClient>;
  /** Every change of a followed registration (the app sends it to the renderer as `jobs.progress`). */
  publish(job: RegistrationJob): void;
  /** Shows an OS notification (the PlatformAdapter's). */
  notify(title: string, body: string): void;
  logger: Logger;
  /** Polling and phase limits (default: Provena's own client's). */
  timing?: Pick<
    AwaitJobOptions,
    'pollMs' | 'appearTimeoutMs' | 'startTimeoutMs' | 'finishTimeoutMs' | 'unreachableTimeoutMs'
  >;
  /** How long a finished registration is remembered (default 30 min). */
  keepFinishedMs?: number;
}

/** What to follow. */
export interface FollowRequest {
  profileId: string;
  datasetId: string;
  sessionId: string;
  kind: 'mint' | 'version';
  /** Announce the outcome (true when this app started the work). */
  announce: boolean;
}

const statusWords: Record<JobStatus, string> = {
  PENDING: 'queued',
  DEQUEUED: 'starting',
  IN_PROGRESS: 'running',
  SUCCEEDED: 'done',
  FAILED: 'failed',
};

/** The words for a step of the chain and the state of its job. */
function describe(phase: 'registering' | 'lodging', status: JobStatus | null): string {
  const step =
    phase === 'registering'
      ? 'Step 1 of 2: recording the activity'
      : 'Step 2 of 2: lodging the provenance record';
  return `${step} (${status ? statusWords[status] : 'waiting to be queued'}).`;
}

/** Registrations being followed, and those finished recently. */
export class RegistrationJobs implements Disposable {
  private readonly options: RegistrationJobsOptions;
  private readonly jobs = new Map<string, RegistrationJob>();
  private readonly running = new Map<string, AbortController>();
  private readonly forgetTimers = new Set<NodeJS.Timeout>();
  private disposed = false;

  constructor(options: RegistrationJobsOptions) {
    this.options = options;
  }

  /** The registration of a dataset, or null when none is known. */
  get(profileId: string, datasetId: string): RegistrationJob | null {
    return this.jobs.get(keyOf(profileId, datasetId)) ?? null;
  }

  /** Follows a registration in the background (once per session); answers its state now. */
  follow(request: FollowRequest): RegistrationJob {
    const key = keyOf(request.profileId, request.datasetId);
    const known = this.jobs.get(key);
    if (known?.sessionId === request.sessionId) return known;
    this.running.get(key)?.abort();
    const now = Date.now();
    const job: RegistrationJob = {
      profileId: request.profileId,
      datasetId: request.datasetId,
      sessionId: request.sessionId,
      kind: request.kind,
      phase: 'registering',
      status: null,
      message: describe('registering', null),
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
      announced: request.announce,
    };
    this.update(key, job);
    if (!this.disposed) void this.run(key, job);
    return job;
  }

  /** Stops following everything (the app is closing). */
  dispose(): void {
    this.disposed = true;
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    for (const timer of this.forgetTimers) clearTimeout(timer);
    this.forgetTimers.clear();
  }

  private async run(key: string, job: RegistrationJob): Promise<void> {
    const controller = new AbortController();
    this.running.set(key, controller);
    const logger = this.options.logger;
    let phase: 'registering' | 'lodging' = 'registering';
    const current = () => this.jobs.get(key);
    try {
      const client = await this.options.client(job.profileId);
      await awaitChainedJobs((id, signal) => client.fetchJob(id, signal), job.sessionId, {
        unreachableTimeoutMs: 10 * 60_000,
        ...this.options.timing,
        signal: controller.signal,
        onPhase: (next) => {
          phase = next === 'registration' ? 'registering' : 'lodging';
          this.patch(key, { phase, status: null, message: describe(phase, null) });
        },
        onUpdate: (answer: JobStatusTable) => {
          if (current()?.status !== answer.status)
            this.patch(key, { status: answer.status, message: describe(phase, answer.status) });
        },
      });
      const done = this.patch(key, {
        phase: 'done',
        status: 'SUCCEEDED',
        message: 'The data store has recorded where this dataset came from.',
        finishedAt: Date.now(),
      });
      logger.info('jobs.registration_done', { datasetId: job.datasetId, kind: job.kind });
      if (done?.announced)
        this.options.notify(
          job.kind === 'mint' ? 'Registration complete' : 'New version registered',
          'The data store has recorded the dataset’s provenance.',
        );
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof AppError ? error.message : String(error);
      const failed = this.patch(key, { phase: 'failed', message, finishedAt: Date.now() });
      logger.warn('jobs.registration_failed', { datasetId: job.datasetId, kind: job.kind, error });
      if (failed?.announced)
        this.options.notify(
          job.kind === 'mint' ? 'Registration did not finish' : 'New version registration did not finish',
          message,
        );
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
      this.forgetLater(key, job.sessionId);
    }
  }

  private patch(key: string, change: Partial<RegistrationJob>): RegistrationJob | undefined {
    const existing = this.jobs.get(key);
    if (!existing) return undefined;
    const next = { ...existing, ...change, updatedAt: Date.now() };
    this.update(key, next);
    return next;
  }

  private update(key: string, job: RegistrationJob): void {
    this.jobs.set(key, job);
    if (!this.disposed) this.options.publish(job);
  }

  private forgetLater(key: string, sessionId: string): void {
    if (this.disposed) return;
    const timer = setTimeout(
      () => {
        this.forgetTimers.delete(timer);
        if (this.jobs.get(key)?.sessionId === sessionId && !this.running.has(key)) this.jobs.delete(key);
      },
      this.options.keepFinishedMs ?? 30 * 60_000,
    );
    timer.unref?.();
    this.forgetTimers.add(timer);
  }
}

function keyOf(profileId: string, datasetId: string): string {
  return `${profileId}\n${datasetId}`;
}
