/** S3 contract: listing — pagination past 1,000 keys, delimiters and common prefixes, start-after, url encoding. */
import { ListObjectsV2Command, PutObjectCommand, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { beforeAll, expect, it } from 'vitest';
import {
  describeContract,
  expectS3Error,
  inParallel,
  type ContractContext,
} from '../../support/s3-contract.ts';

function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Every page of a listing, following continuation tokens. */
async function allPages(
  context: ContractContext,
  input: { Prefix?: string; Delimiter?: string; MaxKeys?: number; StartAfter?: string },
): Promise<ListObjectsV2CommandOutput[]> {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await context.client.send(
      new ListObjectsV2Command({ Bucket: context.target.bucket, ...input, ContinuationToken: token }),
    );
    pages.push(page);
    token = page.NextContinuationToken;
    expect(page.IsTruncated).toBe(token !== undefined);
  } while (token !== undefined && pages.length < 100);
  return pages;
}

describeContract('listing', (context) => {
  const manyCount = 1100;
  let manyKeys: string[] = [];
  let treeKeys: string[] = [];

  beforeAll(async () => {
    const { client, target, prefix } = context();
    manyKeys = Array.from(
      { length: manyCount },
      (_, index) => `${prefix}many/${String(index).padStart(5, '0')}${index % 7 === 0 ? '-ü' : ''}`,
    );
    treeKeys = [
      'tree/a.txt',
      'tree/b/1.txt',
      'tree/b/2.txt',
      'tree/c/deep/x.txt',
      'tree/d/',
      'tree/e.txt',
      'tree/f/1.txt',
      'tree/😀/1.txt',
      'tree/\uffee/1.txt',
    ].map((key) => `${prefix}${key}`);
    await inParallel([...manyKeys, ...treeKeys], 16, async (key) => {
      await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'x' }));
    });
  }, 120_000);

  it('pages through more than 1,000 keys with continuation tokens, in UTF-8 byte order', async () => {
    const pages = await allPages(context(), { Prefix: `${context().prefix}many/` });
    expect(pages.map((page) => page.KeyCount)).toEqual([1000, 100]);
    const listed = pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key));
    expect(listed).toEqual([...manyKeys].sort(utf8Order));
  });

  it('pages with a small max-keys without losing or repeating keys', async () => {
    const pages = await allPages(context(), { Prefix: `${context().prefix}many/0009`, MaxKeys: 7 });
    const listed = pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key));
    expect(listed).toEqual(
      manyKeys.filter((key) => key.startsWith(`${context().prefix}many/0009`)).sort(utf8Order),
    );
    expect(pages.every((page) => (page.KeyCount ?? 0) <= 7)).toBe(true);
  });

  it('rolls keys up into common prefixes with a delimiter, across pages', async () => {
    const { prefix } = context();
    const pages = await allPages(context(), { Prefix: `${prefix}tree/`, Delimiter: '/', MaxKeys: 2 });
    const prefixes = pages.flatMap((page) => (page.CommonPrefixes ?? []).map((item) => item.Prefix));
    const keys = pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key));
    expect(prefixes).toEqual(
      ['b/', 'c/', 'd/', 'f/', '😀/', '\uffee/'].map((name) => `${prefix}tree/${name}`).sort(utf8Order),
    );
    expect(keys).toEqual([`${prefix}tree/a.txt`, `${prefix}tree/e.txt`]);
  });

  it('lists the whole tree without a delimiter', async () => {
    const pages = await allPages(context(), { Prefix: `${context().prefix}tree/` });
    expect(pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key))).toEqual(
      [...treeKeys].sort(utf8Order),
    );
  });

  it('starts after a given key', async () => {
    const { prefix } = context();
    const pages = await allPages(context(), { Prefix: `${prefix}many/`, StartAfter: manyKeys[1094] });
    expect(pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key))).toEqual(
      manyKeys.slice(1095),
    );
  });

  it('url-encodes keys and prefixes when asked (encoding-type=url)', async () => {
    const { client, target, prefix } = context();
    const key = `${prefix}encoded/ä b+c%d.txt`;
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'x' }));
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: `${prefix}encoded/`, EncodingType: 'url' }),
    );
    const listed = (page.Contents ?? []).map((item) => item.Key ?? '');
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toBe(key);
    expect(decodeURIComponent(listed[0]!.replace(/\+/g, '%20'))).toBe(key);
  });

  it('refuses a continuation token it did not issue', async () => {
    const { client, target } = context();
    await expectS3Error(
      client.send(new ListObjectsV2Command({ Bucket: target.bucket, ContinuationToken: 'not a token!' })),
      'InvalidArgument',
      400,
    );
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const { client } = context();
    await expectS3Error(
      client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-datadesk' })),
      'NoSuchBucket',
      404,
    );
  });
});
