/** S3 contract: integrity and authentication — checksums, presigned URLs, signatures, signed chunks. */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { expect, it } from 'vitest';
import {
  badDigestCode,
  describeContract,
  expectS3Error,
  readAll,
  s3Client,
} from '../../support/s3-contract.ts';
import { putWithChunkSignatures, sendSigned } from '../../support/s3-signed-stream.ts';

function crc32Base64(data: Buffer): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(data) >>> 0);
  return bytes.toString('base64');
}

describeContract('integrity and authentication', (context) => {
  const readText = async (key: string) => {
    const { client, target } = context();
    return (
      await readAll((await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }))).Body)
    ).toString();
  };

  it('refuses a body whose x-amz-checksum-crc32c does not match with BadDigest, keeping the old object', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}bad-digest.txt`;
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'original' }));
    const refused = client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: 'replacement',
        ChecksumCRC32C: 'AAAAAA==',
      }),
    );
    await expectS3Error(refused, badDigestCode(target.name), 400);
    expect(await readText(key)).toBe('original');
  });

  it('refuses a body whose Content-MD5 does not match', async () => {
    const { client, target, prefix } = context();
    const wrong = createHash('md5').update('something else').digest('base64');
    const put = client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${prefix}bad-md5.txt`,
        Body: 'data',
        ContentMD5: wrong,
      }),
    );
    await expectS3Error(put, 'BadDigest', 400);
  });

  it('refuses a body whose signed x-amz-content-sha256 does not match', async () => {
    const { target, prefix } = context();
    const upload = { ...target, key: `${prefix}sha-mismatch.txt`, body: Buffer.from('actual body') };
    const claimed = createHash('sha256').update('another body').digest('hex');
    const refused = await sendSigned(upload, { claimedSha256: claimed });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    const accepted = await sendSigned(upload);
    expect(accepted.status).toBe(200);
    expect(await readText(upload.key)).toBe('actual body');
  });

  it('refuses a large upload signed with the wrong secret with an S3 error, not a broken connection', async () => {
    const { target, prefix, mode } = context();
    const impostor = s3Client(target, mode, { secretAccessKey: 'not-the-secret-0123456789' });
    const body = randomBytes(6 * 1024 * 1024);
    await expectS3Error(
      impostor.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: `${prefix}impostor-large.bin`, Body: body }),
      ),
      'SignatureDoesNotMatch',
      403,
    );
    impostor.destroy();
  });

  it('serves a presigned GET with a response-content-disposition override', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}presigned/report ü.csv`;
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'a,b\n1,2\n' }));
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: target.bucket,
        Key: key,
        ResponseContentDisposition: 'attachment; filename="report.csv"',
      }),
      { expiresIn: 300 },
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    expect(await response.text()).toBe('a,b\n1,2\n');
  });

  it('accepts a presigned PUT made by a WHEN_REQUIRED client', async () => {
    const { target, prefix } = context();
    const presigner = s3Client(target, 'when-required');
    const key = `${prefix}presigned/upload.bin`;
    const body = randomBytes(10_000);
    const url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: target.bucket, Key: key }), {
      expiresIn: 300,
    });
    const response = await fetch(url, { method: 'PUT', body });
    expect(response.status).toBe(200);
    const { client } = context();
    expect(
      await readAll((await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }))).Body),
    ).toEqual(body);
    presigner.destroy();
  });

  it('refuses a presigned PUT whose URL carries the checksum of an empty body (made with SDK defaults)', async () => {
    const { target, prefix } = context();
    const presigner = s3Client(target, 'defaults');
    const url = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: target.bucket, Key: `${prefix}presigned/defaults.txt` }),
      {
        expiresIn: 300,
      },
    );
    presigner.destroy();
    expect(url).toContain('x-amz-checksum-crc32=AAAAAA%3D%3D');
    const response = await fetch(url, { method: 'PUT', body: 'not empty' });
    // AWS refuses the mismatch, and so does the embedded endpoint; MinIO ignores checksums in the query.
    expect(response.status).toBe(target.name === 'minio' ? 200 : 400);
    if (target.name === 'embedded') expect(await response.text()).toContain('<Code>BadDigest</Code>');
  });

  it('refuses a request signed with the wrong secret', async () => {
    const { target, prefix, mode } = context();
    const impostor = s3Client(target, mode, { secretAccessKey: 'not-the-secret-0123456789' });
    await expectS3Error(
      impostor.send(new PutObjectCommand({ Bucket: target.bucket, Key: `${prefix}impostor.txt`, Body: 'x' })),
      'SignatureDoesNotMatch',
      403,
    );
    await expectS3Error(
      impostor.send(new GetObjectCommand({ Bucket: target.bucket, Key: `${prefix}impostor.txt` })),
      'SignatureDoesNotMatch',
      403,
    );
    impostor.destroy();
  });

  it('refuses presigned URLs whose key, expiry or signature were tampered with', async () => {
    const { client, target, prefix } = context();
    for (const name of ['open.txt', 'secret.txt']) {
      await client.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: `${prefix}tamper/${name}`, Body: name }),
      );
    }
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: target.bucket, Key: `${prefix}tamper/open.txt` }),
      { expiresIn: 60 },
    );
    expect((await fetch(url)).status).toBe(200);
    const tampered = [
      url.replace('open.txt', 'secret.txt'),
      url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'),
      url.replace(
        /X-Amz-Signature=([0-9a-f])/,
        (_match, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`,
      ),
    ];
    for (const candidate of tampered) {
      expect(candidate).not.toBe(url);
      const response = await fetch(candidate);
      expect(response.status, candidate).toBe(403);
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
  });

  it('refuses unsigned requests', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}anonymous.txt`;
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'kept' }));
    const objectUrl = `${target.endpoint}/${target.bucket}/${key}`;
    expect((await fetch(objectUrl)).status).toBe(403);
    expect((await fetch(objectUrl, { method: 'PUT', body: 'overwritten' })).status).toBe(403);
    expect((await fetch(`${target.endpoint}/${target.bucket}?list-type=2`)).status).toBe(403);
    expect(await readText(key)).toBe('kept');
  });

  it('accepts a streaming upload with chunk signatures, and refuses one with a tampered chunk', async () => {
    const { target, prefix } = context();
    const body = randomBytes(200_000);
    const upload = { ...target, key: `${prefix}signed-chunks.bin`, body, chunkSize: 64 * 1024 };
    expect((await putWithChunkSignatures(upload)).status).toBe(200);
    const { client } = context();
    const stored = await readAll(
      (await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: upload.key }))).Body,
    );
    expect(stored).toEqual(body);
    const refused = await putWithChunkSignatures({
      ...upload,
      body: randomBytes(200_000),
      tamperChunk: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const after = await readAll(
      (await client.send(new GetObjectCommand({ Bucket: target.bucket, Key: upload.key }))).Body,
    );
    expect(after).toEqual(body);
  });

  it('verifies the signed checksum trailer of a chunk-signed upload', async () => {
    const { client, target, prefix } = context();
    const body = randomBytes(150_000);
    const upload = {
      ...target,
      key: `${prefix}signed-trailer.bin`,
      body,
      chunkSize: 64 * 1024,
      trailerCrc32: crc32Base64(body),
    };
    const accepted = await putWithChunkSignatures(upload);
    expect(accepted.status, accepted.body).toBe(200);
    const head = await client.send(
      new GetObjectCommand({ Bucket: target.bucket, Key: upload.key, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumCRC32).toBe(upload.trailerCrc32);
    expect(await readAll(head.Body)).toEqual(body);
    const refused = await putWithChunkSignatures({
      ...upload,
      trailerCrc32: crc32Base64(Buffer.from('other')),
    });
    expect(refused.body).toContain(`<Code>${badDigestCode(target.name)}</Code>`);
    expect(refused.status).toBe(400);
  });
});
