/** The local catalog: a SQLite mirror per profile of every dataset the user can see, synced with its data store. */
export { catalogContextFor, fetchForCatalog, remoteSourceFor } from './datastore-adapter.ts';
export { catalogHandlers } from './handlers.ts';
export {
  canonicalJson,
  releaseStatuses,
  rowFromItem,
  type CatalogItem,
  type FetchedDataset,
  type ReleaseStatus,
} from './item.ts';
export { ftsQuery, ownerRoles, type DatasetQuery, type Viewer } from './queries.ts';
export type { RemoteCatalogSource, RemotePage, RemotePageRequest } from './remote-source.ts';
export { backoffDelay, defaultTiming, type SchedulerTiming } from './scheduler.ts';
export type { CatalogContext, CatalogTarget } from './context.ts';
export { CatalogService, type CatalogServiceOptions, type StartedSync } from './service.ts';
export { ProfileCatalog } from './store.ts';
export { offlineStillWorks } from './connectivity.ts';
export { ReachabilityGuard, type ReachabilityGuardOptions, type ReachabilityRecord } from './reachability.ts';
export { withWriteThrough, type WriteThroughOptions } from './write-through.ts';
