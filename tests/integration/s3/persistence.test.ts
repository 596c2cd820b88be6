/** The embedded endpoint across restarts and shutdowns: what survives, what is cleaned up, where it listens. */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3Endpoint, type S3Endpoint } from '../../../server/s3/index.ts';
import { expectS3Error, readAll, s3Client } from '../../support/s3-contract.ts';
import { Sha256 } from '../../support/s3-signed-stream.ts';
import { tempDir } from '../../support/temp-dir.ts';

const bucket = 'persist';

describe('the embedded endpoint across restarts', () => {
  let folder: { path: string; remove(): Promise<void> };
  let running: S3Endpoint | undefined;

  const clients: S3Client[] = [];
  const start = async () => {
    running = await startS3Endpoint({ dataDir: folder.path, buckets: [bucket] });
    const client = s3Client(running, 'defaults');
    clients.push(client);
    return { endpoint: running, client };
  };
  const restart = async () => {
    await running?.close();
    return start();
  };

  beforeEach(async () => {
    folder = await tempDir('datadesk-s3-persist-');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await running?.close();
    running = undefined;
    await folder.remove();
  });

  it('keeps objects, overwrites, deletions, metadata and checksums across a restart', async () => {
    const first = await start();
    await first.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'kept ü.txt',
        Body: 'v1',
        Metadata: { a: '1' },
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    await first.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'overwritten', Body: 'old' }));
    await first.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'overwritten', Body: 'new' }));
    await first.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'deleted', Body: 'gone' }));
    await first.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'deleted' }));
    const before = await first.client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'kept ü.txt', ChecksumMode: 'ENABLED' }),
    );
    const second = await restart();
    const listed = await second.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((item) => item.Key)).toEqual(['kept ü.txt', 'overwritten']);
    const after = await second.client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'kept ü.txt', ChecksumMode: 'ENABLED' }),
    );
    expect({ etag: after.ETag, metadata: after.Metadata, sha: after.ChecksumSHA256 }).toEqual({
      etag: before.ETag,
      metadata: { a: '1' },
      sha: before.ChecksumSHA256,
    });
    const overwritten = await second.client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'overwritten' }),
    );
    expect((await readAll(overwritten.Body)).toString()).toBe('new');
  });

  it('gives new keys at every start and refuses the previous ones', async () => {
    const first = await start();
    const previous = { ...first.endpoint };
    const second = await restart();
    expect(second.endpoint.secretAccessKey).not.toBe(previous.secretAccessKey);
    const stale = s3Client(
      { ...second.endpoint, accessKeyId: previous.accessKeyId, secretAccessKey: previous.secretAccessKey },
      'defaults',
    );
    clients.push(stale);
    await expectS3Error(stale.send(new ListObjectsV2Command({ Bucket: bucket })), 'InvalidAccessKeyId', 403);
  });

  it('resumes a multipart upload after a restart', async () => {
    const first = await start();
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1000)];
    const { UploadId } = await first.client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'resumed.bin' }),
    );
    const one = await first.client.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'resumed.bin', UploadId, PartNumber: 1, Body: parts[0] }),
    );
    const second = await restart();
    const two = await second.client.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'resumed.bin', UploadId, PartNumber: 2, Body: parts[1] }),
    );
    const listed = await second.client.send(
      new ListPartsCommand({ Bucket: bucket, Key: 'resumed.bin', UploadId }),
    );
    expect((listed.Parts ?? []).map((part) => part.ETag)).toEqual([one.ETag, two.ETag]);
    await second.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'resumed.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: one.ETag },
            { PartNumber: 2, ETag: two.ETag },
          ],
        },
      }),
    );
    const got = await second.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'resumed.bin' }));
    expect(await readAll(got.Body)).toEqual(Buffer.concat(parts));
    expect(await readdir(join(folder.path, 'uploads'))).toEqual([]);
  });

  it('compacts a journal of many overwrites when it starts', async () => {
    const first = await start();
    for (let index = 0; index < 300; index++) {
      await first.client.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'busy', Body: `version ${index}` }),
      );
    }
    const journal = join(folder.path, 'buckets', bucket, 'journal.jsonl');
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(300);
    const second = await restart();
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(1);
    const got = await second.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'busy' }));
    expect((await readAll(got.Body)).toString()).toBe('version 299');
    const files = await readdir(join(folder.path, 'buckets', bucket, 'objects'), {
      recursive: true,
      withFileTypes: true,
    });
    expect(files.filter((entry) => entry.isFile())).toHaveLength(1);
  });

  it('removes data files that no journal entry refers to, left by a crash mid-write', async () => {
    await start();
    const orphan = join(
      folder.path,
      'buckets',
      bucket,
      'objects',
      'ab',
      `ab${'0'.repeat(38)}-${'1'.repeat(16)}`,
    );
    await mkdir(join(orphan, '..'), { recursive: true });
    await writeFile(orphan, 'orphaned bytes');
    const past = new Date(Date.now() - 60_000);
    await utimes(orphan, past, past);
    await restart();
    await running?.close();
    running = undefined;
    expect(await readdir(join(orphan, '..'))).toEqual([]);
  });

  it('ends an upload in flight when closed, leaving no temporary file', async () => {
    const { endpoint } = await start();
    const url = new URL(`${endpoint.endpoint}/${bucket}/in-flight.bin`);
    const signer = new SignatureV4({
      credentials: endpoint,
      region: endpoint.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'content-length': String(10 * 1024 * 1024),
      },
    });
    const outcome = new Promise<string>((resolve) => {
      const outgoing = request(
        url,
        { method: 'PUT', headers: signed.headers as Record<string, string> },
        (response) => {
          resolve(`status ${response.statusCode}`);
        },
      );
      outgoing.on('error', (error) => resolve(`error ${error.message}`));
      outgoing.write(randomBytes(1024 * 1024));
    });
    const temporaryFolder = join(folder.path, 'tmp');
    for (let attempt = 0; attempt < 100 && (await readdir(temporaryFolder)).length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await readdir(temporaryFolder)).toHaveLength(1);
    await running?.close();
    running = undefined;
    expect(await outcome).toMatch(/^error /);
    expect(await readdir(temporaryFolder)).toEqual([]);
  });

  it('listens on 127.0.0.1 only', async () => {
    const { endpoint } = await start();
    const url = new URL(endpoint.endpoint);
    expect(url.hostname).toBe('127.0.0.1');
    // The kernel's own table of listening sockets: local address 0100007F is 127.0.0.1.
    const portHex = Number(url.port).toString(16).toUpperCase().padStart(4, '0');
    const tables =
      (await readFile('/proc/net/tcp', 'utf8')) + (await readFile('/proc/net/tcp6', 'utf8').catch(() => ''));
    const listening = tables
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A')
      .map((fields) => fields[1]);
    expect(listening).toEqual([`0100007F:${portHex}`]);
  });
});
