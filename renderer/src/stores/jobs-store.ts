/**
 * The data store's background jobs after a mint or a new version (registration, then provenance lodging):
 * polled the way Provena's own clients do, shown on the dataset, and announced when they finish.
 */
import { create } from 'zustand';
import { notifyDone } from '../app/notify';
import { BridgeCallError, call } from '../bridge/client';

/** One watched job chain. */
export interface WatchedJob {
  sessionId: string;
  datasetId: string;
  kind: 'mint' | 'version';
  /** Which step of the chain runs now. */
  step: 'registering' | 'lodging' | 'done' | 'failed';
  /** The job's own status (PENDING, IN_PROGRESS, …) or null before it is queued. */
  status: string | null;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  /** True a while after a successful finish: the dataset stops showing it. */
  settled: boolean;
}

interface JobsState {
  jobs: Record<string, WatchedJob>;
  watch(job: { sessionId: string; datasetId: string; kind: 'mint' | 'version'; announce?: boolean }): void;
}

const pollMs = 2000;
/** How long a job may be missing before it counts as lost (Provena's clients allow 20 s). */
const notQueuedMs = 20_000;
/** Give up on a job that has not finished after this long. */
const giveUpMs = 6 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Background jobs by dataset. */
export const useJobsStore = create<JobsState>((set, get) => {
  const patch = (datasetId: string, change: Partial<WatchedJob>) => {
    const current = get().jobs[datasetId];
    if (current) set({ jobs: { ...get().jobs, [datasetId]: { ...current, ...change } } });
  };

  /** Polls one job until it finishes; answers its result or throws with the reason. */
  const follow = async (datasetId: string, sessionId: string): Promise<Record<string, unknown> | null> => {
    const started = Date.now();
    for (;;) {
      try {
        const job = await call('jobs.fetch', { sessionId });
        patch(datasetId, { status: job.status });
        if (job.status === 'SUCCEEDED') return (job.result ?? null) as Record<string, unknown> | null;
        if (job.status === 'FAILED') throw new Error(job.info || 'The data store reported that the job failed.');
      } catch (error) {
        const code = error instanceof BridgeCallError ? error.code : null;
        // A new job is not in the table for a few seconds (400/not found); a dropped connection is retried.
        const notQueuedYet = (code === 'not_found' || code === 'invalid') && Date.now() - started < notQueuedMs;
        if (!notQueuedYet && code !== 'network') throw error;
      }
      if (Date.now() - started > giveUpMs) throw new Error('The job did not finish in time; it may still complete later.');
      await sleep(pollMs);
    }
  };

  const run = async (job: WatchedJob, announce: boolean) => {
    const noun = job.kind === 'mint' ? 'Registration' : 'New version';
    try {
      const result = await follow(job.datasetId, job.sessionId);
      const lodge = typeof result?.lodge_session_id === 'string' ? result.lodge_session_id : null;
      if (lodge) {
        patch(job.datasetId, { step: 'lodging', status: null });
        await follow(job.datasetId, lodge);
      }
      patch(job.datasetId, { step: 'done', finishedAt: Date.now() });
      setTimeout(() => patch(job.datasetId, { settled: true }), 120_000);
      if (announce) notifyDone(`${noun} finished`, 'The data store has recorded the dataset’s provenance.');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      patch(job.datasetId, { step: 'failed', error: message, finishedAt: Date.now() });
      if (announce) notifyDone(`${noun} did not finish`, message, 'danger');
    }
  };

  return {
    jobs: {},
    watch({ sessionId, datasetId, kind, announce = true }) {
      const current = get().jobs[datasetId];
      if (current?.sessionId === sessionId) return;
      const job: WatchedJob = {
        sessionId,
        datasetId,
        kind,
        step: 'registering',
        status: null,
        error: null,
        startedAt: Date.now(),
        finishedAt: null,
        settled: false,
      };
      set({ jobs: { ...get().jobs, [datasetId]: job } });
      void run(job, announce);
    },
  };
});
