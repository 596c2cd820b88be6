import { describe, expect, test } from 'vitest';
import { parseListPage } from '../../../main/transfers/list-page.ts';

const page = (contents: string, tail = '<IsTruncated>false</IsTruncated>') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bucket</Name><Prefix>datasets/a/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>${tail}${contents}</ListBucketResult>`;

const entry = (key: string, size: string, etag = '&#34;9b2cf535f27731c974343645a3985328&#34;') =>
  `<Contents><Key>${key}</Key><LastModified>2026-11-23T21:00:00.000Z</LastModified><ETag>${etag}</ETag><Size>${size}</Size><Owner><ID>02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4</ID><DisplayName>minio</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>`;

describe('parseListPage', () => {
  test('reads keys, sizes and ETags, decoding XML entities as S3 escapes them', () => {
    const listed = parseListPage(
      page(
        entry('datasets/a/R&amp;D &lt;raw&gt; &apos;q&apos; &quot;x&quot;.csv', '32768') +
          entry('datasets/a/日本語/ファイル 🚀.txt', '0', '&quot;d41d8cd98f00b204e9800998ecf8427e-2&quot;'),
      ),
    );
    expect(listed).toEqual({
      objects: [
        {
          key: `datasets/a/R&D <raw> 'q' "x".csv`,
          size: 32768,
          etag: '"9b2cf535f27731c974343645a3985328"',
        },
        { key: 'datasets/a/日本語/ファイル 🚀.txt', size: 0, etag: '"d41d8cd98f00b204e9800998ecf8427e-2"' },
      ],
      nextToken: undefined,
    });
  });

  test('keeps spaces at the edges of a key', () => {
    expect(parseListPage(page(entry('datasets/a/ padded .txt ', '1'))).objects[0]!.key).toBe(
      'datasets/a/ padded .txt ',
    );
  });

  test('gives the continuation token only when the page is truncated', () => {
    const token = '1ahC/+x9=&amp;z';
    const truncated = `<IsTruncated>true</IsTruncated><NextContinuationToken>${token}</NextContinuationToken>`;
    expect(parseListPage(page(entry('datasets/a/f', '1'), truncated)).nextToken).toBe('1ahC/+x9=&z');
    const finished = `<IsTruncated>false</IsTruncated><NextContinuationToken>${token}</NextContinuationToken>`;
    expect(parseListPage(page(entry('datasets/a/f', '1'), finished)).nextToken).toBeUndefined();
  });

  test('an empty listing has no objects', () => {
    expect(parseListPage(page(''))).toEqual({ objects: [], nextToken: undefined });
  });

  test('a key with characters XML forbids is still listed, through the lenient reader', () => {
    const listed = parseListPage(
      page(entry('datasets/a/nul&#0;byte &amp; bell\u0007.txt', '2') + entry('b', '3')),
    );
    expect(listed.objects.map((object) => object.key)).toEqual([
      'datasets/a/nul\u0000byte & bell\u0007.txt',
      'b',
    ]);
    expect(listed.objects[1]!.size).toBe(3);
  });

  test('malformed XML, another document or a bad size is a clear error', () => {
    expect(() => parseListPage(page(entry('datasets/a/f', '1')).slice(0, -10))).toThrow(
      /listing that could not be read/,
    );
    expect(() => parseListPage('<Error><Code>AccessDenied</Code></Error>')).toThrow(/<Error> document/);
    expect(() => parseListPage(page(entry('datasets/a/f', 'many')))).toThrow(/a size of "many"/);
    expect(() => parseListPage(page(entry('datasets/a/f', '-1')))).toThrow(/a size of "-1"/);
  });
});
