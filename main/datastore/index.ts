/** The Provena data store client, and the data stores of the app (a client per profile, the current one). */
export { createDatastoreClient, type DatastoreClientOptions } from './client.ts';
export {
  DataStores,
  endpointsOf,
  type DataStoresOptions,
  type LocalStoreHandle,
  type S3Defaults,
} from './data-stores.ts';
export { datasetStorageOf, provenaDefaultRegion } from './dataset-storage.ts';
export { errorForStatus, type RequestContext } from './errors.ts';
export { datastoreHandlers, type RegistrationFollowing } from './handlers.ts';
export { RegistrationJobs, type FollowRequest, type RegistrationJobsOptions } from './registration-jobs.ts';
export type { TokenSource } from './http.ts';
export { awaitJob, type AwaitJobOptions, type ChainedJobs } from './jobs.ts';
export type { RegistryEntity } from './registry.ts';
export type { SearchOutcome } from './search.ts';
export type { DatastoreClient, DatastoreEndpoints, ListDatasetsOptions, WhoAmI } from './types.ts';
export {
  createDataStoreServices,
  type CurrentDataStore,
  type DataStoreServices,
  type DataStoreServicesOptions,
} from './compose.ts';
