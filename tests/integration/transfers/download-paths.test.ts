import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  finished,
  sha256,
  treeDigest,
  type TransferHarness,
} from '../../support/transfer-harness.ts';

let harness: TransferHarness;
const dataset = '10378.1/paths';
const files: Record<string, string> = {
  'metadata.json': '{"name":"x"}',
  'top.txt': 'top',
  'nested/a.txt': 'a',
  'nested/deeper/b.txt': 'b',
  'nested-sibling/c.txt': 'c',
};
const digest = (text: string) => sha256(Buffer.from(text));

beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
  const prefix = harness.storage.addDataset(dataset);
  for (const [key, body] of Object.entries(files)) {
    await harness.storage.root.send(
      new PutObjectCommand({ Bucket: harness.storage.bucket, Key: prefix + key, Body: body }),
    );
  }
});
afterAll(() => harness?.close());

async function download(remotePath: string, name: string) {
  const destination = join(harness.dir, name);
  const job = await finished(
    harness.engine,
    harness.engine.startDownload({
      profileId: 'local',
      datasetId: dataset,
      remotePath,
      destination,
      conflict: 'overwrite',
    }),
  );
  return { job, tree: await treeDigest(destination) };
}

test('downloads the whole dataset with its layout, metadata.json included', async () => {
  const { job, tree } = await download('', 'all');
  expect(job.state).toBe('done');
  expect(tree).toEqual(new Map(Object.entries(files).map(([key, body]) => [key, digest(body)])));
});

test('downloads again into a folder the user deleted after an earlier download', async () => {
  const first = await download('', 'again');
  expect(first.job.state).toBe('done');
  await rm(join(harness.dir, 'again'), { recursive: true });
  const second = await download('', 'again');
  expect(second.job.state, second.job.error ?? '').toBe('done');
  expect(second.tree).toEqual(first.tree);
});

test('downloads a file as dest/<name>, without its parent folders', async () => {
  const { tree } = await download('nested/deeper/b.txt', 'file');
  expect(tree).toEqual(new Map([['b.txt', digest('b')]]));
});

test('downloads a folder as dest/<folder>/…, not its similarly named sibling', async () => {
  const { tree } = await download('nested', 'folder');
  expect(tree).toEqual(
    new Map([
      ['nested/a.txt', digest('a')],
      ['nested/deeper/b.txt', digest('b')],
    ]),
  );
});

test('downloads a folder with a trailing slash as its contents directly in dest/', async () => {
  const { tree } = await download('nested/', 'contents');
  expect(tree).toEqual(
    new Map([
      ['a.txt', digest('a')],
      ['deeper/b.txt', digest('b')],
    ]),
  );
});

test('a path that does not exist fails the job with a clear reason and writes nothing', async () => {
  const { job, tree } = await download('no/such/thing', 'missing');
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/"no\/such\/thing" does not exist in this dataset/);
  expect(tree.size).toBe(0);
});

test('a folder path with a trailing slash that does not exist fails too', async () => {
  const { job } = await download('nope/', 'missing-slash');
  expect(job.state).toBe('failed');
  expect(job.errorCode).toBe('not_found');
});
