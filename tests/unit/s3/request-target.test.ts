import { describe, expect, it } from 'vitest';
import { S3Error } from '../../../server/s3/errors.ts';
import { encodeStrict, parseQuery, parseRequestTarget } from '../../../server/s3/request-target.ts';

describe('request targets', () => {
  it('splits bucket and key and keeps dot segments, double slashes and trailing slashes as part of the key', () => {
    expect(parseRequestTarget('/bucket/a/../b/./c//d/').key).toBe('a/../b/./c//d/');
    expect(parseRequestTarget('/bucket/a/../b').bucket).toBe('bucket');
    expect(parseRequestTarget('/bucket/').key).toBeUndefined();
    expect(parseRequestTarget('/bucket').key).toBeUndefined();
    expect(parseRequestTarget('/').bucket).toBeUndefined();
  });

  it('decodes percent-encoded UTF-8 keys, including encoded slashes, and keeps plus signs', () => {
    const target = parseRequestTarget('/b/caf%C3%A9%20%F0%9F%98%80/x%2Fy+z');
    expect(target.key).toBe('café 😀/x/y+z');
  });

  it('canonicalises the path as SigV4 signs it: each segment decoded, then strictly re-encoded', () => {
    expect(parseRequestTarget('/b/a%20b/(c)!*').canonicalPath).toBe('/b/a%20b/%28c%29%21%2A');
    expect(parseRequestTarget("/b/it's~_-.").canonicalPath).toBe('/b/it%27s~_-.');
    expect(parseRequestTarget('/b/x%2Fy').canonicalPath).toBe('/b/x%2Fy');
    expect(parseRequestTarget('/b/caf%c3%a9').canonicalPath).toBe('/b/caf%C3%A9');
    expect(parseRequestTarget('/b/a/../c').canonicalPath).toBe('/b/a/../c');
  });

  it('refuses malformed percent-encoding with InvalidURI', () => {
    expect(() => parseRequestTarget('/b/%E0%A4%A')).toThrow(S3Error);
    expect(() => parseRequestTarget('/b/%ff')).toThrow(/parse/);
    expect(() => parseRequestTarget('b/no-leading-slash')).toThrow(S3Error);
  });

  it('parses queries with valueless parameters, repeated names and encoded values', () => {
    const query = parseQuery('uploads&prefix=a%20b%2Bc&x-id=PutObject&tag=1&tag=2&empty=');
    expect(query).toEqual({
      uploads: [''],
      prefix: ['a b+c'],
      'x-id': ['PutObject'],
      tag: ['1', '2'],
      empty: [''],
    });
    expect(parseQuery('a+b=c+d')).toEqual({ 'a+b': ['c+d'] });
  });

  it('encodes strictly: only RFC 3986 unreserved characters stay as they are', () => {
    expect(encodeStrict("AZaz09-_.~ !'()*/+é")).toBe('AZaz09-_.~%20%21%27%28%29%2A%2F%2B%C3%A9');
  });
});
