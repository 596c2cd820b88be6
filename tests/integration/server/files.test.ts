import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialResponse, PresignedURLResponse } from '../../../shared/provena/index.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { clientFor, item, locations, mint, rootClient } from './helpers.ts';

describe.each(storageBackends())('dataset credentials and presigned URLs on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  let datasetA: string;
  let datasetB: string;
  const credentials = (token: string, id: string, access: 'read' | 'write') =>
    harness.request<CredentialResponse & { detail?: string }>(
      'POST',
      `/registry/credentials/generate-${access}-access-credentials`,
      { token, body: { dataset_id: id, console_session_required: false } },
    );
  const presign = (token: string, body: Record<string, unknown>) =>
    harness.request<PresignedURLResponse & { detail?: string }>(
      'POST',
      '/registry/items/generate-presigned-url',
      {
        token,
        body,
      },
    );
  const put = (client: ReturnType<typeof clientFor>, key: string, body = 'data') =>
    client.send(new PutObjectCommand({ Bucket: harness.s3.bucket, Key: key, Body: body }));

  beforeAll(async () => {
    harness = await startHarness({ storage });
    alice = await harness.token('alice');
    bob = await harness.token('bob');
    datasetA = await mint(harness, alice);
    datasetB = await mint(harness, bob);
  });
  afterAll(async () => harness?.stop());

  it('issues read credentials with an ISO expiry, the endpoint and the region', async () => {
    const reply = await credentials(alice, datasetA, 'read');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: { success: true, details: 'STS credentials generated successfully for specified path.' },
      credentials: {
        aws_access_key_id: expect.any(String),
        aws_secret_access_key: expect.any(String),
        aws_session_token: expect.any(String),
        expiry: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      },
      console_session_url: null,
      s3_endpoint_url: harness.s3.endpoint,
      s3_region: harness.s3.region,
    });
    const lifetime = Date.parse(reply.body.credentials.expiry) - Date.now();
    expect(lifetime).toBeGreaterThan(7 * 3600_000);
    expect(lifetime).toBeLessThanOrEqual(8 * 3600_000 + 60_000);
    expect(reply.body.credentials.aws_access_key_id).not.toBe(harness.s3.accessKeyId);
  });

  it('scopes write credentials to their own dataset: writes elsewhere are refused by S3', async () => {
    const a = await item(harness, alice, datasetA);
    const b = await item(harness, bob, datasetB);
    const client = clientFor(harness, (await credentials(alice, datasetA, 'write')).body.credentials);
    await put(client, `${a.s3.path}raw/readings.csv`, 'a,b\n');
    await expect(put(client, `${b.s3.path}intruder.txt`)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(put(client, 'datasets/elsewhere.txt')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      client.send(new GetObjectCommand({ Bucket: harness.s3.bucket, Key: `${b.s3.path}metadata.json` })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    const listing = await client.send(
      new ListObjectsV2Command({ Bucket: harness.s3.bucket, Prefix: 'datasets/' }),
    );
    expect(listing.Contents?.map((object) => object.Key)).toContain(`${b.s3.path}metadata.json`);
    client.destroy();
  });

  it('lets write credentials run a multipart upload, including listing its parts', async () => {
    const a = await item(harness, alice, datasetA);
    const client = clientFor(harness, (await credentials(alice, datasetA, 'write')).body.credentials);
    const key = `${a.s3.path}big/part-test.bin`;
    const upload = await client.send(
      new CreateMultipartUploadCommand({ Bucket: harness.s3.bucket, Key: key }),
    );
    const part = await client.send(
      new UploadPartCommand({
        Bucket: harness.s3.bucket,
        Key: key,
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'x'.repeat(1024),
      }),
    );
    const parts = await client.send(
      new ListPartsCommand({ Bucket: harness.s3.bucket, Key: key, UploadId: upload.UploadId }),
    );
    expect(parts.Parts?.map((entry) => entry.PartNumber)).toEqual([1]);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: harness.s3.bucket,
        Key: key,
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    client.destroy();
  });

  it('gives read credentials reads in the dataset but no writes', async () => {
    const a = await item(harness, alice, datasetA);
    const client = clientFor(harness, (await credentials(alice, datasetA, 'read')).body.credentials);
    const object = await client.send(
      new GetObjectCommand({ Bucket: harness.s3.bucket, Key: `${a.s3.path}metadata.json` }),
    );
    expect(JSON.parse(await object.Body!.transformToString()).dataset_info.name).toBe(a.display_name);
    await expect(put(client, `${a.s3.path}new.txt`)).rejects.toMatchObject({ name: 'AccessDenied' });
    client.destroy();
  });

  it('refuses credentials without the item roles with 401, and allows realm admins', async () => {
    const read = await credentials(bob, datasetA, 'read');
    expect(read.status).toBe(401);
    expect(read.body).toEqual({
      detail: 'You do not have sufficient permissions to read from this dataset!',
    });
    const write = await credentials(bob, datasetA, 'write');
    expect(write.status).toBe(401);
    expect(write.body).toEqual({
      detail: 'You do not have sufficient permissions to write to this dataset!',
    });
    expect((await credentials(await harness.token('reed'), datasetA, 'write')).status).toBe(401);
    expect((await credentials(await harness.token('ada'), datasetA, 'write')).status).toBe(200);
    expect((await credentials(alice, '10378.1/999999', 'read')).status).toBe(400);
    expect(
      locations(
        await harness.request('POST', '/registry/credentials/generate-read-access-credentials', {
          token: alice,
          body: { dataset_id: datasetA },
        }),
      ),
    ).toEqual([['body', 'console_session_required']]);
  });

  it('refuses write credentials for a locked dataset with 401', async () => {
    const id = await mint(harness, alice);
    await harness.request('PUT', '/registry/entity/dataset/locks/lock', {
      token: alice,
      body: { id, reason: 'r' },
    });
    const reply = await credentials(alice, id, 'write');
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toMatch(/^This dataset is locked/);
    expect((await credentials(alice, id, 'read')).status).toBe(200);
  });

  it('presigns a download of a file with an attachment disposition', async () => {
    const a = await item(harness, alice, datasetA);
    await rootClient(harness).send(
      new PutObjectCommand({
        Bucket: harness.s3.bucket,
        Key: `${a.s3.path}nested/a.txt`,
        Body: 'hello from a',
      }),
    );
    const reply = await presign(alice, { dataset_id: datasetA, file_path: 'nested/a.txt', expires_in: 600 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      dataset_id: datasetA,
      file_path: 'nested/a.txt',
      presigned_url: expect.any(String),
    });
    const url = new URL(reply.body.presigned_url);
    expect(url.origin).toBe(harness.s3.endpoint);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello from a');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename=${a.s3.path}nested/a.txt`);
  });

  it.each([
    ['..', '../other/metadata.json', '../'],
    ['..', 'nested/..hidden', '..'],
    ['//', 'nested//a.txt', '//'],
    ['\\', 'nested\\a.txt', '\\'],
  ])('refuses a file path containing %s with 400', async (_name, filePath, named) => {
    const reply = await presign(alice, { dataset_id: datasetA, file_path: filePath });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      detail: `File path '${filePath}' contains '${named}' which is not allowed.`,
    });
  });

  it('refuses missing objects and folders with 400', async () => {
    for (const filePath of ['nope.txt', 'nested']) {
      const reply = await presign(alice, { dataset_id: datasetA, file_path: filePath });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        detail: `File path '${filePath}' does not exist in dataset with id ${datasetA}`,
      });
    }
  });

  it('bounds expires_in to 1..86400 and defaults it to three hours', async () => {
    expect(
      locations(await presign(alice, { dataset_id: datasetA, file_path: 'metadata.json', expires_in: 0 })),
    ).toEqual([['body', 'expires_in']]);
    expect(
      locations(
        await presign(alice, { dataset_id: datasetA, file_path: 'metadata.json', expires_in: 86_401 }),
      ),
    ).toEqual([['body', 'expires_in']]);
    const reply = await presign(alice, { dataset_id: datasetA, file_path: 'metadata.json' });
    expect(new URL(reply.body.presigned_url).searchParams.get('X-Amz-Expires')).toBe('10800');
  });

  it('refuses presigning without dataset-data-read (401) and for unknown datasets (400), prefixing the reason', async () => {
    const stranger = await presign(bob, { dataset_id: datasetA, file_path: 'metadata.json' });
    expect(stranger.status).toBe(401);
    expect(stranger.body.detail).toMatch(
      /^Failed to generate presigned url\. Error: User bob does not have expected dataset data privileges/,
    );
    const unknown = await presign(alice, { dataset_id: '10378.1/999999', file_path: 'metadata.json' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(
      /^Failed to generate presigned url\. Error: The registry API responded/,
    );
  });
});
