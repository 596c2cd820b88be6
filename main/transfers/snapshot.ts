/** A job as the UI and the CLI see it: its record plus live progress. */
import type { JobRecord } from './types.ts';

export interface JobSnapshot extends JobRecord {
  /** Still listing files (the totals are growing). */
  planning: boolean;
  bytesPerSecond: number;
  filesPerSecond: number;
  /** Seconds left, or null while unknown. */
  etaSeconds: number | null;
}

/** A job that is not running has no rate and no ETA. */
export function idleSnapshot(job: JobRecord): JobSnapshot {
  return { ...job, planning: false, bytesPerSecond: 0, filesPerSecond: 0, etaSeconds: null };
}
