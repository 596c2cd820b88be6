/** Async job sessions (§6): what mint and version spin off, and the job API's bodies. */
import { z } from 'zod';
import { PaginationKey } from './common.ts';

/** `JobType`. */
export const JobType = z.enum(['PROV_LODGE', 'REGISTRY', 'EMAIL', 'REPORT']);
export type JobType = z.infer<typeof JobType>;

/** `JobSubType`. */
export const JobSubType = z.enum([
  'PROV_LODGE_WAKE_UP',
  'MODEL_RUN_PROV_LODGE',
  'MODEL_RUN_LODGE_ONLY',
  'MODEL_RUN_BATCH_SUBMIT',
  'LODGE_CREATE_ACTIVITY',
  'LODGE_VERSION_ACTIVITY',
  'MODEL_RUN_UPDATE',
  'MODEL_RUN_UPDATE_LODGE_ONLY',
  'REGISTRY_WAKE_UP',
  'REGISTER_CREATE_ACTIVITY',
  'REGISTER_VERSION_ACTIVITY',
  'EMAIL_WAKE_UP',
  'SEND_EMAIL',
  'GENERATE_REPORT',
]);
export type JobSubType = z.infer<typeof JobSubType>;

/** `JobStatus`: PENDING → DEQUEUED → IN_PROGRESS → SUCCEEDED | FAILED. */
export const JobStatus = z.enum(['PENDING', 'DEQUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED']);
export type JobStatus = z.infer<typeof JobStatus>;

/** True once a job will not change any more. */
export function isFinishedJobStatus(status: JobStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/** `JobStatusTable`: one job as the job API reports it. */
export const JobStatusTable = z.object({
  session_id: z.string(),
  created_timestamp: z.int(),
  username: z.string(),
  batch_id: z.string().nullish(),
  payload: z.record(z.string(), z.unknown()),
  job_type: JobType,
  job_sub_type: JobSubType,
  gsi_status: z.string(),
  status: JobStatus,
  info: z.string().nullish(),
  result: z.record(z.string(), z.unknown()).nullish(),
});
export type JobStatusTable = z.infer<typeof JobStatusTable>;

/** `GET /jobs/user/fetch` reply. */
export const GetJobResponse = z.object({ job: JobStatusTable });
export type GetJobResponse = z.infer<typeof GetJobResponse>;

/** `POST /jobs/user/list` body. */
export const ListJobsRequest = z.object({
  pagination_key: PaginationKey.nullish(),
  limit: z.int().default(10),
});
export type ListJobsRequest = z.infer<typeof ListJobsRequest>;

/** `POST /jobs/user/list_batch` body. */
export const ListByBatchRequest = ListJobsRequest.extend({ batch_id: z.string() });
export type ListByBatchRequest = z.infer<typeof ListByBatchRequest>;

/** Reply of both job list routes. */
export const ListJobsResponse = z.object({
  jobs: z.array(JobStatusTable),
  pagination_key: PaginationKey.nullish(),
});
export type ListJobsResponse = z.infer<typeof ListJobsResponse>;

/** `result` of a REGISTER_CREATE_ACTIVITY job: the lodge session to await next. */
export const RegisterCreateActivityResult = z.object({
  creation_activity_id: z.string(),
  lodge_session_id: z.string(),
});
export type RegisterCreateActivityResult = z.infer<typeof RegisterCreateActivityResult>;

/** `result` of a REGISTER_VERSION_ACTIVITY job: the lodge session to await next. */
export const RegisterVersionActivityResult = z.object({
  version_activity_id: z.string(),
  lodge_session_id: z.string(),
});
export type RegisterVersionActivityResult = z.infer<typeof RegisterVersionActivityResult>;
