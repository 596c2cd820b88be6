/**
 * What the engine needs from a data store, and nothing more: where a dataset's files live and short-lived
 * credentials for them. The data store client implements it (main/datastore); tests implement it over MinIO.
 */

/** A dataset's release status (Provena's). */
export type ReleaseStatus = 'NOT_RELEASED' | 'PENDING' | 'RELEASED';

/** Where a dataset's objects are. */
export interface DatasetLocation {
  bucket: string;
  /** The key prefix, ending in `/` (e.g. `datasets/10378-1-1451860/`). */
  prefix: string;
  releaseStatus: ReleaseStatus;
}

/** Temporary S3 credentials for one dataset and direction, plus the endpoint they are for. */
export interface StorageCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration: Date;
  /** A custom S3 endpoint (MinIO, the embedded store); null for AWS. */
  endpoint: string | null;
  region: string;
}

/** The data store seen from the transfer engine. */
export interface DatasetStorage {
  /** Bucket, prefix (from fetch-dataset's item.s3) and release status of a dataset. */
  locate(datasetId: string, signal?: AbortSignal): Promise<DatasetLocation>;
  /**
   * Fresh credentials from the data store. Throws AppError `forbidden` when write access is refused because
   * the dataset is pending review or released.
   */
  credentials(datasetId: string, access: 'read' | 'write', signal?: AbortSignal): Promise<StorageCredentials>;
}
