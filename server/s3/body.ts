/**
 * Receiving request bodies: undo aws-chunked framing, then hash every byte once on its way to disk (or to
 * memory for small XML bodies) and check what the client declared: length, x-amz-content-sha256,
 * Content-MD5 and the flexible checksum (header, presigned query or trailer). A mismatch throws before
 * anything is committed, so callers write to a temporary file and rename only after this succeeds.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { finished, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked.ts';
import {
  algorithmOfHeader,
  assertChecksumValue,
  checksumHeaderName,
  createHasher,
  parseChecksumAlgorithm,
  type ChecksumAlgorithm,
  type Hasher,
} from './checksums.ts';
import { S3Error, s3Errors } from './errors.ts';
import type { QueryParameters } from './request-target.ts';
import { createChunkSigner, type SignedRequestInfo, type SigningCredentials } from './sigv4.ts';

/** What the client declared about a body, read from its headers (and presigned query). */
export interface BodyDeclaration {
  chunked: boolean;
  chunkSigning: 'none' | 'signed' | 'signed-trailer';
  /** Hex SHA-256 the decoded body must have, when the payload is signed. */
  sha256: string | undefined;
  length: number | undefined;
  md5: string | undefined;
  checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  trailerChecksum: ChecksumAlgorithm | undefined;
  /** An algorithm named without a value (x-amz-sdk-checksum-algorithm): computed and stored. */
  namedAlgorithm: ChecksumAlgorithm | undefined;
}

/** What was received, once every declaration has been checked. */
export interface ReceivedBody {
  size: number;
  md5Hex: string;
  /** The flexible checksum the client sent or named, verified. */
  checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  /** Every checksum computed, including extra algorithms the caller asked for. */
  computed: Map<ChecksumAlgorithm, string>;
}

/**
 * Reads the body declarations of a request. In CompleteMultipartUpload the x-amz-checksum-* headers describe
 * the object, not the body: `checksumHeadersDescribeBody` is false there.
 */
export function readBodyDeclaration(
  request: IncomingMessage,
  info: SignedRequestInfo,
  query: QueryParameters,
  options: { checksumHeadersDescribeBody: boolean } = { checksumHeadersDescribeBody: true },
): BodyDeclaration {
  const payload = info.payloadHash;
  const streaming = payload.startsWith('STREAMING-');
  if (streaming && payload.includes('ECDSA')) throw s3Errors.notImplemented('SigV4A signing');
  const known = [
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
    'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  ];
  if (streaming && !known.includes(payload)) {
    throw s3Errors.invalidArgument(
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a SHA-256 or a STREAMING value.',
    );
  }
  if (!streaming && payload !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-f]{64}$/.test(payload)) {
    throw s3Errors.invalidArgument(
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a SHA-256 or a STREAMING value.',
    );
  }
  const encoding = String(request.headers['content-encoding'] ?? '');
  const chunked = streaming || encoding.split(',').some((part) => part.trim() === 'aws-chunked');
  const lengthText = chunked
    ? request.headers['x-amz-decoded-content-length']
    : request.headers['content-length'];
  const length = typeof lengthText === 'string' && /^\d+$/.test(lengthText) ? Number(lengthText) : undefined;
  return {
    chunked,
    chunkSigning: payload.endsWith('HMAC-SHA256-PAYLOAD')
      ? 'signed'
      : payload.endsWith('HMAC-SHA256-PAYLOAD-TRAILER')
        ? 'signed-trailer'
        : 'none',
    sha256: /^[0-9a-f]{64}$/.test(payload) ? payload : undefined,
    length,
    md5: headerValue(request, 'content-md5'),
    checksum: options.checksumHeadersDescribeBody ? declaredChecksum(request, query) : undefined,
    trailerChecksum: trailerAlgorithm(headerValue(request, 'x-amz-trailer')),
    namedAlgorithm: parseChecksumAlgorithm(
      headerValue(request, 'x-amz-sdk-checksum-algorithm') ?? query['x-amz-sdk-checksum-algorithm']?.[0],
    ),
  };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function declaredChecksum(request: IncomingMessage, query: QueryParameters): BodyDeclaration['checksum'] {
  const found: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  const sources = [
    ...Object.entries(request.headers),
    ...Object.entries(query).map(([n, v]) => [n, v[0]] as const),
  ];
  for (const [name, value] of sources) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm && typeof value === 'string') found.push({ algorithm, value });
  }
  if (found.length > 1) throw s3Errors.invalidRequest('Expecting a single x-amz-checksum- header.');
  const [checksum] = found;
  if (checksum) assertChecksumValue(checksum.algorithm, checksum.value);
  return checksum;
}

function trailerAlgorithm(trailer: string | undefined): ChecksumAlgorithm | undefined {
  if (trailer === undefined || trailer.trim() === '') return undefined;
  const algorithm = algorithmOfHeader(trailer.trim());
  if (!algorithm) throw s3Errors.invalidRequest(`The trailing header ${trailer} is not supported.`);
  return algorithm;
}

