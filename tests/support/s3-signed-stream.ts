/**
 * A hand-built streaming PUT with per-chunk SigV4 signatures (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, optionally
 * with a signed checksum trailer), as Go, Java and older SDKs send it. The JavaScript SDK never signs chunks,
 * so the contract suite builds such bodies itself — and MinIO, an independent verifier, checks the framing.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';

/** SHA-256 / HMAC-SHA-256 in the shape the Smithy signer expects. */
export class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

const emptySha256 = createHash('sha256').digest('hex');

/** What to upload and how to spoil it. */
export interface SignedStreamUpload {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  key: string;
  body: Buffer;
  chunkSize: number;
  /** Adds a signed `x-amz-checksum-crc32` trailer with this base64 value. */
  trailerCrc32?: string;
  /** Flips one byte of the second chunk after signing. */
  tamperChunk?: boolean;
}

/** Sends the upload; resolves with the HTTP status and body. */
export async function putWithChunkSignatures(
  upload: SignedStreamUpload,
): Promise<{ status: number; body: string }> {
  const url = new URL(
    `${upload.endpoint}/${upload.bucket}/${upload.key.split('/').map(encodeURIComponent).join('/')}`,
  );
  const signer = new SignatureV4({
    credentials: { accessKeyId: upload.accessKeyId, secretAccessKey: upload.secretAccessKey },
    region: upload.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const withTrailer = upload.trailerCrc32 !== undefined;
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < upload.body.length; offset += upload.chunkSize) {
    chunks.push(upload.body.subarray(offset, offset + upload.chunkSize));
  }
  chunks.push(Buffer.alloc(0));
  const signingDate = new Date();
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': withTrailer
      ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
      : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'x-amz-decoded-content-length': String(upload.body.length),
    ...(withTrailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
  };
  const signed = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers,
    },
    { signingDate },
  );
  let previous = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1]!;
  const longDate = String(signed.headers['x-amz-date']);
  const scope = `${longDate.slice(0, 8)}/${upload.region}/s3/aws4_request`;
  const pieces: Buffer[] = [];
  for (const [index, chunk] of chunks.entries()) {
    const digest = createHash('sha256').update(chunk).digest('hex');
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, previous, emptySha256, digest].join(
      '\n',
    );
    previous = await signer.sign(stringToSign, { signingDate });
    const data = Buffer.from(chunk);
    if (upload.tamperChunk && index === 1 && data.length > 0) data[0] = data[0]! ^ 0xff;
    pieces.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), data);
    if (chunk.length > 0) pieces.push(Buffer.from('\r\n'));
  }
  if (withTrailer) {
    const trailer = `x-amz-checksum-crc32:${upload.trailerCrc32}\n`;
    const trailerDigest = createHash('sha256').update(trailer).digest('hex');
    const signature = await signer.sign(
      ['AWS4-HMAC-SHA256-TRAILER', longDate, scope, previous, trailerDigest].join('\n'),
      {
        signingDate,
      },
    );
    pieces.push(
      Buffer.from(`x-amz-checksum-crc32:${upload.trailerCrc32}\r\nx-amz-trailer-signature:${signature}\r\n`),
    );
  }
  pieces.push(Buffer.from('\r\n'));
  const payload = Buffer.concat(pieces);
  return send(
    url,
    { ...(signed.headers as Record<string, string>), 'content-length': String(payload.length) },
    payload,
  );
}

function send(
  url: URL,
  headers: Record<string, string>,
  payload: Buffer,
  method = 'PUT',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      const received: Buffer[] = [];
      response.on('data', (chunk: Buffer) => received.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(received).toString() }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Where a hand-signed request goes, and with which keys. */
export interface SignedRequestTarget {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  key: string;
  body: Buffer;
}

/**
 * Sends a header-signed request with any method; its signed x-amz-content-sha256 is `claimedSha256`
 * (the body's real hash unless a test wants it wrong).
 */
export async function sendSigned(
  target: SignedRequestTarget,
  options: { method?: string; claimedSha256?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(
    `${target.endpoint}/${target.bucket}/${target.key.split('/').map(encodeURIComponent).join('/')}`,
  );
  const signer = new SignatureV4({
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    region: target.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const method = options.method ?? 'PUT';
  const headers = {
    host: url.host,
    'x-amz-content-sha256': options.claimedSha256 ?? createHash('sha256').update(target.body).digest('hex'),
    'content-length': String(target.body.length),
  };
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers,
  });
  return send(url, signed.headers as Record<string, string>, target.body, method);
}
