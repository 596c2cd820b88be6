/**
 * The data store's registration work after a mint or a new version (reference §6): the registration job, then
 * the provenance "lodge" job it starts. Main follows it in the background and sends its progress; a window asks
 * for a dataset's state when it opens it.
 */
import { z } from 'zod';
import { JobStatus } from '../../shared/provena/index.ts';
import { call, stream } from './define.ts';

const id = z.string().min(1).max(300);

/** One registration as main follows it; `sessionId` is the registration job's. */
export const registrationJob = z.object({
  profileId: z.string(),
  /** The dataset minted, or the new version. */
  datasetId: z.string(),
  sessionId: z.string(),
  kind: z.enum(['mint', 'version']),
  /** Which job of the chain runs now, or how the chain ended. */
  phase: z.enum(['registering', 'lodging', 'done', 'failed']),
  /** The running job's own status, or null while it is not yet queued. */
  status: JobStatus.nullable(),
  /** In words: the step and its state, or why it failed. */
  message: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** True when this app started the work (it announces the outcome); false when it only looked it up. */
  announced: z.boolean(),
});

export const jobCalls = {
  /**
   * The registration work of a dataset of the current data store (null when none is known). With `follow`, main
   * starts following that session when it is not already (a dataset minted elsewhere, or before a restart).
   */
  'jobs.registration': call(
    z.strictObject({
      datasetId: id,
      follow: z.strictObject({ sessionId: id, kind: z.enum(['mint', 'version']) }).nullish(),
    }),
    z.object({ job: registrationJob.nullable() }),
  ),
};

export const jobEvents = {
  /** Registration progress after mints and new versions; the newest per registration session. */
  'jobs.progress': stream(registrationJob, { mode: 'latest-per-key', key: 'sessionId' }),
};

export type RegistrationJob = z.output<typeof registrationJob>;
