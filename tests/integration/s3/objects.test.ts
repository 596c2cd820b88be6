/** S3 contract: single objects — put, get, ranges, head, checksums, delete, delete-many, copy, key forms. */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { crc32c } from '@node-rs/crc32';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeContract, expectS3Error, readAll } from '../../support/s3-contract.ts';

function be32(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

/** Checksums computed here, independently of the endpoint. */
async function expectedChecksum(algorithm: ChecksumAlgorithm, data: Buffer): Promise<string> {
  switch (algorithm) {
    case 'CRC32':
      return be32(crc32(data));
    case 'CRC32C':
      return be32(crc32c(data));
    case 'CRC64NVME': {
      const crc = new Crc64Nvme();
      crc.update(data);
      return Buffer.from(await crc.digest()).toString('base64');
    }
    case 'SHA1':
      return createHash('sha1').update(data).digest('base64');
    default:
      return createHash('sha256').update(data).digest('base64');
  }
}

describeContract('objects', (context) => {
  it('stores an object and returns its bytes, metadata, content type and MD5 ETag', async () => {
    const { client, target, prefix } = context();
    const body = randomBytes(4096);
    const key = `${prefix}plain.bin`;
    await client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentType: 'text/csv',
        Metadata: { origin: 'lab-7' },
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
    expect(await readAll(got.Body)).toEqual(body);
    expect(got.ContentType).toBe('text/csv');
    expect(got.Metadata).toEqual({ origin: 'lab-7' });
    expect(got.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
  });

  it('stores a streamed body of known length byte-exactly', async () => {
    const { client, target, prefix } = context();
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const key = `${prefix}streamed.bin`;
    const slice = Math.ceil(body.length / 4);
    const chunks = Array.from({ length: 4 }, (_, index) => body.subarray(index * slice, (index + 1) * slice));
    await client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: Readable.from(chunks),
        ContentLength: body.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
    expect(
      createHash('sha256')
        .update(await readAll(got.Body))
        .digest('hex'),
    ).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('answers single, suffix and open byte ranges with 206 and Content-Range, and 416 past the end', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}range.txt`;
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: '0123456789' }));
    const ranged = async (range: string) => {
      const response = await client.send(
        new GetObjectCommand({ Bucket: target.bucket, Key: key, Range: range }),
      );
      return {
        status: response.$metadata.httpStatusCode,
        contentRange: response.ContentRange,
        text: (await readAll(response.Body)).toString(),
      };
    };
    expect(await ranged('bytes=2-5')).toEqual({ status: 206, contentRange: 'bytes 2-5/10', text: '2345' });
    expect(await ranged('bytes=-3')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', text: '789' });
    expect(await ranged('bytes=6-')).toEqual({ status: 206, contentRange: 'bytes 6-9/10', text: '6789' });
    expect(await ranged('bytes=8-100')).toEqual({ status: 206, contentRange: 'bytes 8-9/10', text: '89' });
    await expectS3Error(
      client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key, Range: 'bytes=10-' })),
      'InvalidRange',
      416,
    );
  });

  it('reports size, ETag and metadata on HEAD, and 404 for missing keys', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}head.txt`;
    const put = await client.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'abc', Metadata: { a: '1' } }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
    expect({ size: head.ContentLength, etag: head.ETag, metadata: head.Metadata }).toEqual({
      size: 3,
      etag: put.ETag,
      metadata: { a: '1' },
    });
    await expectS3Error(
      client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: `${prefix}missing` })),
      'NotFound',
      404,
    );
    await expectS3Error(
      client.send(new GetObjectCommand({ Bucket: target.bucket, Key: `${prefix}missing` })),
      'NoSuchKey',
      404,
    );
  });

  it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[])(
    'returns the stored %s checksum on whole-object GET and HEAD when asked',
    async (algorithm) => {
      const { client, target, prefix } = context();
      const key = `${prefix}checksum-${algorithm}.bin`;
      const body = randomBytes(70_000);
      await client.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body, ChecksumAlgorithm: algorithm }),
      );
      const expected = await expectedChecksum(algorithm, body);
      const field = `Checksum${algorithm}` as 'ChecksumCRC32';
      const got = await client.send(
        new GetObjectCommand({ Bucket: target.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      expect(await readAll(got.Body)).toEqual(body);
      expect(got[field]).toBe(expected);
      const head = await client.send(
        new HeadObjectCommand({ Bucket: target.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      expect(head[field]).toBe(expected);
    },
  );

  it('deletes one object, and many at once (missing keys count as deleted)', async () => {
    const { client, target, prefix } = context();
    const keys = ['one', 'two', 'three'].map((name) => `${prefix}delete/${name}`);
    for (const key of keys)
      await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: key }));
    await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: keys[0] }));
    await expectS3Error(
      client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: keys[0] })),
      'NotFound',
      404,
    );
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: target.bucket,
        Delete: { Objects: [...keys.slice(1), `${prefix}delete/never`].map((Key) => ({ Key })) },
      }),
    );
    expect((result.Deleted ?? []).map((item) => item.Key).sort()).toEqual(
      [...keys.slice(1), `${prefix}delete/never`].sort(),
    );
    expect(result.Errors ?? []).toEqual([]);
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: `${prefix}delete/` }),
    );
    expect(listed.KeyCount).toBe(0);
  });

  it('copies an object with its metadata, or with replaced metadata', async () => {
    const { client, target, prefix } = context();
    const source = `${prefix}copy/source ü.txt`;
    await client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: source,
        Body: 'copied bytes',
        ContentType: 'text/plain',
        Metadata: { kept: 'yes' },
      }),
    );
    const copySource = `${target.bucket}/${encodeURIComponent(source)}`;
    await client.send(
      new CopyObjectCommand({ Bucket: target.bucket, Key: `${prefix}copy/same`, CopySource: copySource }),
    );
    await client.send(
      new CopyObjectCommand({
        Bucket: target.bucket,
        Key: `${prefix}copy/replaced`,
        CopySource: copySource,
        MetadataDirective: 'REPLACE',
        Metadata: { fresh: '1' },
        ContentType: 'text/markdown',
      }),
    );
    const same = await client.send(
      new GetObjectCommand({ Bucket: target.bucket, Key: `${prefix}copy/same` }),
    );
    expect({
      text: (await readAll(same.Body)).toString(),
      type: same.ContentType,
      metadata: same.Metadata,
    }).toEqual({ text: 'copied bytes', type: 'text/plain', metadata: { kept: 'yes' } });
    const replaced = await client.send(
      new HeadObjectCommand({ Bucket: target.bucket, Key: `${prefix}copy/replaced` }),
    );
    expect({ type: replaced.ContentType, metadata: replaced.Metadata }).toEqual({
      type: 'text/markdown',
      metadata: { fresh: '1' },
    });
    await expectS3Error(
      client.send(
        new CopyObjectCommand({
          Bucket: target.bucket,
          Key: `${prefix}copy/x`,
          CopySource: `${target.bucket}/${prefix}copy/none`,
        }),
      ),
      'NoSuchKey',
      404,
    );
  });

  it('keeps keys with spaces, unicode, emoji, NFD forms and URL-special characters byte-exactly', async () => {
    const { client, target, prefix } = context();
    const names = [
      'with space.txt',
      'trailing space ',
      'ünïcødé/ファイル.txt',
      'emoji 😀🎉/🧪.bin',
      'caf\u00e9.txt',
      'cafe\u0301.txt',
      'a+b=c&d?e#f.txt',
      '%41%2F.txt',
      'quote\'"()*!~.txt',
      'tab\tand\u00a0nbsp.txt',
    ];
    for (const [index, name] of names.entries()) {
      await client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: `${prefix}keys/${name}`,
          Body: `content ${index}`,
        }),
      );
    }
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: `${prefix}keys/` }),
    );
    const expectedKeys = names
      .map((name) => `${prefix}keys/${name}`)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect((listed.Contents ?? []).map((item) => item.Key)).toEqual(expectedKeys);
    for (const [index, name] of names.entries()) {
      const got = await client.send(
        new GetObjectCommand({ Bucket: target.bucket, Key: `${prefix}keys/${name}` }),
      );
      expect((await readAll(got.Body)).toString(), name).toBe(`content ${index}`);
    }
  });

  it('honours If-None-Match on writes and reads', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}conditional.txt`;
    const put = await client.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }),
    );
    await expectS3Error(
      client.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'second', IfNoneMatch: '*' }),
      ),
      'PreconditionFailed',
      412,
    );
    const notModified = await client
      .send(new GetObjectCommand({ Bucket: target.bucket, Key: key, IfNoneMatch: put.ETag }))
      .then(
        () => 200,
        (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
      );
    expect(notModified).toBe(304);
    const got = await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
    expect((await readAll(got.Body)).toString()).toBe('first');
  });
});
