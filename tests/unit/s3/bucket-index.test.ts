import { describe, expect, it } from 'vitest';
import { BucketIndex, type ObjectRecord } from '../../../server/s3/bucket-index.ts';

function record(key: string): ObjectRecord {
  return { key, size: 1, etag: 'e', lastModified: 0, file: 'f', headers: {}, metadata: {} };
}

const keys = ['a.txt', 'b/1', 'b/2', 'b/c/3', 'c', 'd/', 'd/x', 'e/😀/1', 'e/\uffff/1'];

/** Every page of a listing, following `last` as a continuation token would. */
function pages(index: BucketIndex, request: { prefix?: string; delimiter?: string; maxKeys: number }) {
  const all: { objects: string[]; commonPrefixes: string[]; isTruncated: boolean }[] = [];
  let after = '';
  for (;;) {
    const page = index.list({
      prefix: request.prefix ?? '',
      delimiter: request.delimiter ?? '',
      after,
      maxKeys: request.maxKeys,
    });
    all.push({
      objects: page.objects.map((item) => item.key),
      commonPrefixes: page.commonPrefixes,
      isTruncated: page.isTruncated,
    });
    if (!page.isTruncated) return all;
    after = page.last!;
  }
}

describe('bucket index listings', () => {
  it('lists in UTF-8 byte order whatever the insertion order', () => {
    const index = new BucketIndex();
    for (const key of [...keys].reverse()) index.set(record(key));
    expect(
      index.list({ prefix: '', delimiter: '', after: '', maxKeys: 1000 }).objects.map((item) => item.key),
    ).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('builds the same byte order from unordered records, with and without characters above U+D7FF', () => {
    const plain = ['b', 'a/é', 'a', 'A', 'a b', 'a/', 'z\u0000', '~', '\u00ff', '\u0100'];
    for (const list of [plain, [...plain, '\uffee', '😀']]) {
      const index = BucketIndex.from([...list].reverse().map(record));
      expect([...index.all()].map((item) => item.key)).toEqual(
        [...list].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      );
    }
  });

  it('rolls up common prefixes and pages through them one entry at a time without repeats', () => {
    const index = BucketIndex.from(keys.map(record));
    const result = pages(index, { delimiter: '/', maxKeys: 1 });
    expect(result.flatMap((page) => [...page.objects, ...page.commonPrefixes])).toEqual([
      'a.txt',
      'b/',
      'c',
      'd/',
      'e/',
    ]);
    expect(result.map((page) => page.isTruncated)).toEqual([true, true, true, true, false]);
  });

  it('lists below a prefix with a delimiter', () => {
    const index = BucketIndex.from(keys.map(record));
    expect(pages(index, { prefix: 'b/', delimiter: '/', maxKeys: 1000 })).toEqual([
      { objects: ['b/1', 'b/2'], commonPrefixes: ['b/c/'], isTruncated: false },
    ]);
    expect(pages(index, { prefix: 'e/', delimiter: '/', maxKeys: 1000 })[0]!.commonPrefixes).toEqual([
      'e/\uffff/',
      'e/😀/',
    ]);
  });

  it('reports truncation only when another entry really follows', () => {
    const index = BucketIndex.from(['x/1', 'x/2'].map(record));
    expect(index.list({ prefix: 'x/', delimiter: '', after: '', maxKeys: 2 }).isTruncated).toBe(false);
    expect(index.list({ prefix: 'x/', delimiter: '', after: '', maxKeys: 1 }).isTruncated).toBe(true);
  });

  it('replaces and deletes records, keeping the order', () => {
    const index = BucketIndex.from(keys.map(record));
    expect(index.set({ ...record('c'), size: 9 })?.size).toBe(1);
    expect(index.delete('b/2')?.key).toBe('b/2');
    expect(index.delete('b/2')).toBeUndefined();
    expect(index.get('c')?.size).toBe(9);
    expect(
      index.list({ prefix: 'b/', delimiter: '', after: '', maxKeys: 10 }).objects.map((item) => item.key),
    ).toEqual(['b/1', 'b/c/3']);
    expect(index.size).toBe(keys.length - 1);
  });
});
