import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { crc32cOf, crcToBase64 } from '../../../main/transfers/checksum.ts';
import {
  createTransferHarness,
  remoteDigest,
  treeDigest,
  writeTestFile,
  type TransferHarness,
  uploadAndWait,
  downloadAndWait,
} from '../../support/transfer-harness.ts';

const mib = 1024 * 1024;
let harness: TransferHarness;

beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
  // 5 MiB parts keep the multipart cases small; the boundaries are the same ones at any part size.
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 4 });
});
afterAll(() => harness?.close());

const sizes: Record<string, number> = {
  'empty.bin': 0,
  'one.bin': 1,
  'single-below.bin': 5 * mib - 1,
  'single-at.bin': 5 * mib,
  'multipart-above.bin': 5 * mib + 1,
  'two-parts-below.bin': 10 * mib - 1,
  'two-parts-at.bin': 10 * mib,
  'three-parts-above.bin': 10 * mib + 1,
  'many-parts.bin': 23 * mib + 7,
};

const names = [
  'with space.txt',
  'ünïcødé.txt',
  'emoji 🚀 data.txt',
  '日本語/ファイル.txt',
  'Cafe\u0301 NFD.txt',
  // Characters a listing's XML must escape.
  `R&D <raw> 'q' "x".csv`,
];

test('round-trips sizes around every part boundary byte for byte', async () => {
  const prefix = harness.storage.addDataset('10378.1/sizes');
  const source = join(harness.dir, 'sizes');
  for (const [name, size] of Object.entries(sizes)) await writeTestFile(join(source, name), size);
  const up = await uploadAndWait(harness, {
    datasetId: '10378.1/sizes',
    path: source,
    contentsOnly: true,
    remotePath: 'raw',
  });
  expect(up.state, up.error ?? '').toBe('done');
  expect(up.doneFiles).toBe(Object.keys(sizes).length);
  const local = await treeDigest(source);
  expect(await remoteDigest(harness.storage, `${prefix}raw/`)).toEqual(local);

  const destination = join(harness.dir, 'sizes-back');
  const down = await downloadAndWait(harness, {
    datasetId: '10378.1/sizes',
    remotePath: 'raw/',
    destination,
  });
  expect(down.state, down.error ?? '').toBe('done');
  expect(await treeDigest(destination)).toEqual(local);
});

test('stores the whole-file CRC32C with multipart objects, as S3 full-object checksums', async () => {
  const prefix = harness.storage.addDataset('10378.1/checksum');
  const path = join(harness.dir, 'checksum', 'big.bin');
  const bytes = await writeTestFile(path, 12 * mib + 5);
  const job = await uploadAndWait(harness, { datasetId: '10378.1/checksum', path });
  expect(job.state).toBe('done');
  const head = await harness.storage.root.send(
    new HeadObjectCommand({
      Bucket: harness.storage.bucket,
      Key: `${prefix}big.bin`,
      ChecksumMode: 'ENABLED',
    }),
  );
  expect(head.ChecksumType).toBe('FULL_OBJECT');
  expect(head.ChecksumCRC32C).toBe(crcToBase64(crc32cOf(bytes)));
  const [item] = harness.engine.items(job.id, 'done', 10);
  expect(item?.checksum).toBe(crcToBase64(crc32cOf(bytes)));
});

test('round-trips hundreds of small files', async () => {
  const prefix = harness.storage.addDataset('10378.1/small');
  const source = join(harness.dir, 'small');
  for (let index = 0; index < 300; index++)
    await writeTestFile(join(source, `d${index % 7}`, `file-${index}.dat`), (index * 37) % 4096);
  const up = await uploadAndWait(harness, {
    datasetId: '10378.1/small',
    path: source,
    conflict: 'skip-identical',
  });
  expect(up.state).toBe('done');
  expect(up.totalFiles).toBe(300);
  expect(await remoteDigest(harness.storage, `${prefix}small/`)).toEqual(await treeDigest(source));
  const destination = join(harness.dir, 'small-back');
  const down = await downloadAndWait(harness, { datasetId: '10378.1/small', destination });
  expect(down.state).toBe('done');
  expect(await treeDigest(join(destination, 'small'))).toEqual(await treeDigest(source));
});

test('round-trips names with spaces, unicode and emoji, storing NFD names as NFC', async () => {
  const prefix = harness.storage.addDataset('10378.1/names');
  const source = join(harness.dir, 'names');
  for (const name of names) await writeTestFile(join(source, name), `content of ${name}`);
  await writeTestFile(join(source, '.DS_Store'), 'clutter');
  await writeTestFile(join(source, 'sub', 'Thumbs.db'), 'clutter');
  await mkdir(join(source, 'empty-folder'), { recursive: true });
  const up = await uploadAndWait(harness, {
    datasetId: '10378.1/names',
    path: source,
    contentsOnly: true,
    remotePath: 'x y/ü',
  });
  expect(up.state).toBe('done');
  const remote = await remoteDigest(harness.storage, `${prefix}x y/ü/`);
  const expected = new Map(
    [...(await treeDigest(source))]
      .filter(([name]) => !/DS_Store|Thumbs/.test(name))
      .map(([name, digest]) => [name.normalize('NFC'), digest]),
  );
  expect(remote).toEqual(expected);
  expect([...remote.keys()]).toContain('Caf\u00e9 NFD.txt');
  const destination = join(harness.dir, 'names-back');
  const down = await downloadAndWait(harness, {
    datasetId: '10378.1/names',
    remotePath: 'x y/ü/',
    destination,
  });
  expect(down.state).toBe('done');
  expect(await treeDigest(destination)).toEqual(expected);
});
