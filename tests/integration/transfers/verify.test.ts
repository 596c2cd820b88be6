import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  remoteDigest,
  writeTestFile,
  type TransferHarness,
  uploadAndWait,
} from '../../support/transfer-harness.ts';

let harness: TransferHarness;
beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
});
afterAll(() => harness?.close());

test('reports missing, extra and different files between a folder and a dataset path, changing nothing', async () => {
  const prefix = harness.storage.addDataset('10378.1/verify');
  const source = join(harness.dir, 'survey');
  for (const name of ['same.txt', 'size.txt', 'bytes.txt', 'nested/same.txt'])
    await writeTestFile(join(source, name), `${name} v1`);
  const job = await uploadAndWait(harness, { datasetId: '10378.1/verify', path: source, remotePath: 'raw' });
  expect(job.state).toBe('done');
  await writeFile(join(source, 'size.txt'), 'size.txt is longer now');
  await writeFile(join(source, 'bytes.txt'), 'bytes.txt v2');
  await writeTestFile(join(source, 'new.txt'), 'only here');
  await harness.storage.root.send(
    new PutObjectCommand({
      Bucket: harness.storage.bucket,
      Key: `${prefix}raw/survey/only-there.txt`,
      Body: 'x',
    }),
  );
  await harness.storage.root.send(
    new PutObjectCommand({
      Bucket: harness.storage.bucket,
      Key: `${prefix}raw/sibling.txt`,
      Body: 'not compared',
    }),
  );
  const before = await remoteDigest(harness.storage, prefix);

  const report = await harness.engine.verify(
    {
      profileId: 'local',
      datasetId: '10378.1/verify',
      source: { path: source, contentsOnly: false },
      remotePath: 'raw',
      checksums: true,
    },
    AbortSignal.timeout(30_000),
  );
  expect(report.localFiles).toBe(5);
  expect(report.remoteFiles).toBe(5);
  expect(report.identical).toBe(2);
  expect(report.missing.paths).toEqual(['survey/new.txt']);
  expect(report.extra.paths).toEqual(['survey/only-there.txt']);
  expect(report.different.items.map((item) => [item.path, item.reason]).sort()).toEqual([
    ['survey/bytes.txt', 'checksum'],
    ['survey/size.txt', 'size'],
  ]);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(before);
});

test('without checksums, same-size files count as unverified rather than identical', async () => {
  harness.storage.addDataset('10378.1/verify-fast');
  const source = join(harness.dir, 'fast');
  await writeTestFile(join(source, 'a.txt'), 'a');
  await uploadAndWait(harness, { datasetId: '10378.1/verify-fast', path: source, contentsOnly: true });
  const report = await harness.engine.verify(
    {
      profileId: 'local',
      datasetId: '10378.1/verify-fast',
      source: { path: source, contentsOnly: true },
      remotePath: '',
      checksums: false,
    },
    AbortSignal.timeout(30_000),
  );
  expect(report).toMatchObject({ localFiles: 1, remoteFiles: 1, identical: 0, unverified: 1 });
});
