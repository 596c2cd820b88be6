/**
 * A typed client for every route of a Provena-compatible data store: datasets, release review, search, jobs and
 * the caller's identity. It follows the server's behaviour (reference §1–§6), not the Python client's bugs.
 */
import { z } from 'zod';
import {
  ActionApprovalRequestResponse,
  CheckAccessUser,
  CredentialResponse,
  DatasetListResponse,
  GetJobResponse,
  HealthCheckResponse,
  MintResponse,
  PresignedURLResponse,
  QueryResults,
  RegistryFetchResponse,
  ReleaseApprovalRequestResponse,
  ReviewerList,
  Status,
  StatusResponse,
  UpdateMetadataResponse,
  UserLinkUserLookupResponse,
  VersionResponse,
  type CollectionFormat,
  type ItemDataset,
  type JobStatusTable,
  type PaginationKey,
  type SortOptions,
} from '../../shared/provena/index.ts';
import { AppError, type Logger } from '../core/index.ts';
import type { RequestContext } from './errors.ts';
import { HttpClient, type RequestSpec, type TokenSource } from './http.ts';
import { registryLookups } from './registry.ts';
import { awaitJob, awaitChainedJobs, type AwaitJobOptions, type ChainedJobs } from './jobs.ts';
import { searchDatasets, type SearchOutcome } from './search.ts';
import type { DatastoreClient, DatastoreEndpoints, WhoAmI } from './types.ts';

/** How to build a client. */
export interface DatastoreClientOptions {
  endpoints: DatastoreEndpoints;
  tokens: TokenSource;
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: { attempts: number; baseDelayMs: number };
  /** True while the data store is known to be unreachable (one quick try per request, no retries). */
  offline?: () => boolean;
}

const NullBody = z.null();

