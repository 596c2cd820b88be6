/** PutObject, GetObject, HeadObject, DeleteObject and CopyObject. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectRecord } from './bucket-index.ts';
import { checksumXmlName, createHasher, parseChecksumAlgorithm, type StoredChecksum } from './checksums.ts';
import {
  bodyDeclaration,
  bucketOf,
  header,
  keyOf,
  largestUpload,
  query,
  readBody,
  sendEmpty,
  sendXml,
  type RequestContext,
} from './context.ts';
import { assertAllowed } from './credentials.ts';
import { S3Error, s3Errors } from './errors.ts';
import { assertValidKey } from './keys.ts';
import {
  checksumHeaders,
  evaluateConditions,
  objectResponseHeaders,
  storedHeaders,
  userMetadata,
  writePrecondition,
} from './object-headers.ts';
import { contentRange, parseRange } from './range.ts';
import { xmlElement } from './xml.ts';

/** PUT /bucket/key: streams the body to a temporary file, verifies it, then makes it the object. */
export async function putObject(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertValidKey(key);
  assertAllowed(context.principal, { action: 'write', bucket, key });
  const { objects } = context.state;
  objects.assertBucket(bucket);
  const precondition = writePrecondition(context.request.headers);
  precondition?.(objects.find(bucket, key));
  const declaration = bodyDeclaration(context);
  const headers = storedHeaders(context.request.headers);
  const metadata = userMetadata(context.request.headers);
  const temporary = objects.temporaryPath();
  let record: ObjectRecord;
  try {
    const body = await readBody(context, declaration, { filePath: temporary, limit: largestUpload });
    const checksum: StoredChecksum | undefined = body.checksum && { ...body.checksum, type: 'FULL_OBJECT' };
    record = await objects.commit(
      bucket,
      { key, size: body.size, etag: body.md5Hex, lastModified: Date.now(), headers, metadata, checksum },
      temporary,
      precondition,
    );
  } catch (error) {
    await objects.discard(temporary);
    throw error;
  }
  sendEmpty(context, 200, { etag: `"${record.etag}"`, ...checksumHeaders(record.checksum) });
}

/** GET and HEAD /bucket/key: whole objects, single ranges, conditional requests, checksums on request. */
export async function getObject(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertAllowed(context.principal, { action: 'read', bucket, key });
  if (query(context, 'partNumber') !== undefined) throw s3Errors.notImplemented('GetObject by part number');
  const { record, handle } = await context.state.objects.openObject(bucket, key);
  let streaming = false;
  try {
    const notModified = evaluateConditions(context.request.headers, record);
    if (notModified) {
      sendEmpty(context, 304, {
        etag: `"${record.etag}"`,
        'last-modified': new Date(record.lastModified).toUTCString(),
      });
      return;
    }
    const range = parseRange(header(context, 'range'), record.size);
    const checksumMode = header(context, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED';
    const headers = objectResponseHeaders(record, context.target.query, checksumMode && !range);
    const length = range ? range.end - range.start + 1 : record.size;
    headers['content-length'] = String(length);
    if (range) headers['content-range'] = contentRange(range, record.size);
    context.response.writeHead(range ? 206 : 200, headers);
    if (context.request.method === 'HEAD' || length === 0) {
      context.response.end();
      return;
    }
    const stream = handle.createReadStream({
      start: range?.start ?? 0,
      end: range?.end ?? record.size - 1,
      highWaterMark: 1 << 20,
      autoClose: true,
    });
    streaming = true;
    await pipeline(stream, context.response);
  } finally {
    if (!streaming) await handle.close();
  }
}

/** DELETE /bucket/key: succeeds whether or not the key exists. */
export async function deleteObject(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertAllowed(context.principal, { action: 'write', bucket, key });
  await context.state.objects.delete(bucket, key);
  sendEmpty(context, 204);
}

/** The bucket and key named by `x-amz-copy-source` (`/bucket/key` or `bucket/key`, URL-encoded). */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const withoutVersion = value.replace(/\?versionId=[^&]*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion);
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding.', 'x-amz-copy-source', value);
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** PUT /bucket/key with x-amz-copy-source: copies bytes, then metadata (COPY) or the request's (REPLACE). */
export async function copyObject(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertValidKey(key);
  const source = parseCopySource(header(context, 'x-amz-copy-source') ?? '');
  assertAllowed(context.principal, { action: 'read', ...source });
  assertAllowed(context.principal, { action: 'write', bucket, key });
  const { objects } = context.state;
  objects.assertBucket(bucket);
  const directive = (header(context, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw s3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  }
  const requestedAlgorithm = parseChecksumAlgorithm(header(context, 'x-amz-checksum-algorithm'));
  const replace = directive === 'REPLACE';
  const replacement = replace
    ? { headers: storedHeaders(context.request.headers), metadata: userMetadata(context.request.headers) }
    : undefined;
  const { record: original, handle } = await objects.openObject(source.bucket, source.key);
  if (source.bucket === bucket && source.key === key && directive === 'COPY' && !requestedAlgorithm) {
    await handle.close();
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const algorithm = requestedAlgorithm ?? original.checksum?.algorithm;
  const hasher = algorithm ? createHasher(algorithm) : undefined;
  const md5 = createHash('md5');
  const temporary = objects.temporaryPath();
  let record: ObjectRecord;
  try {
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        hasher?.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(
      handle.createReadStream({ highWaterMark: 1 << 20 }),
      tap,
      createWriteStream(temporary, { flags: 'wx' }),
    );
    const checksum: StoredChecksum | undefined =
      algorithm && hasher ? { algorithm, value: await hasher.digest(), type: 'FULL_OBJECT' } : undefined;
    record = await objects.commit(
      bucket,
      {
        key,
        size: original.size,
        etag: md5.digest('hex'),
        lastModified: Date.now(),
        headers: replacement?.headers ?? original.headers,
        metadata: replacement?.metadata ?? original.metadata,
        checksum,
      },
      temporary,
    );
  } catch (error) {
    await objects.discard(temporary);
    throw error instanceof S3Error ? error : new S3Error('InternalError', 'The copy could not be completed.');
  }
  const checksumElements = record.checksum
    ? [xmlElement(checksumXmlName(record.checksum.algorithm), record.checksum.value)]
    : [];
  sendXml(context, 'CopyObjectResult', [
    xmlElement('ETag', `"${record.etag}"`),
    xmlElement('LastModified', new Date(record.lastModified).toISOString()),
    ...checksumElements,
  ]);
}
