/** The data store API routes of §1: health, register, metadata, registry items, credentials, check-access. */
import { z } from 'zod';
import {
  CollectionFormat,
  collectionFormatJsonSchema,
  CredentialsRequest,
  ItemRevertRequest,
  NoFilterSubtypeListRequest,
  PresignedURLRequest,
  VersionRequest,
} from '../../shared/provena/index.ts';
import { gates } from '../auth/authenticator.ts';
import { fetchDatasetForUser } from '../datasets/access.ts';
import { datasetCredentials, presignedUrl } from '../datasets/files.ts';
import { listDatasets } from '../datasets/listing.ts';
import { mintDataset, revertMetadata, updateMetadata, validateMetadata } from '../datasets/metadata.ts';
import { versionDataset } from '../datasets/versioning.ts';
import { badRequest } from '../http/errors.ts';
import { parseRequest } from '../http/parse.ts';
import { callerWith, type RouteModule } from './route-kit.ts';

const handleQuery = z.object({ handle_id: z.string() });

/** Registers the data store routes. */
export const dataStoreRoutes: RouteModule = (app, services) => {
  const context = services.datasets;

  app.get('/', async () => ({ message: 'Health check successful.' }));

  app.post('/register/mint-dataset', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: CollectionFormat });
    return mintDataset(context, body, user);
  });

  app.post('/metadata/validate-metadata', async (request) => {
    await callerWith(services, request, gates.read);
    const { body } = parseRequest(request, { body: CollectionFormat });
    return validateMetadata(context, body);
  });

  app.get('/metadata/dataset-schema', async (request) => {
    await callerWith(services, request, gates.read);
    return { json_schema: collectionFormatJsonSchema() };
  });

  app.get('/registry/items/fetch-dataset', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { query } = parseRequest(request, { query: handleQuery });
    if (query.handle_id === '') throw badRequest('Empty string received for query handle_id');
    const fetched = fetchDatasetForUser(context, query.handle_id, user);
    return {
      status: { success: true, details: `Successfully fetched data for handle '${query.handle_id}'` },
      item: fetched.item,
      roles: fetched.roles,
      locked: fetched.locked,
    };
  });

  app.post('/register/update-metadata', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { query, body } = parseRequest(request, {
      query: z.object({ handle_id: z.string(), reason: z.string() }),
      body: CollectionFormat,
    });
    return updateMetadata(context, query.handle_id, query.reason, body, user);
  });

  app.put('/register/revert-metadata', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: ItemRevertRequest });
    return revertMetadata(context, body, user);
  });

  app.post('/register/version', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: VersionRequest });
    return versionDataset(context, body, user);
  });

  app.post('/registry/items/list', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { body } = parseRequest(request, { body: NoFilterSubtypeListRequest });
    return listDatasets(context, body, user);
  });

  app.post('/registry/items/generate-presigned-url', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { body } = parseRequest(request, { body: PresignedURLRequest });
    return presignedUrl(context, body, user);
  });

  app.post('/registry/credentials/generate-read-access-credentials', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { body } = parseRequest(request, { body: CredentialsRequest });
    return datasetCredentials(context, body.dataset_id, 'read', user);
  });

  app.post('/registry/credentials/generate-write-access-credentials', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: CredentialsRequest });
    return datasetCredentials(context, body.dataset_id, 'write', user);
  });

  const checkAccess = [
    ['check-general-access', gates.anyUser],
    ['check-read-access', gates.read],
    ['check-write-access', gates.readWrite],
    ['check-admin-access', gates.admin],
  ] as const;
  for (const [path, gate] of checkAccess) {
    app.get(`/check-access/${path}`, async (request) => {
      const user = await callerWith(services, request, gate);
      return {
        username: user.username,
        email: user.email,
        roles: user.roles,
        access_token: user.accessToken,
      };
    });
  }

  app.get('/admin/config', async (request) => {
    await callerWith(services, request, gates.admin);
    const { config, storage } = context;
    return {
      handle_prefix: config.handlePrefix,
      auth_mode: config.auth.mode,
      s3_bucket: storage.bucket,
      s3_region: storage.region,
      s3_endpoint_url: storage.clientEndpoint,
      credential_source: storage.credentialSource(),
      general_roles: config.generalRoles,
      jobs: config.jobs,
    };
  });
};
