/** Request and response bodies of the data store API routes (§1 and §3 of the reference). */
import { z } from 'zod';
import { Status, PaginationKey } from './common.ts';
import { ItemDataset, S3Location, SeededItem } from './dataset-item.ts';

/** `GET /` reply. */
export const HealthCheckResponse = z.object({ message: z.string() });
export type HealthCheckResponse = z.infer<typeof HealthCheckResponse>;

/** `POST /register/mint-dataset` reply (validation failures are 200 with `status.success=false`). */
export const MintResponse = z.object({
  status: Status,
  handle: z.string().nullish(),
  s3_location: S3Location.nullish(),
  register_create_activity_session_id: z.string().nullish(),
});
export type MintResponse = z.infer<typeof MintResponse>;

/** `POST /register/update-metadata` reply. */
export const UpdateMetadataResponse = z.object({
  status: Status,
  handle: z.string(),
  s3_location: S3Location,
});
export type UpdateMetadataResponse = z.infer<typeof UpdateMetadataResponse>;

/** `PUT /register/revert-metadata` body. */
export const ItemRevertRequest = z.object({ id: z.string(), history_id: z.int(), reason: z.string() });
export type ItemRevertRequest = z.infer<typeof ItemRevertRequest>;

/** `PUT /register/revert-metadata` reply. */
export const ItemRevertResponse = z.object({ status: Status });
export type ItemRevertResponse = z.infer<typeof ItemRevertResponse>;

/** `POST /register/version` body. */
export const VersionRequest = z.object({ id: z.string(), reason: z.string() });
export type VersionRequest = z.infer<typeof VersionRequest>;

/** `POST /register/version` reply (no `status`). */
export const VersionResponse = z.object({ new_version_id: z.string(), version_job_session_id: z.string() });
export type VersionResponse = z.infer<typeof VersionResponse>;

/** `GET /metadata/dataset-schema` reply. */
export const SchemaResponse = z.object({ json_schema: z.record(z.string(), z.unknown()) });
export type SchemaResponse = z.infer<typeof SchemaResponse>;

/** `SortType`. For datasets RELEASE_TIMESTAMP is refused (500), as in Provena. */
export const SortType = z.enum([
  'CREATED_TIME',
  'UPDATED_TIME',
  'DISPLAY_NAME',
  'RELEASE_TIMESTAMP',
  'ACCESS_INFO_URI_BEGINS_WITH',
]);
export type SortType = z.infer<typeof SortType>;

/** `SortOptions`; `begins_with` only with ACCESS_INFO_URI_BEGINS_WITH (else 422). */
export const SortOptions = z
  .object({
    sort_type: SortType.nullish(),
    ascending: z.boolean().default(false),
    begins_with: z.string().nullish(),
  })
  .check(
    z.superRefine<{ sort_type?: SortType | null; begins_with?: string | null }>(
      (options, context) => {
        if (!options.begins_with) return;
        const message = !options.sort_type
          ? 'Cannot filter by begins_with without specifying sort_type'
          : options.sort_type !== 'ACCESS_INFO_URI_BEGINS_WITH'
            ? "Cannot filter by begins_with without specifying a valid sort_type. Must be one of ['ACCESS_INFO_URI_BEGINS_WITH']"
            : null;
        if (message) context.addIssue({ code: 'custom', message, params: { root: true } });
      },
      { when: (payload) => payload.issues.length === 0 },
    ),
  );
export type SortOptions = z.infer<typeof SortOptions>;

/** `POST /registry/items/list` body. */
export const NoFilterSubtypeListRequest = z.object({
  sort_by: SortOptions.nullish(),
  pagination_key: PaginationKey.nullish(),
  page_size: z.int().default(20),
});
export type NoFilterSubtypeListRequest = z.infer<typeof NoFilterSubtypeListRequest>;
/** What a client sends to list (defaults not applied). */
export type NoFilterSubtypeListRequestInput = z.input<typeof NoFilterSubtypeListRequest>;

