/** How a transfer reads in words: its state, its progress line, and the whole of what is running. */
import type { TransferJob, TransferOverview } from '../../../../preload/contract';
import { humanDuration, humanRate, humanSize, plural } from '../../ui/format';

/** Finished jobs take no more action than retry, open or remove. */
export function isFinished(job: TransferJob): boolean {
  return job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
}

/** A state badge's text and tone. */
export function stateLabel(job: TransferJob): { text: string; tone: string } {
  switch (job.state) {
    case 'running':
      return {
        text: job.planning ? 'Listing files' : job.kind === 'upload' ? 'Uploading' : 'Downloading',
        tone: 'accent',
      };
    case 'pending':
      return { text: 'Waiting', tone: '' };
    case 'paused':
      return { text: 'Paused', tone: 'warn' };
    case 'done':
      return { text: 'Done', tone: 'ok' };
    case 'failed':
      return {
        text: job.failedFiles > 0 && job.doneFiles + job.skippedFiles > 0 ? 'Finished with errors' : 'Failed',
        tone: 'danger',
      };
    case 'cancelled':
      return { text: 'Cancelled', tone: '' };
  }
}

/** 0…1 of the job done, by bytes (by files when there are no bytes). */
export function fractionDone(job: TransferJob): number {
  if (job.totalBytes > 0) return Math.min(1, job.doneBytes / job.totalBytes);
  if (job.totalFiles > 0)
    return Math.min(1, (job.doneFiles + job.skippedFiles + job.failedFiles) / job.totalFiles);
  return job.state === 'done' ? 1 : 0;
}

/** "120 of 5,000 files · 1.2 GB of 3.4 GB · 45 MB/s · about 2 min left". */
export function progressText(job: TransferJob): string {
  const finished = job.doneFiles + job.skippedFiles + job.failedFiles;
  if (job.planning)
    return `Finding files… ${plural(job.totalFiles, 'file')} (${humanSize(job.totalBytes)}) so far`;
  const parts = [
    `${finished.toLocaleString()} of ${plural(job.totalFiles, 'file')}`,
    `${humanSize(job.doneBytes)} of ${humanSize(job.totalBytes)}`,
  ];
  if (job.state === 'running') {
    parts.push(humanRate(job.bytesPerSecond));
    if (job.etaSeconds !== null) parts.push(`${humanDuration(job.etaSeconds)} left`);
  }
  if (job.skippedFiles > 0) parts.push(`${job.skippedFiles.toLocaleString()} already there`);
  return parts.join(' · ');
}

/** Sums the running jobs (the status bar's figure). */
export function overviewOf(jobs: TransferJob[]): TransferOverview {
  const active = jobs.filter((job) => job.state === 'running');
  const sum = (pick: (job: TransferJob) => number) => active.reduce((total, job) => total + pick(job), 0);
  const totalBytes = sum((job) => job.totalBytes);
  const doneBytes = sum((job) => job.doneBytes);
  const bytesPerSecond = sum((job) => job.bytesPerSecond);
  const etas = active.map((job) => job.etaSeconds);
  return {
    activeJobs: active.length,
    totalBytes,
    doneBytes,
    totalFiles: sum((job) => job.totalFiles),
    doneFiles: sum((job) => job.doneFiles + job.skippedFiles + job.failedFiles),
    bytesPerSecond,
    // The transfers run side by side: all are done when the slowest is.
    etaSeconds: etas.length > 0 && etas.every((eta) => eta !== null) ? Math.max(...(etas as number[])) : null,
  };
}