/** Builds a client for one data store. */
export function createDatastoreClient(options: DatastoreClientOptions): DatastoreClient {
  const http = new HttpClient({
    tokens: options.tokens,
    logger: options.logger.child({ component: 'datastore' }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.offline ? { offline: options.offline } : {}),
  });
  const { dataApiUrl, searchApiUrl, jobApiUrl, authApiUrl, registryApiUrl } = options.endpoints;
  const registry = registryLookups(http, { searchApiUrl, registryApiUrl });
  const data = <T>(spec: Omit<RequestSpec<T>, 'base'>) => http.request({ base: dataApiUrl, ...spec });

  /** Status-checked routes: 200 with `status.success=false` is still a failure. */
  const checked = <T extends { status: Status }>(value: T, action: string): T => {
    if (!value.status.success) {
      throw new AppError('server', `Could not ${action}: ${value.status.details}`, {
        details: value.status.details,
      });
    }
    return value;
  };

  /** Read or write STS credentials for a dataset; their secrets are redacted from every log from now on. */
  const storageCredentials = async (
    access: 'read' | 'write',
    datasetId: string,
    signal: AbortSignal | undefined,
    context: RequestContext,
  ) => {
    const response = await data({
      method: 'POST',
      path: `/registry/credentials/generate-${access}-access-credentials`,
      body: { dataset_id: datasetId, console_session_required: false },
      schema: CredentialResponse,
      idempotent: true,
      context,
      signal,
    });
    options.logger.redact(response.credentials.aws_secret_access_key);
    options.logger.redact(response.credentials.aws_session_token);
    return checked(response, context.action);
  };

  const client: DatastoreClient = {
    endpoints: options.endpoints,
    searchRegistry: registry.searchRegistry,
    fetchRegistryEntity: registry.fetchRegistryEntity,

    health: (signal, healthOptions) =>
      // A health route that takes longer than this is as good as down.
      data({
        method: 'GET',
        path: '/',
        schema: HealthCheckResponse,
        idempotent: true,
        authenticated: false,
        timeoutMs: 10_000,
        ...(healthOptions?.once ? { attempts: 1 } : {}),
        context: { action: 'reach the data store' },
        signal,
      }),

    async fetchDataset(id, signal) {
      const context = { action: 'open the dataset', notFound: 'dataset' as const };
      const response = await data({
        method: 'GET',
        path: '/registry/items/fetch-dataset',
        query: { handle_id: id },
        schema: RegistryFetchResponse,
        idempotent: true,
        context,
        signal,
      });
      const item = response.item;
      if (!response.status.success || !item) {
        throw new AppError(
          'not_found',
          'Could not open the dataset: the dataset was not found on the data store.',
          { details: response.status.details },
        );
      }
      return { ...response, item };
    },

    async mintDataset(metadata, signal) {
      const response = await data({
        method: 'POST',
        path: '/register/mint-dataset',
        body: metadata,
        schema: MintResponse,
        idempotent: false,
        context: { action: 'create the dataset' },
        signal,
      });
      if (!response.status.success) {
        // Provena reports validation failures of a mint as 200 with success=false.
        throw new AppError(
          'invalid',
          `The data store did not accept the metadata: ${response.status.details}`,
          { details: response.status.details },
        );
      }
      return response;
    },

    validateMetadata: (metadata, signal) =>
      data({
        method: 'POST',
        path: '/metadata/validate-metadata',
        body: metadata,
        schema: Status,
        idempotent: true,
        context: { action: 'check the metadata' },
        signal,
      }),

    async updateMetadata(id, reason, metadata, signal) {
      const context = { action: 'save the metadata', notFound: 'dataset' as const };
      const response = await data({
        method: 'POST',
        path: '/register/update-metadata',
        query: { handle_id: id, reason },
        body: metadata,
        schema: UpdateMetadataResponse,
        idempotent: false,
        context,
        signal,
      });
      return checked(response, context.action);
    },

    async revertMetadata({ id, historyId, reason }, signal) {
      const context = { action: 'revert the metadata', notFound: 'history entry' as const };
      const response = await data({
        method: 'PUT',
        path: '/register/revert-metadata',
        body: { id, history_id: historyId, reason },
        schema: StatusResponse,
        idempotent: false,
        context,
        signal,
      });
      return checked(response, context.action);
    },

    versionDataset: ({ id, reason }, signal) =>
      data({
        method: 'POST',
        path: '/register/version',
        body: { id, reason },
        schema: VersionResponse,
        idempotent: false,
        context: { action: 'create a new version', notFound: 'dataset' },
        signal,
      }),

    async listDatasets({ sortBy, paginationKey, pageSize }, signal) {
      const body = {
        sort_by: sortBy ?? null,
        pagination_key: paginationKey ?? null,
        page_size: pageSize ?? 20,
      };
      const response = await data({
        method: 'POST',
        path: '/registry/items/list',
        body,
        schema: DatasetListResponse,
        idempotent: true,
        context: { action: 'list the datasets' },
        signal,
      });
      return checked(response, 'list the datasets');
    },

    async *listAllDatasets(listOptions = {}, signal) {
      const limit = listOptions.limit ?? Infinity;
      let yielded = 0;
      let paginationKey: PaginationKey | null = null;
      // Pages can be short or empty while more follow: only a null key ends the list.
      do {
        const page = await client.listDatasets(
          { sortBy: listOptions.sortBy ?? null, paginationKey, pageSize: listOptions.pageSize ?? 20 },
          signal,
        );
        for (const item of page.items ?? []) {
          if (yielded >= limit) return;
          yielded += 1;
          yield item;
        }
        paginationKey = page.pagination_key ?? null;
      } while (paginationKey && yielded < limit);
    },

    presignedUrl: ({ datasetId, filePath, expiresIn }, signal) =>
      data({
        method: 'POST',
        path: '/registry/items/generate-presigned-url',
        body: { dataset_id: datasetId, file_path: filePath, expires_in: expiresIn ?? 10_800 },
        schema: PresignedURLResponse,
        idempotent: true,
        context: { action: 'make a download link', notFound: 'file' },
        signal,
      }),

    readCredentials: (datasetId, signal) =>
      storageCredentials('read', datasetId, signal, {
        action: 'get access to the dataset files',
        notFound: 'dataset',
      }),

    writeCredentials: (datasetId, signal) =>
      storageCredentials('write', datasetId, signal, {
        action: 'get write access to the dataset files',
        notFound: 'dataset',
        writeCredentials: true,
      }),

    listReviewers: (signal) =>
      data({
        method: 'GET',
        path: '/release/sys-reviewers/list',
        schema: ReviewerList,
        idempotent: true,
        context: { action: 'list the reviewers' },
        signal,
      }),

    async addReviewer(personId, signal) {
      await data({
        method: 'POST',
        path: '/release/sys-reviewers/add',
        query: { reviewer_id: personId },
        schema: NullBody.or(z.unknown()),
        idempotent: false,
        context: { action: 'add the reviewer' },
        signal,
      });
    },

    async removeReviewer(personId, signal) {
      await data({
        method: 'DELETE',
        path: '/release/sys-reviewers/delete',
        query: { reviewer_id: personId },
        schema: NullBody.or(z.unknown()),
        idempotent: false,
        context: { action: 'remove the reviewer', notFound: 'reviewer' },
        signal,
      });
    },

    requestApproval: ({ datasetId, approverId, notes }, signal) =>
      data({
        method: 'POST',
        path: '/release/approval-request',
        body: { dataset_id: datasetId, approver_id: approverId, notes },
        schema: ReleaseApprovalRequestResponse,
        idempotent: false,
        context: { action: 'request approval', notFound: 'dataset' },
        signal,
      }),

    actionApproval: ({ datasetId, approve, notes }, signal) =>
      data({
        method: 'PUT',
        path: '/release/action-approval-request',
        body: { dataset_id: datasetId, approve, notes },
        schema: ActionApprovalRequestResponse,
        idempotent: false,
        context: { action: approve ? 'approve the release' : 'reject the release', notFound: 'dataset' },
        signal,
      }),

    async search(query, limit = 25, signal): Promise<SearchOutcome> {
      const results = await http.request({
        base: searchApiUrl,
        method: 'GET',
        path: '/search/entity-registry',
        query: { query, subtype_filter: 'DATASET', record_limit: limit },
        schema: QueryResults,
        idempotent: true,
        context: { action: 'search the datasets' },
        signal,
      });
      checked(results, 'search the datasets');
      return searchDatasets(results.results ?? [], (id) => client.fetchDataset(id, signal));
    },

    async fetchJob(sessionId, signal): Promise<JobStatusTable> {
      const response = await http.request({
        base: jobApiUrl,
        method: 'GET',
        path: '/jobs/user/fetch',
        query: { session_id: sessionId },
        schema: GetJobResponse,
        idempotent: true,
        context: { action: 'check the job', notFound: 'job' },
        signal,
      });
      return response.job;
    },

    awaitJob: (sessionId, jobOptions) =>
      awaitJob((id, signal) => client.fetchJob(id, signal), sessionId, jobOptions),

    awaitMintJobs: (sessionId, jobOptions): Promise<ChainedJobs> =>
      awaitChainedJobs((id, signal) => client.fetchJob(id, signal), sessionId, jobOptions),

    awaitVersionJobs: (sessionId, jobOptions): Promise<ChainedJobs> =>
      awaitChainedJobs((id, signal) => client.fetchJob(id, signal), sessionId, jobOptions),

    async whoAmI(signal): Promise<WhoAmI> {
      const user = await data({
        method: 'GET',
        path: '/check-access/check-general-access',
        schema: CheckAccessUser,
        idempotent: true,
        context: { action: 'check who you are signed in as' },
        signal,
      });
      // The probe echoes the access token; it is dropped here and never leaves this function.
      options.logger.redact(user.access_token);
      let personId: string | null = null;
      try {
        const link = await http.request({
          base: authApiUrl,
          method: 'GET',
          path: '/link/user/lookup',
          schema: UserLinkUserLookupResponse,
          idempotent: true,
          context: { action: 'look up your linked person' },
          signal,
        });
        personId = link.success ? (link.person_id ?? null) : null;
      } catch (error) {
        // A data store without the link service still works; only release requests need a linked person.
        if (!(error instanceof AppError) || (error.code !== 'not_found' && error.code !== 'invalid'))
          throw error;
      }
      return { username: user.username, email: user.email ?? null, roles: user.roles, personId };
    },
  };
  return client;
}

export type { AwaitJobOptions, ItemDataset, CollectionFormat, SortOptions };
