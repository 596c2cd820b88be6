import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/index.ts';
import { startS3Endpoint } from '../../../server/s3/index.ts';
import type { DatasetListResponse } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { sendRequest, startHarness, type Harness } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { storageBackends } from './backends.ts';

describe.each(storageBackends())('HTTP error shapes on $name', ({ storage }) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ storage });
  });
  afterAll(async () => harness?.stop());

  it('answers unknown routes with 404 Not Found', async () => {
    const reply = await harness.request('GET', '/no/such/route');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ detail: 'Not Found' });
  });

  it('answers a known route with the wrong method with 405', async () => {
    const reply = await harness.request('GET', '/register/mint-dataset');
    expect(reply.status).toBe(405);
    expect(reply.body).toEqual({ detail: 'Method Not Allowed' });
  });

  it('reads JSON bodies whatever content type the client sends', async () => {
    const reply = await harness.request('POST', '/metadata/validate-metadata', {
      token: await harness.token('alice'),
      rawBody: JSON.stringify(validCollectionFormat(harness.organisationId)),
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ success: true, details: 'Validation successful.' });
  });
});

describe('failures part-way through a change', () => {
  const folders: { remove(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const folder of folders) await folder.remove();
  });

  it('answers 500 as plain text when storage fails during a mint, and leaves no complete dataset', async () => {
    const folder = await tempDir();
    folders.push(folder);
    const endpoint = await startS3Endpoint({ dataDir: `${folder.path}/objects` });
    const server = await startServer(
      {
        databasePath: `${folder.path}/db.sqlite`,
        s3: {
          endpoint: endpoint.endpoint,
          region: endpoint.region,
          bucket: 'crash-test',
          accessKeyId: endpoint.accessKeyId,
          secretAccessKey: endpoint.secretAccessKey,
        },
        auth: { mode: 'local' },
      },
      { issueCredentials: (request) => endpoint.issueCredentials(request) },
    );
    try {
      const local = server.local!;
      await endpoint.close();
      const reply = await sendRequest(server.url, 'POST', '/register/mint-dataset', {
        token: local.token,
        body: validCollectionFormat(local.organisationId),
      });
      expect(reply.status).toBe(500);
      expect(reply.text).toBe('Internal Server Error');
      expect(reply.headers.get('content-type')).toContain('text/plain');
      const list = await sendRequest<DatasetListResponse>(server.url, 'POST', '/registry/items/list', {
        token: local.token,
        body: {},
      });
      expect(list.body.items).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
