/**
 * SigV4 verification by re-signing: the request as received is rebuilt (method, canonical path, query, the
 * headers the client says it signed, its payload hash) and signed again with the SDK's own signer and the
 * known secret; the result is compared in constant time with what the client sent. Chunk and trailer
 * signatures of aws-chunked bodies are computed the same way.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors.ts';
import type { QueryParameters } from './request-target.ts';

/** The payload hash of presigned requests, and of header-signed requests whose body is not hashed. */
export const unsignedPayload = 'UNSIGNED-PAYLOAD';
const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const maximumPresignedSeconds = 7 * 24 * 3600;

/** Key pair (and session token) a signature is checked against. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The signing details a request carries, in its Authorization header or its presigned query. */
export interface SignedRequestInfo {
  kind: 'header' | 'query';
  accessKeyId: string;
  signingDate: Date;
  shortDate: string;
  longDate: string;
  region: string;
  signedHeaders: string[];
  signature: string;
  /** x-amz-content-sha256 for header auth; UNSIGNED-PAYLOAD for presigned URLs. */
  payloadHash: string;
  sessionToken: string | undefined;
  /** Presigned lifetime in seconds. */
  expiresSeconds?: number;
}

/** What is re-signed: the request as received. */
export interface ReceivedRequest {
  method: string;
  canonicalPath: string;
  query: QueryParameters;
  headers: IncomingHttpHeaders;
  headersDistinct: Record<string, string[] | undefined>;
}

/** SHA-256 (and HMAC-SHA-256 when given a key) in the shape the Smithy signer expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = typeof secret === 'string' || secret === undefined ? secret : toBytes(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

function malformed(message: string): S3Error {
  return new S3Error('AuthorizationHeaderMalformed', message);
}

/** Parses `20250101T000000Z`. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const match = text === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseScope(credential: string): { accessKeyId: string; shortDate: string; region: string } {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[3] !== 's3' || parts[4] !== 'aws4_request' || !parts[0]) {
    throw malformed('The authorization header is malformed; the Credential is mal-formed.');
  }
  return { accessKeyId: parts[0], shortDate: parts[1] ?? '', region: parts[2] ?? '' };
}

/**
 * The signing details of a request, or undefined for an anonymous one. Throws for malformed or
 * unsupported authorization (SigV2, SigV4A).
 */
export function readSignature(request: ReceivedRequest): SignedRequestInfo | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return readHeaderSignature(authorization, request.headers);
  const algorithm = request.query['X-Amz-Algorithm']?.[0];
  if (algorithm !== undefined) return readQuerySignature(algorithm, request.query);
  return undefined;
}

function readHeaderSignature(authorization: string, headers: IncomingHttpHeaders): SignedRequestInfo {
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(authorization);
  if (!match) throw malformed('Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.');
  const fields = new Map<string, string>();
  for (const part of (match[1] ?? '').split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) throw malformed('The authorization header is malformed.');
  const scope = parseScope(credential);
  const longDate = headerText(headers['x-amz-date']);
  const signingDate = parseAmzDate(longDate);
  if (!signingDate || longDate === undefined) {
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid x-amz-date header.');
  }
  const payloadHash = headerText(headers['x-amz-content-sha256']);
  if (payloadHash === undefined) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  return {
    kind: 'header',
    ...scope,
    signingDate,
    longDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash,
    sessionToken: headerText(headers['x-amz-security-token']),
  };
}

function readQuerySignature(algorithm: string, query: QueryParameters): SignedRequestInfo {
  const value = (name: string): string | undefined => query[name]?.[0];
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".',
    );
  }
  const credential = value('X-Amz-Credential');
  const longDate = value('X-Amz-Date');
  const expires = value('X-Amz-Expires');
  const signedHeaders = value('X-Amz-SignedHeaders');
  const signature = value('X-Amz-Signature');
  const signingDate = parseAmzDate(longDate);
  const expiresSeconds = expires !== undefined && /^\d{1,7}$/.test(expires) ? Number(expires) : NaN;
  if (!credential || !signingDate || !longDate || !signedHeaders || !signature || !(expiresSeconds >= 1)) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (expiresSeconds > maximumPresignedSeconds) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds.',
    );
  }
  return {
    kind: 'query',
    ...parseScope(credential),
    signingDate,
    longDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash: unsignedPayload,
    sessionToken: value('X-Amz-Security-Token'),
    expiresSeconds,
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function signerFor(credentials: SigningCredentials, region: string): SignatureV4 {
  return new SignatureV4({
    credentials,
    region,
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, received: string): boolean {
  const left = Buffer.from(expected, 'utf8');
  const right = Buffer.from(received, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Re-signs the request with `credentials` and compares the result with the signature the client sent. */
export async function verifyRequestSignature(
  request: ReceivedRequest,
  info: SignedRequestInfo,
  credentials: SigningCredentials,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of info.signedHeaders) {
    const values = request.headersDistinct[name];
    if (values !== undefined) headers[name] = values.join(',');
  }
  const signable = new Set(info.signedHeaders);
  const query: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(request.query))
    query[name] = values.length === 1 ? values[0]! : values;
  const base = {
    method: request.method,
    protocol: 'http:',
    hostname: '',
    path: request.canonicalPath,
    query,
  };
  const signer = signerFor(credentials, info.region);
  const options = { signingDate: info.signingDate, signingRegion: info.region, signingService: 's3' };
  if (info.kind === 'header') {
    const signed = await signer.sign({ ...base, headers }, { ...options, signableHeaders: signable });
    const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
    return signaturesEqual(expected, info.signature);
  }
  // A body that is neither a string nor bytes makes the signer use UNSIGNED-PAYLOAD, as presigned URLs do.
  const presigned = await signer.presign(
    { ...base, headers, body: {} },
    { ...options, expiresIn: info.expiresSeconds, signableHeaders: signable, unhoistableHeaders: signable },
  );
  return signaturesEqual(String(presigned.query?.['X-Amz-Signature'] ?? ''), info.signature);
}

/** Computes the signatures of aws-chunked chunks and trailers, each chained to the previous one. */
export interface ChunkSigner {
  /** The signature a chunk whose data hashes to `dataSha256` must carry. */
  chunk(previousSignature: string, dataSha256: string): Promise<string>;
  /** The signature of the trailing headers, whose canonical text hashes to `trailerSha256`. */
  trailer(previousSignature: string, trailerSha256: string): Promise<string>;
}

/** The chunk signer for a header-signed streaming request. */
export function createChunkSigner(info: SignedRequestInfo, credentials: SigningCredentials): ChunkSigner {
  const signer = signerFor(credentials, info.region);
  const scope = `${info.shortDate}/${info.region}/s3/aws4_request`;
  const options = { signingDate: info.signingDate, signingRegion: info.region, signingService: 's3' };
  return {
    chunk: (previous, dataSha256) =>
      signer.sign(
        ['AWS4-HMAC-SHA256-PAYLOAD', info.longDate, scope, previous, emptySha256, dataSha256].join('\n'),
        options,
      ),
    trailer: (previous, trailerSha256) =>
      signer.sign(
        ['AWS4-HMAC-SHA256-TRAILER', info.longDate, scope, previous, trailerSha256].join('\n'),
        options,
      ),
  };
}
