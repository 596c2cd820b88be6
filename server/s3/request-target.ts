/**
 * What a path-style S3 request addresses. The raw request target is parsed by hand, never with `new URL`,
 * because URL parsing resolves `.` and `..` segments that are legitimate parts of object keys.
 */
import { S3Error } from './errors.ts';

/** Query parameters, decoded, in arrival order, repeated names kept. */
export type QueryParameters = Record<string, string[]>;

/** The bucket, key and query a request addresses, plus the path as SigV4 canonicalises it. */
export interface RequestTarget {
  bucket: string | undefined;
  key: string | undefined;
  /** The URI-encoded path S3 signs: each segment decoded, then encoded strictly (RFC 3986 unreserved only). */
  canonicalPath: string;
  query: QueryParameters;
}

/** Percent-encodes everything except RFC 3986 unreserved characters, as SigV4 requires. */
export function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** Parses `/bucket/key?query` exactly as sent. */
export function parseRequestTarget(rawTarget: string): RequestTarget {
  const questionMark = rawTarget.indexOf('?');
  const rawPath = questionMark === -1 ? rawTarget : rawTarget.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? '' : rawTarget.slice(questionMark + 1);
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI', "Couldn't parse the specified URI.");
  const segments = rawPath.slice(1).split('/');
  const canonicalPath = '/' + segments.map((segment) => encodeStrict(decode(segment))).join('/');
  const [rawBucket = '', ...rawKey] = segments;
  const bucket = rawBucket === '' ? undefined : decode(rawBucket);
  const keyText = rawKey.length === 0 ? '' : decode(rawKey.join('/'));
  return { bucket, key: keyText === '' ? undefined : keyText, canonicalPath, query: parseQuery(rawQuery) };
}

/** Decodes a query string; `+` stays a plus sign, as in SigV4 canonicalisation. */
export function parseQuery(rawQuery: string): QueryParameters {
  const query: QueryParameters = Object.create(null) as QueryParameters;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    (query[name] ??= []).push(value);
  }
  return query;
}

/** The first value of a query parameter. */
export function queryValue(query: QueryParameters, name: string): string | undefined {
  return query[name]?.[0];
}

/** True when the query names the parameter, with or without a value (`?uploads`, `?delete`). */
export function hasQuery(query: QueryParameters, name: string): boolean {
  return query[name] !== undefined;
}
