/** Dataset credentials and presigned downloads (§1.10–1.12), with Provena's checks and messages. */
import type {
  CredentialResponse,
  PresignedURLRequest,
  PresignedURLResponse,
} from '../../shared/provena/index.ts';
import { isRegistryAdmin, type AuthenticatedUser } from '../auth/authenticator.ts';
import { badRequest, HttpError, notAuthorised } from '../http/errors.ts';
import { fetchDatasetForUser, hasAnyRole } from './access.ts';
import type { DatasetContext } from './context.ts';

const illegalPathParts = ['../', '/../', '..', '//', '\\', '\\\\'];

/** Read or write credentials scoped to the dataset's prefix. */
export async function datasetCredentials(
  context: DatasetContext,
  datasetId: string,
  access: 'read' | 'write',
  user: AuthenticatedUser,
): Promise<CredentialResponse> {
  const fetched = fetchDatasetForUser(context, datasetId, user);
  if (access === 'write' && fetched.locked) {
    throw notAuthorised(
      'This dataset is locked - you cannot modify the files of a locked dataset. Unlock the dataset first.',
    );
  }
  const acceptable =
    access === 'read'
      ? ['dataset-data-read', 'dataset-data-write', 'admin']
      : ['dataset-data-write', 'admin'];
  if (!isRegistryAdmin(user) && !hasAnyRole(fetched.roles, acceptable)) {
    throw notAuthorised(
      `You do not have sufficient permissions to ${access === 'read' ? 'read from' : 'write to'} this dataset!`,
    );
  }
  const status = fetched.item.release_status;
  if (access === 'write' && (status === 'PENDING' || status === 'RELEASED')) {
    throw new HttpError(
      403,
      `Dataset ${datasetId} is pending review or is released. Cannot modify dataset files while a review is ongoing.`,
    );
  }
  let credentials;
  try {
    credentials = await context.storage.credentials(
      fetched.item.s3.path,
      access,
      `${user.username},${access}-prog-bucket-access`,
    );
  } catch (error) {
    context.logger.error('storage.credentials_failed', { handle: datasetId, error });
    throw new HttpError(
      500,
      `Something went wrong when running the AWS STS service command: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  context.logger.info('dataset.credentials_issued', { handle: datasetId, access, username: user.username });
  return {
    status: { success: true, details: 'STS credentials generated successfully for specified path.' },
    credentials,
    console_session_url: null,
    s3_endpoint_url: context.storage.clientEndpoint,
    s3_region: context.storage.region,
  };
}

/** A presigned GET URL for one file of a dataset. */
export async function presignedUrl(
  context: DatasetContext,
  request: PresignedURLRequest,
  user: AuthenticatedUser,
): Promise<PresignedURLResponse> {
  const { dataset_id: datasetId, file_path: filePath } = request;
  let fetched;
  try {
    fetched = fetchDatasetForUser(context, datasetId, user);
  } catch (error) {
    if (error instanceof HttpError)
      throw new HttpError(error.status, `Failed to generate presigned url. Error: ${error.detail}`);
    throw error;
  }
  if (!hasAnyRole(fetched.roles, ['dataset-data-read'])) {
    throw notAuthorised(
      `Failed to generate presigned url. Error: User ${user.username} does not have expected dataset data privileges for dataset with id '${datasetId}'.` +
        `Expected roles of ['dataset-data-read'] but got [${fetched.roles.map((role) => `'${role}'`).join(', ')}]`,
    );
  }
  for (const illegal of illegalPathParts) {
    if (filePath.includes(illegal))
      throw badRequest(`File path '${filePath}' contains '${illegal}' which is not allowed.`);
  }
  const key = `${fetched.item.s3.path.replace(/\/$/, '')}/${filePath}`;
  if (!(await context.storage.objectExists(key))) {
    throw badRequest(`File path '${filePath}' does not exist in dataset with id ${datasetId}`);
  }
  const url = await context.storage.presignGet(key, fetched.item.s3.path, request.expires_in);
  return { dataset_id: datasetId, file_path: filePath, presigned_url: url };
}
