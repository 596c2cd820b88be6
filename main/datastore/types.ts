/** The data store client's public shape: what the transfer engine, the catalog and the screens call. */
import type {
  ActionApprovalRequestResponse,
  CollectionFormat,
  CredentialResponse,
  DatasetListResponse,
  ItemDataset,
  JobStatusTable,
  MintResponse,
  PaginationKey,
  PresignedURLResponse,
  RegistryFetchResponse,
  ReleaseApprovalRequestResponse,
  SortOptions,
  Status,
  StatusResponse,
  UpdateMetadataResponse,
  VersionResponse,
} from '../../shared/provena/index.ts';
import type { AwaitJobOptions, ChainedJobs } from './jobs.ts';
import type { RegistryEntity } from './registry.ts';
import type { SearchOutcome } from './search.ts';

/** The base URLs of one data store (one origin for all of them on a Datadesk server). */
export interface DatastoreEndpoints {
  dataApiUrl: string;
  searchApiUrl: string;
  jobApiUrl: string;
  /** Where `/link/user/lookup` lives (Provena's auth API). */
  authApiUrl: string;
  /** Where organisations and persons are fetched (Provena's registry API). */
  registryApiUrl: string;
}

/** Who the data store says the caller is. */
export interface WhoAmI {
  username: string;
  email: string | null;
  roles: string[];
  /** The registry Person the account is linked to; null when not linked (or no link service). */
  personId: string | null;
}

/** Options for one page of the dataset list. */
export interface ListDatasetsOptions {
  sortBy?: SortOptions | null;
  paginationKey?: PaginationKey | null;
  pageSize?: number;
}

/** A client of one data store. Every method takes an optional AbortSignal last. */
export interface DatastoreClient {
  readonly endpoints: DatastoreEndpoints;
  /** The health route; `once` makes it a probe: one try, no retries. */
  health(signal?: AbortSignal, options?: { once?: boolean }): Promise<{ message: string }>;
  /** The dataset with the caller's item roles and the lock; `not_found` for an unknown id. */
  fetchDataset(id: string, signal?: AbortSignal): Promise<RegistryFetchResponse & { item: ItemDataset }>;
  /** `invalid` with the server's details when the metadata is refused (Provena's 200 + success=false). */
  mintDataset(metadata: CollectionFormat, signal?: AbortSignal): Promise<MintResponse>;
  /** The server's dry run; `success=false` is an answer, not an error. */
  validateMetadata(metadata: CollectionFormat, signal?: AbortSignal): Promise<Status>;
  updateMetadata(
    id: string,
    reason: string,
    metadata: CollectionFormat,
    signal?: AbortSignal,
  ): Promise<UpdateMetadataResponse>;
  revertMetadata(
    input: { id: string; historyId: number; reason: string },
    signal?: AbortSignal,
  ): Promise<StatusResponse>;
  versionDataset(input: { id: string; reason: string }, signal?: AbortSignal): Promise<VersionResponse>;
  /** One page, as the server sent it (short and empty pages included). */
  listDatasets(options: ListDatasetsOptions, signal?: AbortSignal): Promise<DatasetListResponse>;
  /** Every dataset the caller can see, paging until the key is null; stops after `limit`. */
  listAllDatasets(
    options?: { sortBy?: SortOptions | null; limit?: number; pageSize?: number },
    signal?: AbortSignal,
  ): AsyncIterable<ItemDataset>;
  presignedUrl(
    input: { datasetId: string; filePath: string; expiresIn?: number },
    signal?: AbortSignal,
  ): Promise<PresignedURLResponse>;
  readCredentials(datasetId: string, signal?: AbortSignal): Promise<CredentialResponse>;
  /** `forbidden` with an explanation when the dataset is pending review or released. */
  writeCredentials(datasetId: string, signal?: AbortSignal): Promise<CredentialResponse>;
  listReviewers(signal?: AbortSignal): Promise<string[]>;
  addReviewer(personId: string, signal?: AbortSignal): Promise<void>;
  removeReviewer(personId: string, signal?: AbortSignal): Promise<void>;
  requestApproval(
    input: { datasetId: string; approverId: string; notes: string },
    signal?: AbortSignal,
  ): Promise<ReleaseApprovalRequestResponse>;
  actionApproval(
    input: { datasetId: string; approve: boolean; notes: string },
    signal?: AbortSignal,
  ): Promise<ActionApprovalRequestResponse>;
  /** Search hits, each fetched, sorted into loaded items, authorisation errors and other errors (score order). */
  search(query: string, limit?: number, signal?: AbortSignal): Promise<SearchOutcome>;
  fetchJob(sessionId: string, signal?: AbortSignal): Promise<JobStatusTable>;
  /** Polls until the job is finished (tolerating "not yet queued"), as reference §6 describes. */
  awaitJob(sessionId: string, options?: AwaitJobOptions): Promise<JobStatusTable>;
  /** Awaits a mint's registration job, then the lodge job it starts; both must succeed. */
  awaitMintJobs(sessionId: string, options?: AwaitJobOptions): Promise<ChainedJobs>;
  /** Awaits a version's registration job, then its lodge job. */
  awaitVersionJobs(sessionId: string, options?: AwaitJobOptions): Promise<ChainedJobs>;
  /** The caller's username, roles and linked Person. */
  whoAmI(signal?: AbortSignal): Promise<WhoAmI>;
  /** Organisations or persons matching a query (for the metadata form's pickers). */
  searchRegistry(
    subtype: 'ORGANISATION' | 'PERSON',
    query: string,
    limit?: number,
    signal?: AbortSignal,
  ): Promise<RegistryEntity[]>;
  /** An organisation or person by id; null when there is none. */
  fetchRegistryEntity(id: string, signal?: AbortSignal): Promise<RegistryEntity | null>;
}