/** Counts and hashes the decoded bytes as they pass. */
class DigestTap extends Transform {
  size = 0;
  readonly md5: Hash = createHash('md5');
  readonly sha256: Hash | undefined;
  readonly hashers = new Map<ChecksumAlgorithm, Hasher>();
  private readonly limit: number;

  constructor(algorithms: Iterable<ChecksumAlgorithm>, withSha256: boolean, limit: number) {
    super({ highWaterMark: 1 << 20 });
    for (const algorithm of algorithms) this.hashers.set(algorithm, createHasher(algorithm));
    this.sha256 = withSha256 ? createHash('sha256') : undefined;
    this.limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.'));
      return;
    }
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    for (const hasher of this.hashers.values()) hasher.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Feeds the request into `entry` without handing the request itself to `pipeline`: when a later stage fails
 * (bad signature, bad digest) the request must stay open so the error response can still be sent; a client
 * that goes away still fails the whole chain.
 */
function requestSource(request: IncomingMessage, entry: Transform): Transform {
  request.pipe(entry);
  finished(request, { writable: false }, (error) => {
    if (error) entry.destroy(error);
  });
  entry.once('close', () => request.unpipe(entry));
  return entry;
}

/** Where the body goes, and what else to compute on the way. */
export interface BodyTarget {
  /** A temporary file to create, or undefined to collect the body in memory. */
  filePath?: string;
  /** Bodies larger than this are refused with EntityTooLarge. */
  limit: number;
  /** Checksums to compute besides the declared ones. */
  alsoCompute?: ChecksumAlgorithm[];
}

/** Receives and verifies a body; returns what was received and, for in-memory targets, the bytes. */
export async function receiveBody(
  request: IncomingMessage,
  info: SignedRequestInfo,
  credentials: SigningCredentials,
  declaration: BodyDeclaration,
  target: BodyTarget,
): Promise<ReceivedBody & { bytes: Buffer | undefined }> {
  const algorithms = new Set<ChecksumAlgorithm>(target.alsoCompute ?? []);
  for (const algorithm of [
    declaration.checksum?.algorithm,
    declaration.trailerChecksum,
    declaration.namedAlgorithm,
  ]) {
    if (algorithm) algorithms.add(algorithm);
  }
  const decoder = declaration.chunked
    ? new AwsChunkedDecoder(
        declaration.chunkSigning === 'none'
          ? undefined
          : {
              signer: createChunkSigner(info, credentials),
              seedSignature: info.signature,
              signedTrailer: declaration.chunkSigning === 'signed-trailer',
            },
      )
    : undefined;
  const tap = new DigestTap(
    algorithms,
    declaration.sha256 !== undefined && !declaration.chunked,
    target.limit,
  );
  const collected: Buffer[] = [];
  const sink = target.filePath
    ? createWriteStream(target.filePath, { flags: 'wx', highWaterMark: 1 << 20 })
    : new Writable({
        write(chunk: Buffer, _encoding, callback) {
          collected.push(chunk);
          callback();
        },
      });
  if (decoder) await pipeline(requestSource(request, decoder), tap, sink);
  else await pipeline(requestSource(request, tap), sink);
  const computed = new Map<ChecksumAlgorithm, string>();
  for (const [algorithm, hasher] of tap.hashers) computed.set(algorithm, await hasher.digest());
  const received: ReceivedBody = {
    size: tap.size,
    md5Hex: tap.md5.digest('hex'),
    checksum: undefined,
    computed,
  };
  received.checksum = checkDeclarations(declaration, received, tap, decoder);
  return { ...received, bytes: target.filePath ? undefined : Buffer.concat(collected) };
}

function checkDeclarations(
  declaration: BodyDeclaration,
  received: ReceivedBody,
  tap: DigestTap,
  decoder: AwsChunkedDecoder | undefined,
): ReceivedBody['checksum'] {
  if (declaration.length !== undefined && declaration.length !== received.size) {
    throw new S3Error(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    );
  }
  if (tap.sha256 && tap.sha256.digest('hex') !== declaration.sha256) {
    throw new S3Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  if (declaration.md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(declaration.md5)) {
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
    if (Buffer.from(received.md5Hex, 'hex').toString('base64') !== declaration.md5) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  let checksum = declaration.checksum;
  if (declaration.trailerChecksum) {
    const value = decoder?.trailers.get(checksumHeaderName(declaration.trailerChecksum));
    if (value === undefined) throw s3Errors.invalidRequest('The declared trailing checksum was not sent.');
    assertChecksumValue(declaration.trailerChecksum, value);
    checksum = { algorithm: declaration.trailerChecksum, value };
  }
  if (checksum && received.computed.get(checksum.algorithm) !== checksum.value) {
    throw s3Errors.badDigest(checksumHeaderName(checksum.algorithm));
  }
  if (!checksum && declaration.namedAlgorithm) {
    const value = received.computed.get(declaration.namedAlgorithm);
    if (value !== undefined) checksum = { algorithm: declaration.namedAlgorithm, value };
  }
  return checksum;
}