/** `POST /registry/items/list` reply: counts describe this page only; keep paging until the key is null. */
export const DatasetListResponse = z.object({
  status: Status,
  items: z.array(ItemDataset).nullish(),
  seed_items: z.array(SeededItem).nullish(),
  unparsable_items: z.array(z.record(z.string(), z.unknown())).nullish(),
  total_item_count: z.int().nullish(),
  complete_item_count: z.int().nullish(),
  seed_item_count: z.int().nullish(),
  unparsable_item_count: z.int().nullish(),
  not_authorised_count: z.int().nullish(),
  pagination_key: PaginationKey.nullish(),
});
export type DatasetListResponse = z.infer<typeof DatasetListResponse>;

/** `CredentialsRequest` for read and write credentials. */
export const CredentialsRequest = z.object({ dataset_id: z.string(), console_session_required: z.boolean() });
export type CredentialsRequest = z.infer<typeof CredentialsRequest>;

/** Temporary S3 credentials; `expiry` is an ISO-8601 UTC datetime. */
export const Credentials = z.object({
  aws_access_key_id: z.string(),
  aws_secret_access_key: z.string(),
  aws_session_token: z.string(),
  expiry: z.string(),
});
export type Credentials = z.infer<typeof Credentials>;

/**
 * `CredentialResponse`. Datadesk extension: `s3_endpoint_url` (null for AWS) and `s3_region`, because
 * Provena's response names no endpoint or region. A real Provena omits both; clients then use AWS defaults.
 */
export const CredentialResponse = z.object({
  status: Status,
  credentials: Credentials,
  console_session_url: z.string().nullish(),
  s3_endpoint_url: z.string().nullish(),
  s3_region: z.string().nullish(),
});
export type CredentialResponse = z.infer<typeof CredentialResponse>;

/** `POST /registry/items/generate-presigned-url` body; `file_path` is relative to the dataset root. */
export const PresignedURLRequest = z.object({
  dataset_id: z.string(),
  file_path: z.string(),
  expires_in: z.int().min(1).max(86_400).default(10_800),
});
export type PresignedURLRequest = z.infer<typeof PresignedURLRequest>;

/** `POST /registry/items/generate-presigned-url` reply. */
export const PresignedURLResponse = z.object({
  dataset_id: z.string(),
  file_path: z.string(),
  presigned_url: z.string(),
});
export type PresignedURLResponse = z.infer<typeof PresignedURLResponse>;

/** `POST /release/approval-request` body. */
export const ReleaseApprovalRequest = z.object({
  dataset_id: z.string(),
  approver_id: z.string(),
  notes: z.string(),
});
export type ReleaseApprovalRequest = z.infer<typeof ReleaseApprovalRequest>;

/** `POST /release/approval-request` reply. */
export const ReleaseApprovalRequestResponse = z.object({
  dataset_id: z.string(),
  approver_id: z.string(),
  details: z.string(),
});
export type ReleaseApprovalRequestResponse = z.infer<typeof ReleaseApprovalRequestResponse>;

/** `PUT /release/action-approval-request` body. */
export const ActionApprovalRequest = z.object({
  dataset_id: z.string(),
  approve: z.boolean(),
  notes: z.string(),
});
export type ActionApprovalRequest = z.infer<typeof ActionApprovalRequest>;

/** `PUT /release/action-approval-request` reply. */
export const ActionApprovalRequestResponse = z.object({
  dataset_id: z.string(),
  approved: z.boolean(),
  details: z.string(),
});
export type ActionApprovalRequestResponse = z.infer<typeof ActionApprovalRequestResponse>;

/** `GET /release/sys-reviewers/list` reply: Person ids (a set, unordered). */
export const ReviewerList = z.array(z.string());
export type ReviewerList = z.infer<typeof ReviewerList>;

/** `GET /check-access/*` reply. */
export const CheckAccessUser = z.object({
  username: z.string(),
  email: z.string().nullish(),
  roles: z.array(z.string()),
  access_token: z.string(),
});
export type CheckAccessUser = z.infer<typeof CheckAccessUser>;

/** A FastAPI error body: a message, or a pydantic-v1 error list for 422. */
export const ErrorBody = z.object({
  detail: z.union([
    z.string(),
    z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
  ]),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
