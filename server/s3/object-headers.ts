/** Object headers in and out: what a PUT stores, what GET and HEAD answer, and conditional requests. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectRecord } from './bucket-index.ts';
import { checksumHeaderName, type StoredChecksum } from './checksums.ts';
import { S3Error } from './errors.ts';
import type { QueryParameters } from './request-target.ts';

const storedHeaderNames = [
  'content-type',
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
];
const largestMetadata = 2048;

/** The standard headers an object keeps; the aws-chunked transfer coding is not part of the object. */
export function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of storedHeaderNames) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    if (name === 'content-encoding') {
      const codings = value
        .split(',')
        .map((coding) => coding.trim())
        .filter((coding) => coding !== '' && coding !== 'aws-chunked');
      if (codings.length > 0) stored[name] = codings.join(',');
    } else {
      stored[name] = value;
    }
  }
  return stored;
}

/** User metadata from `x-amz-meta-*` headers; refuses more than S3's 2 KB. */
export function userMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    const shortName = name.slice('x-amz-meta-'.length);
    metadata[shortName] = text;
    size += shortName.length + text.length;
  }
  if (size > largestMetadata) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.');
  }
  return metadata;
}

/** The checksum headers of a stored checksum. */
export function checksumHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeaderName(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

const overrides: [string, string][] = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];

/** GET/HEAD response headers for an object, with `response-*` query overrides applied. */
export function objectResponseHeaders(
  record: ObjectRecord,
  query: QueryParameters,
  withChecksum: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'binary/octet-stream',
    ...record.headers,
    etag: `"${record.etag}"`,
    'last-modified': new Date(record.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(record.metadata)) headers[`x-amz-meta-${name}`] = value;
  for (const [parameter, name] of overrides) {
    const value = query[parameter]?.[0];
    if (value !== undefined) headers[name] = value;
  }
  if (withChecksum) Object.assign(headers, checksumHeaders(record.checksum));
  return headers;
}

function etagMatches(condition: string, etag: string): boolean {
  return condition
    .split(',')
    .map((item) => item.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some((item) => item === '*' || item === etag);
}

function parseHttpDate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Evaluates If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304) the way S3 does:
 * a passing If-Match overrides If-Unmodified-Since, a failing If-None-Match overrides If-Modified-Since.
 * Returns 304 for "not modified", undefined to go on; throws PreconditionFailed.
 */
export function evaluateConditions(headers: IncomingHttpHeaders, record: ObjectRecord): 304 | undefined {
  const lastModified = Math.floor(record.lastModified / 1000) * 1000;
  const ifMatch = headers['if-match'];
  const ifUnmodifiedSince = parseHttpDate(headers['if-unmodified-since']);
  if (
    ifMatch !== undefined
      ? !etagMatches(ifMatch, record.etag)
      : ifUnmodifiedSince !== undefined && lastModified > ifUnmodifiedSince
  ) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since',
    });
  }
  const ifNoneMatch = headers['if-none-match'];
  const ifModifiedSince = parseHttpDate(headers['if-modified-since']);
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, record.etag) ? 304 : undefined;
  if (ifModifiedSince !== undefined && lastModified <= ifModifiedSince) return 304;
  return undefined;
}

/** Conditional writes: `If-None-Match: *` refuses to replace an object, `If-Match` requires its ETag. */
export function writePrecondition(
  headers: IncomingHttpHeaders,
): ((current: ObjectRecord | undefined) => void) | undefined {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'If-None-Match on writes supports only "*".');
  }
  return (current) => {
    const failed =
      ifNoneMatch !== undefined
        ? current !== undefined
        : !current || !etagMatches(ifMatch ?? '', current.etag);
    if (failed) {
      throw new S3Error(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        {
          Condition: ifNoneMatch !== undefined ? 'If-None-Match' : 'If-Match',
        },
      );
    }
  };
}
