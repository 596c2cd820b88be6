/**
 * Transfer jobs as the dataset screens see them: the latest state of each job (from `transfers.job` events),
 * so the Files tab shows its dataset's uploads in place and long transfers are announced when they finish.
 */
import { create } from 'zustand';
import type { TransferJob } from '../../../preload/contract';
import { notifyDone } from '../app/notify';
import { call, onConnectionChange, subscribe } from '../bridge/client';
import { humanSize, plural } from '../ui/format';

interface TransferJobsState {
  jobs: Record<string, TransferJob>;
}

/** The latest state of every known transfer job. */
export const useTransferJobsStore = create<TransferJobsState>(() => ({ jobs: {} }));

const finished = (job: TransferJob) =>
  job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
/** Transfers shorter than this finish without an OS notification (the toast and the tab already show them). */
const longTransferMs = 10_000;

function announce(job: TransferJob): void {
  const took = (job.finishedAt ?? Date.now()) - job.createdAt;
  const what = job.kind === 'upload' ? 'Upload' : 'Download';
  if (job.state === 'done') {
    const body = `${job.title}: ${plural(job.doneFiles, 'file')}, ${humanSize(job.totalBytes)}${job.failedFiles ? `, ${job.failedFiles} failed` : ''}.`;
    if (took >= longTransferMs) notifyDone(`${what} finished`, body, job.failedFiles ? 'danger' : 'ok');
  } else if (job.state === 'failed') {
    notifyDone(`${what} failed`, `${job.title}: ${job.error ?? 'see Transfers for the reason.'}`, 'danger');
  }
}

/** Jobs of one dataset that are still running, newest first. */
export function activeJobsOf(jobs: Record<string, TransferJob>, datasetId: string): TransferJob[] {
  return Object.values(jobs)
    .filter((job) => job.datasetId === datasetId && !finished(job))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Follows transfer events; returns a cleanup. */
export function startTransferJobs(): () => void {
  const store = useTransferJobsStore;
  const load = () =>
    call('transfers.list', { limit: 200 }).then(
      ({ jobs }) => store.setState({ jobs: Object.fromEntries(jobs.map((job) => [job.id, job])) }),
      () => undefined,
    );
  void load();
  const unsubscribers = [
    subscribe('transfers.job', (job) => {
      const previous = store.getState().jobs[job.id];
      store.setState({ jobs: { ...store.getState().jobs, [job.id]: job } });
      if (finished(job) && previous && !finished(previous)) announce(job);
    }),
    onConnectionChange((connected) => {
      if (connected) void load();
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
