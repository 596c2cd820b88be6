/** The S3 transfer engine: resumable, verified uploads and downloads between local folders and datasets. */
export {
  TransferEngine,
  type DownloadRequest,
  type TransferEngineOptions,
  type UploadRequest,
} from './engine.ts';
export type {
  DatasetLocation,
  DatasetStorage,
  ReleaseStatus,
  StorageCredentials,
} from './dataset-storage.ts';
export type { JobSnapshot } from './snapshot.ts';
export type {
  ConflictPolicy,
  ItemRecord,
  ItemState,
  JobKind,
  JobRecord,
  JobState,
  UploadSource,
} from './types.ts';
export { defaultTransferSettings, type TransferSettings } from './settings.ts';
export type { VerifyReport, VerifyRequest } from './verify.ts';
export type { BrowserFileEntry, BrowserUploadRequest } from './browser-uploads.ts';
export {
  defaultDownloadFolder,
  toTransferJob,
  transferHandlers,
  type TransferHandlerDeps,
} from './handlers.ts';
export { browserUploadPath, browserUploadRoute } from './web-upload-route.ts';
export {
  createTransferService,
  overviewOf,
  transferDatabasePath,
  type TransferService,
  type TransferServiceOptions,
} from './service.ts';
