import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  uploadAndWait,
  remoteDigest,
  treeDigest,
  writeTestFile,
  type TransferHarness,
  downloadAndWait,
} from '../../support/transfer-harness.ts';
import type { ConflictPolicy } from '../../../main/transfers/index.ts';

const mib = 1024 * 1024;
let harness: TransferHarness;

beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
  harness.engine.updateSettings({ minPartSizeMiB: 5 });
});
afterAll(() => harness?.close());

function upload(datasetId: string, path: string, conflict: ConflictPolicy) {
  return uploadAndWait(harness, { datasetId, path, contentsOnly: true, conflict });
}

test('skip-identical sends nothing again when size and checksum match, and re-sends what changed', async () => {
  const prefix = harness.storage.addDataset('10378.1/skip');
  const source = join(harness.dir, 'skip');
  await writeTestFile(join(source, 'small.txt'), 'same');
  await writeTestFile(join(source, 'big.bin'), 11 * mib);
  await writeTestFile(join(source, 'changes.txt'), 'version 1');
  expect((await upload('10378.1/skip', source, 'skip-identical')).doneFiles).toBe(3);
  await writeFile(join(source, 'changes.txt'), 'version 2'); // same size, different bytes
  const again = await upload('10378.1/skip', source, 'skip-identical');
  expect(again.state).toBe('done');
  expect(again.skippedFiles).toBe(2);
  expect(again.doneFiles).toBe(1);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('overwrite replaces what is there', async () => {
  const prefix = harness.storage.addDataset('10378.1/overwrite');
  await harness.storage.root.send(
    new PutObjectCommand({ Bucket: harness.storage.bucket, Key: `${prefix}a.txt`, Body: 'old' }),
  );
  const source = join(harness.dir, 'overwrite');
  await writeTestFile(join(source, 'a.txt'), 'new');
  expect((await upload('10378.1/overwrite', source, 'overwrite')).state).toBe('done');
  const body = await harness.storage.root.send(
    new GetObjectCommand({ Bucket: harness.storage.bucket, Key: `${prefix}a.txt` }),
  );
  expect(await body.Body!.transformToString()).toBe('new');
});

test('keep-both uploads under a new name and keeps the existing object', async () => {
  const prefix = harness.storage.addDataset('10378.1/both');
  await harness.storage.root.send(
    new PutObjectCommand({ Bucket: harness.storage.bucket, Key: `${prefix}report.csv`, Body: 'old' }),
  );
  await harness.storage.root.send(
    new PutObjectCommand({ Bucket: harness.storage.bucket, Key: `${prefix}report (2).csv`, Body: 'older' }),
  );
  const source = join(harness.dir, 'both');
  await writeTestFile(join(source, 'report.csv'), 'new');
  expect((await upload('10378.1/both', source, 'keep-both')).state).toBe('done');
  const remote = await remoteDigest(harness.storage, prefix);
  expect([...remote.keys()].sort()).toEqual(['report (2).csv', 'report (3).csv', 'report.csv']);
});

test('downloads follow the policy too: skip identical, keep both', async () => {
  const prefix = harness.storage.addDataset('10378.1/down-policy');
  await harness.storage.root.send(
    new PutObjectCommand({
      Bucket: harness.storage.bucket,
      Key: `${prefix}a.txt`,
      Body: 'remote',
      ChecksumAlgorithm: 'CRC32C',
    }),
  );
  const destination = join(harness.dir, 'down-policy');
  await writeTestFile(join(destination, 'a.txt'), 'remote');
  const skip = await downloadAndWait(harness, {
    datasetId: '10378.1/down-policy',
    remotePath: 'a.txt',
    destination,
    conflict: 'skip-identical',
  });
  expect(skip.skippedFiles).toBe(1);
  await writeFile(join(destination, 'a.txt'), 'local!');
  const both = await downloadAndWait(harness, {
    datasetId: '10378.1/down-policy',
    remotePath: 'a.txt',
    destination,
    conflict: 'keep-both',
  });
  expect(both.doneFiles).toBe(1);
  expect(await readFile(join(destination, 'a.txt'), 'utf8')).toBe('local!');
  expect(await readFile(join(destination, 'a (2).txt'), 'utf8')).toBe('remote');
});
