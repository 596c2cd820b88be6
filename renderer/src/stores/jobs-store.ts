/**
 * The data store's registration work after a mint or a new version, as main follows it: progress arrives as
 * `jobs.progress` events (main polls the job API, not the page), and a dataset opened later asks main for its
 * state. The window only shows it, and says in the app when work it started has finished.
 */
import { create } from 'zustand';
import type { RegistrationJob } from '../../../preload/contract/jobs';
import { notifyInWindow } from '../app/notify';
import { call, onConnectionChange, subscribe } from '../bridge/client';
import { useProfilesStore } from './profiles-store';

/** How long a finished registration keeps showing on its dataset. */
export const showFinishedMs = 2 * 60_000;

interface JobsState {
  /** By dataset id (of the data store in use). */
  jobs: Record<string, RegistrationJob>;
  /** Asks main for a dataset's registration; with `follow`, main starts following that session if it is not. */
  load(datasetId: string, follow?: { sessionId: string; kind: 'mint' | 'version' }): Promise<void>;
}

/** Registrations by dataset. */
export const useJobsStore = create<JobsState>(() => ({
  jobs: {},
  async load(datasetId, follow) {
    try {
      const { job } = await call('jobs.registration', { datasetId, follow: follow ?? null });
      if (job) apply(job);
    } catch {
      // Nothing to show: the dataset's page works without it.
    }
  },
}));

/** Takes in a newer state of a registration; announces the end of work this app started. */
function apply(job: RegistrationJob): void {
  const jobs = useJobsStore.getState().jobs;
  const previous = jobs[job.datasetId];
  if (previous && previous.sessionId === job.sessionId && previous.updatedAt > job.updatedAt) return;
  useJobsStore.setState({ jobs: { ...jobs, [job.datasetId]: job } });
  const finished = job.phase === 'done' || job.phase === 'failed';
  const wasRunning =
    previous?.sessionId === job.sessionId && previous.phase !== 'done' && previous.phase !== 'failed';
  if (finished && wasRunning && job.announced) {
    const noun = job.kind === 'mint' ? 'Registration' : 'New version registration';
    if (job.phase === 'done')
      notifyInWindow(`${noun} complete`, 'The data store has recorded the dataset’s provenance.');
    else notifyInWindow(`${noun} did not finish`, job.message, 'danger');
  }
}

/** Keeps registrations current from main's events; returns a cleanup. */
export function startJobs(): () => void {
  const unsubscribers = [
    subscribe('jobs.progress', (job) => {
      // Handles of two data stores can coincide: only the one in use is showing.
      const currentId = useProfilesStore.getState().currentId;
      if (currentId === null || job.profileId === currentId) apply(job);
    }),
    // Events sent while the connection was down are gone: ask again for what is showing.
    onConnectionChange((connected) => {
      if (!connected) return;
      for (const job of Object.values(useJobsStore.getState().jobs))
        void useJobsStore.getState().load(job.datasetId);
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/** True while a registration should show on its dataset: running, or finished a short while ago. */
export function isShowing(job: RegistrationJob | undefined, now = Date.now()): job is RegistrationJob {
  return job !== undefined && (job.finishedAt === null || now - job.finishedAt < showFinishedMs);
}
