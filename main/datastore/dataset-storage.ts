/**
 * The data store as the transfer engine sees it: where a dataset's files are (fetch-dataset's `item.s3`) and
 * temporary credentials per direction. Provena's answers name no endpoint or region; a Datadesk server adds them,
 * otherwise the profile's S3 settings apply, and last AWS in Provena's region.
 */
import type { DatasetStorage, StorageCredentials } from '../transfers/index.ts';
import type { S3Defaults } from './data-stores.ts';
import type { DatastoreClient } from './types.ts';

/** Provena runs in AWS Sydney; its console links say so. */
export const provenaDefaultRegion = 'ap-southeast-2';

/** Builds the transfer engine's view of one data store. */
export function datasetStorageOf(
  client: () => Promise<DatastoreClient>,
  defaults: () => Promise<S3Defaults>,
): DatasetStorage {
  return {
    async locate(datasetId, signal) {
      const { item } = await (await client()).fetchDataset(datasetId, signal);
      return { bucket: item.s3.bucket_name, prefix: item.s3.path, releaseStatus: item.release_status };
    },
    async credentials(datasetId, access, signal): Promise<StorageCredentials> {
      const api = await client();
      const answer =
        access === 'write'
          ? await api.writeCredentials(datasetId, signal)
          : await api.readCredentials(datasetId, signal);
      const fallback = await defaults();
      return {
        accessKeyId: answer.credentials.aws_access_key_id,
        secretAccessKey: answer.credentials.aws_secret_access_key,
        sessionToken: answer.credentials.aws_session_token,
        expiration: new Date(answer.credentials.expiry),
        endpoint: answer.s3_endpoint_url ?? fallback.endpointUrl ?? null,
        region: answer.s3_region ?? fallback.region ?? provenaDefaultRegion,
      };
    },
  };
}
