import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStore } from '../../../main/localstore/index.ts';
import type { CredentialResponse, MintResponse } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { sendRequest } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';

function s3For(credentials: CredentialResponse): S3Client {
  return new S3Client({
    endpoint: credentials.s3_endpoint_url!,
    region: credentials.s3_region!,
    forcePathStyle: true,
    credentials: {
      accessKeyId: credentials.credentials.aws_access_key_id,
      secretAccessKey: credentials.credentials.aws_secret_access_key,
      sessionToken: credentials.credentials.aws_session_token,
    },
  });
}

describe('embedded local store', () => {
  const folders: { remove(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const folder of folders) await folder.remove();
  });

  it('runs the whole workflow on one machine and keeps its data across restarts with a new token', async () => {
    const folder = await tempDir();
    folders.push(folder);
    const started = performance.now();
    const first = await startLocalStore({ dataDir: folder.path });
    console.log(`local store cold start: ${Math.round(performance.now() - started)} ms`);
    let handle: string;
    let firstToken: string;
    try {
      expect(first.dataApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.searchApiUrl).toBe(first.dataApiUrl);
      expect(first.jobApiUrl).toBe(first.dataApiUrl);
      expect(first.s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(`${folder.path}/localstore/datastore.sqlite`)).toBe(true);
      firstToken = first.token;

      const organisations = await sendRequest<{ results: { id: string }[] }>(
        first.searchApiUrl,
        'GET',
        '/search/entity-registry',
        {
          token: first.token,
          query: { query: 'organisation', subtype_filter: 'ORGANISATION' },
        },
      );
      expect(organisations.body.results).toHaveLength(1);
      const minted = await sendRequest<MintResponse>(first.dataApiUrl, 'POST', '/register/mint-dataset', {
        token: first.token,
        body: validCollectionFormat(organisations.body.results[0]!.id),
      });
      expect(minted.body.status.success).toBe(true);
      handle = minted.body.handle!;
      expect(minted.body.s3_location?.bucket_name).toBe(first.s3.bucket);

      const write = await sendRequest<CredentialResponse>(
        first.dataApiUrl,
        'POST',
        '/registry/credentials/generate-write-access-credentials',
        {
          token: first.token,
          body: { dataset_id: handle, console_session_required: false },
        },
      );
      expect(write.body.s3_endpoint_url).toBe(first.s3.endpoint);
      const client = s3For(write.body);
      await client.send(
        new PutObjectCommand({
          Bucket: first.s3.bucket,
          Key: `${minted.body.s3_location!.path}notes.txt`,
          Body: 'kept',
        }),
      );
      client.destroy();

      const reviewers = await sendRequest<string[]>(first.dataApiUrl, 'GET', '/release/sys-reviewers/list', {
        token: first.token,
      });
      const request = await sendRequest(first.dataApiUrl, 'POST', '/release/approval-request', {
        token: first.token,
        body: { dataset_id: handle, approver_id: reviewers.body[0], notes: 'self review' },
      });
      expect(request.status).toBe(200);
      const approve = await sendRequest(first.dataApiUrl, 'PUT', '/release/action-approval-request', {
        token: first.token,
        body: { dataset_id: handle, approve: true, notes: 'ok' },
      });
      expect(approve.status).toBe(200);
    } finally {
      await first.stop();
    }
    await expect(fetch(first.dataApiUrl)).rejects.toThrow();

    const restarted = performance.now();
    const second = await startLocalStore({ dataDir: folder.path });
    console.log(`local store warm start: ${Math.round(performance.now() - restarted)} ms`);
    try {
      expect(second.token).not.toBe(firstToken);
      const stale = await sendRequest(second.dataApiUrl, 'GET', '/check-access/check-general-access', {
        token: firstToken,
      });
      expect(stale.status).toBe(401);
      const fetched = await sendRequest<{ item: { release_status: string; s3: { path: string } } }>(
        second.dataApiUrl,
        'GET',
        '/registry/items/fetch-dataset',
        { token: second.token, query: { handle_id: handle } },
      );
      expect(fetched.body.item.release_status).toBe('RELEASED');
      const read = await sendRequest<CredentialResponse>(
        second.dataApiUrl,
        'POST',
        '/registry/credentials/generate-read-access-credentials',
        {
          token: second.token,
          body: { dataset_id: handle, console_session_required: false },
        },
      );
      const client = s3For(read.body);
      const object = await client.send(
        new GetObjectCommand({ Bucket: second.s3.bucket, Key: `${fetched.body.item.s3.path}notes.txt` }),
      );
      expect(await object.Body!.transformToString()).toBe('kept');
      client.destroy();
      const organisations = await sendRequest<{ results: unknown[] }>(
        second.dataApiUrl,
        'GET',
        '/search/entity-registry',
        {
          token: second.token,
          query: { query: 'organisation', subtype_filter: 'ORGANISATION' },
        },
      );
      expect(organisations.body.results).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
