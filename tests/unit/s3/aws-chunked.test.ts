import { createHash, createHmac } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type ChunkVerification } from '../../../server/s3/aws-chunked.ts';
import type { ChunkSigner } from '../../../server/s3/sigv4.ts';

/** Decodes `encoded`, fed in pieces of `pieceSize` bytes; returns the data and trailers. */
async function decode(encoded: Buffer, pieceSize: number, verification?: ChunkVerification) {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < encoded.length; offset += pieceSize)
    pieces.push(encoded.subarray(offset, offset + pieceSize));
  const decoder = new AwsChunkedDecoder(verification);
  const output: Buffer[] = [];
  await pipeline(
    Readable.from(pieces),
    decoder,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output.push(chunk);
        callback();
      },
    }),
  );
  return { data: Buffer.concat(output), trailers: Object.fromEntries(decoder.trailers) };
}

/** A stand-in chunk signer: an HMAC over the chain, enough to test chaining and comparison. */
const signer: ChunkSigner = {
  chunk: async (previous, digest) =>
    createHmac('sha256', 'k').update(`chunk\n${previous}\n${digest}`).digest('hex'),
  trailer: async (previous, digest) =>
    createHmac('sha256', 'k').update(`trailer\n${previous}\n${digest}`).digest('hex'),
};

async function signedBody(chunks: Buffer[], trailer?: string, tamper = false): Promise<Buffer> {
  let previous = 'seed';
  const parts: Buffer[] = [];
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    previous = await signer.chunk(previous, createHash('sha256').update(chunk).digest('hex'));
    const data = tamper && chunk.length > 0 ? Buffer.from(chunk).fill(0x21, 0, 1) : chunk;
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), data);
    if (chunk.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (trailer) {
    const signature = await signer.trailer(
      previous,
      createHash('sha256').update(`${trailer}\n`).digest('hex'),
    );
    parts.push(Buffer.from(`${trailer}\r\nx-amz-trailer-signature:${signature}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

const unsignedWithTrailer = Buffer.from(
  '5\r\nhello\r\n7\r\n, world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
);

describe('aws-chunked bodies', () => {
  it('decodes unsigned chunks and collects the trailer, however the bytes are split', async () => {
    for (const pieceSize of [1, 2, 3, 7, 1000]) {
      expect(await decode(unsignedWithTrailer, pieceSize)).toEqual({
        data: Buffer.from('hello, world'),
        trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
      });
    }
  });

  it('accepts a body that ends right after its last trailer line', async () => {
    const body = Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n');
    expect((await decode(body, 4)).data.toString()).toBe('abc');
  });

  it('refuses truncated bodies, oversized chunk data and garbage chunk headers', async () => {
    await expect(decode(Buffer.from('5\r\nhel'), 10)).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(Buffer.from('2\r\nhello\r\n0\r\n\r\n'), 10)).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(decode(Buffer.from('zz\r\nhello\r\n'), 10)).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(decode(Buffer.from(`${'1'.repeat(5000)}\r\n`), 100)).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
  });

  it('verifies chained chunk signatures and the trailer signature', async () => {
    const chunks = [Buffer.from('first chunk'), Buffer.from('second')];
    const trailer = 'x-amz-checksum-crc32:AAAAAA==';
    const verification = () => ({ signer, seedSignature: 'seed', signedTrailer: true });
    for (const pieceSize of [1, 5, 4096]) {
      const decoded = await decode(await signedBody(chunks, trailer), pieceSize, verification());
      expect(decoded.data.toString()).toBe('first chunksecond');
      expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    }
  });

  it('refuses a tampered chunk, a wrong seed, an unsigned chunk and a tampered trailer', async () => {
    const chunks = [Buffer.from('payload')];
    const verification = (seedSignature = 'seed') => ({ signer, seedSignature, signedTrailer: true });
    const trailer = 'x-amz-checksum-crc32:AAAAAA==';
    await expect(decode(await signedBody(chunks, trailer, true), 3, verification())).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(decode(await signedBody(chunks, trailer), 3, verification('other'))).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(decode(unsignedWithTrailer, 3, verification())).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const body = (await signedBody(chunks, trailer)).toString().replace('AAAAAA==', 'BBBBBB==');
    await expect(decode(Buffer.from(body), 3, verification())).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});
