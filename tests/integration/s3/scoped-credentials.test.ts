/** The embedded endpoint's temporary credentials, scoped like Provena's STS policy. */
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectS3Error,
  openTarget,
  readAll,
  s3Client,
  type ContractTarget,
} from '../../support/s3-contract.ts';

describe('scoped credentials of the embedded endpoint', () => {
  let target: ContractTarget & { close(): Promise<void> };
  let root: S3Client;
  const clients: S3Client[] = [];

  /** A client using fresh credentials for `prefix` of the test bucket. */
  function scoped(
    access: 'read' | 'write',
    prefix: string,
    durationSeconds = 3600,
    bucket?: string,
  ): S3Client {
    const issued = target.embedded!.issueCredentials({
      bucket: bucket ?? target.bucket,
      prefix,
      access,
      durationSeconds,
    });
    const client = s3Client({ ...target, ...issued }, 'defaults');
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    target = await openTarget('embedded');
    root = s3Client(target, 'defaults');
    for (const key of ['datasets/a/file.txt', 'datasets/a', 'datasets/ab/other.txt', 'datasets/b/file.txt']) {
      await root.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: `content of ${key}` }));
    }
  });

  afterAll(async () => {
    for (const client of [root, ...clients]) client.destroy();
    await target.close();
  });

  it('lets read credentials get and head inside their prefix only', async () => {
    const reader = scoped('read', 'datasets/a/');
    const got = await reader.send(
      new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' }),
    );
    expect((await readAll(got.Body)).toString()).toBe('content of datasets/a/file.txt');
    await reader.send(new HeadObjectCommand({ Bucket: target.bucket, Key: 'datasets/a' }));
    await expectS3Error(
      reader.send(new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/ab/other.txt' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      reader.send(new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/b/file.txt' })),
      'AccessDenied',
      403,
    );
  });

  it('refuses every write with read credentials', async () => {
    const reader = scoped('read', 'datasets/a/');
    await expectS3Error(
      reader.send(new PutObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/new.txt', Body: 'x' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      reader.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      reader.send(new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: 'datasets/a/big.bin' })),
      'AccessDenied',
      403,
    );
    expect(
      (await root.send(new HeadObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' })))
        .ContentLength,
    ).toBeGreaterThan(0);
  });

  it('lists anywhere in the bucket with read or write credentials', async () => {
    for (const client of [scoped('read', 'datasets/a/'), scoped('write', 'datasets/a/')]) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: target.bucket, Prefix: 'datasets/b/' }),
      );
      expect((listed.Contents ?? []).map((item) => item.Key)).toEqual(['datasets/b/file.txt']);
    }
  });

  it('lets write credentials for prefix A put, delete and upload in parts under A but not under B', async () => {
    const writer = scoped('write', 'datasets/a/');
    await writer.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/written.txt', Body: 'mine' }),
    );
    await writer.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/written.txt' }));
    const upload = await writer.send(
      new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: 'datasets/a/big.bin' }),
    );
    await writer.send(
      new UploadPartCommand({
        Bucket: target.bucket,
        Key: 'datasets/a/big.bin',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'part',
      }),
    );
    await writer.send(
      new AbortMultipartUploadCommand({
        Bucket: target.bucket,
        Key: 'datasets/a/big.bin',
        UploadId: upload.UploadId,
      }),
    );
    await expectS3Error(
      writer.send(new PutObjectCommand({ Bucket: target.bucket, Key: 'datasets/b/intruder.txt', Body: 'x' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      writer.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: 'datasets/ab/intruder.txt', Body: 'x' }),
      ),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      writer.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: 'datasets/b/file.txt' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      writer.send(new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: 'datasets/b/big.bin' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      writer.send(new CreateBucketCommand({ Bucket: 'datadesk-not-allowed' })),
      'AccessDenied',
      403,
    );
  });

  it('deletes many keys inside the prefix and reports AccessDenied for the rest', async () => {
    await root.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/temporary.txt', Body: 'x' }),
    );
    const writer = scoped('write', 'datasets/a/');
    const result = await writer.send(
      new DeleteObjectsCommand({
        Bucket: target.bucket,
        Delete: { Objects: [{ Key: 'datasets/a/temporary.txt' }, { Key: 'datasets/b/file.txt' }] },
      }),
    );
    expect((result.Deleted ?? []).map((item) => item.Key)).toEqual(['datasets/a/temporary.txt']);
    expect((result.Errors ?? []).map((item) => [item.Key, item.Code])).toEqual([
      ['datasets/b/file.txt', 'AccessDenied'],
    ]);
    expect(
      (await root.send(new HeadObjectCommand({ Bucket: target.bucket, Key: 'datasets/b/file.txt' })))
        .ContentLength,
    ).toBeGreaterThan(0);
  });

  it('refuses credentials issued for another bucket', async () => {
    await root.send(new CreateBucketCommand({ Bucket: 'other-bucket-datadesk' }));
    const elsewhere = scoped('write', 'datasets/a/', 3600, 'other-bucket-datadesk');
    await expectS3Error(
      elsewhere.send(new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      elsewhere.send(new ListObjectsV2Command({ Bucket: target.bucket })),
      'AccessDenied',
      403,
    );
  });

  it('answers ExpiredToken once session credentials have expired, also for presigned URLs', async () => {
    const shortLived = scoped('read', 'datasets/a/', 1);
    const url = await getSignedUrl(
      shortLived,
      new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' }),
      {
        expiresIn: 600,
      },
    );
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectS3Error(
      shortLived.send(new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' })),
      'ExpiredToken',
      400,
    );
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>ExpiredToken</Code>');
  });

  it('refuses a session key whose token was changed', async () => {
    const issued = target.embedded!.issueCredentials({
      bucket: target.bucket,
      prefix: 'datasets/a/',
      access: 'read',
      durationSeconds: 60,
    });
    const forged = s3Client(
      {
        ...target,
        ...issued,
        sessionToken: `${issued.sessionToken.slice(0, -1)}${issued.sessionToken.endsWith('x') ? 'y' : 'x'}`,
      },
      'defaults',
    );
    clients.push(forged);
    await expectS3Error(
      forged.send(new GetObjectCommand({ Bucket: target.bucket, Key: 'datasets/a/file.txt' })),
      'InvalidToken',
      400,
    );
  });

  it('refuses credentials that ask for an impossible lifetime', () => {
    expect(() =>
      target.embedded!.issueCredentials({
        bucket: target.bucket,
        prefix: 'a/',
        access: 'read',
        durationSeconds: 0,
      }),
    ).toThrow(/lifetime|durationSeconds/);
  });
});
