/**
 * Calls on the current data store's datasets, release review, search and jobs: thin, typed passes to the data
 * store client in main (which owns the tokens). Shapes are Provena's own models from shared/provena.
 */
import { z } from 'zod';
import {
  ActionApprovalRequestResponse,
  CollectionFormat,
  ItemDataset,
  JobStatusTable,
  MintResponse,
  PresignedURLResponse,
  ReleaseApprovalRequestResponse,
  SortOptions,
  Status,
  StatusResponse,
  UpdateMetadataResponse,
  VersionResponse,
} from '../../shared/provena/index.ts';
import { bounded, opaqueJson } from './bounds.ts';
import { call } from './define.ts';

const id = z.string().min(1).max(300);
/** The server's schemas with the bridge's limits in front (the server itself keeps Provena's behaviour). */
const metadata = bounded(CollectionFormat);
const sortOptions = bounded(SortOptions);
const reason = z.string().trim().min(1, 'Give a reason.').max(2000);
const notes = z.string().max(5000);

/** A dataset with the caller's item roles and the registry lock. */
export const fetchedDataset = z.object({
  item: ItemDataset,
  roles: z.array(z.string()),
  locked: z.boolean(),
});

/** One page of the remote dataset list (the catalog is the usual way to browse; this is the raw list). */
export const remoteDatasetPage = z.object({
  items: z.array(ItemDataset),
  /** Opaque; pass it back for the next page. Null: no more pages. */
  paginationKey: z.record(z.string(), z.unknown()).nullable(),
});

/** Search results, each hit fetched, in score order. */
export const datasetSearchResults = z.object({
  items: z.array(z.object({ id: z.string(), score: z.number(), item: ItemDataset })),
  authErrors: z.array(z.object({ id: z.string(), score: z.number() })),
  miscErrors: z.array(z.object({ id: z.string(), score: z.number(), error: z.string() })),
});

export const datastoreCalls = {
  'datasets.fetch': call(z.strictObject({ id }), fetchedDataset),
  'datasets.list': call(
    z.strictObject({
      sortBy: sortOptions.nullish(),
      /** The key a previous page answered, passed back unchanged. */
      paginationKey: opaqueJson().nullish(),
      pageSize: z.number().int().min(1).max(200).default(20),
    }),
    remoteDatasetPage,
  ),
  /** Mints a dataset; metadata the data store refuses answers `invalid` with its details. */
  'datasets.mint': call(z.strictObject({ metadata }), MintResponse),
  /** The data store's dry run: `success=false` with details when it would refuse the metadata. */
  'datasets.validate': call(z.strictObject({ metadata }), Status),
  'datasets.updateMetadata': call(z.strictObject({ id, reason, metadata }), UpdateMetadataResponse),
  'datasets.revert': call(
    z.strictObject({ id, historyId: z.number().int().min(0).max(1_000_000), reason }),
    StatusResponse,
  ),
  'datasets.version': call(z.strictObject({ id, reason }), VersionResponse),
  'datasets.presignedUrl': call(
    z.strictObject({
      datasetId: id,
      filePath: z.string().min(1).max(1024),
      expiresIn: z.number().int().min(1).max(86_400).default(10_800),
    }),
    PresignedURLResponse,
  ),
  'datasets.search': call(
    z.strictObject({
      query: z.string().trim().min(1).max(500),
      limit: z.number().int().min(1).max(50).default(25),
    }),
    datasetSearchResults,
  ),
  'jobs.fetch': call(z.strictObject({ sessionId: id }), JobStatusTable),
  'release.listReviewers': call(z.strictObject({}), z.object({ reviewers: z.array(z.string()) })),
  'release.addReviewer': call(z.strictObject({ personId: id }), z.object({ added: z.literal(true) })),
  'release.removeReviewer': call(z.strictObject({ personId: id }), z.object({ removed: z.literal(true) })),
  'release.requestApproval': call(
    z.strictObject({ datasetId: id, approverId: id, notes }),
    ReleaseApprovalRequestResponse,
  ),
  'release.actionApproval': call(
    z.strictObject({ datasetId: id, approve: z.boolean(), notes }),
    ActionApprovalRequestResponse,
  ),
};

export type FetchedDataset = z.output<typeof fetchedDataset>;
export type RemoteDatasetPage = z.output<typeof remoteDatasetPage>;
export type DatasetSearchResults = z.output<typeof datasetSearchResults>;
