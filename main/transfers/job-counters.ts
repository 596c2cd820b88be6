/** A job's counters from its items, and the live view of a running job (bytes in flight, rate, ETA). */
import type { ItemState, JobRecord } from './types.ts';
import { estimateSeconds, type RateMeter } from './progress.ts';
import type { JobSnapshot } from './snapshot.ts';

type Counters = Pick<
  JobRecord,
  'totalFiles' | 'totalBytes' | 'doneFiles' | 'skippedFiles' | 'failedFiles' | 'doneBytes'
>;

/** Totals per item state → the job's counters (skipped files count as done bytes: they need no transfer). */
export function countersFrom(totals: Map<ItemState, { files: number; bytes: number }>): Counters {
  const of = (state: ItemState) => totals.get(state) ?? { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const value of totals.values()) {
    files += value.files;
    bytes += value.bytes;
  }
  return {
    totalFiles: files,
    totalBytes: bytes,
    doneFiles: of('done').files,
    skippedFiles: of('skipped').files,
    failedFiles: of('failed').files,
    doneBytes: of('done').bytes + of('skipped').bytes,
  };
}

/** A running job with the bytes of its files in flight counted in, its rate and its ETA. */
export function liveSnapshot(
  job: JobRecord,
  inFlight: Map<number, number>,
  meter: RateMeter,
  planning: boolean,
): JobSnapshot {
  let moving = 0;
  for (const bytes of inFlight.values()) moving += bytes;
  const rates = job.state === 'running' ? meter.rates() : { bytesPerSecond: 0, filesPerSecond: 0 };
  const doneBytes = Math.min(job.totalBytes, job.doneBytes + moving);
  const finishedFiles = job.doneFiles + job.skippedFiles + job.failedFiles;
  return {
    ...job,
    doneBytes,
    planning,
    bytesPerSecond: rates.bytesPerSecond,
    filesPerSecond: rates.filesPerSecond,
    etaSeconds:
      job.state === 'running' && !planning
        ? estimateSeconds({ bytes: job.totalBytes - doneBytes, files: job.totalFiles - finishedFiles }, rates)
        : null,
  };
}
