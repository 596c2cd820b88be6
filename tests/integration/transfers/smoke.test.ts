import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createTransferHarness, finished, remoteDigest, treeDigest, writeTestFile, type TransferHarness } from '../../support/transfer-harness.ts';

let harness: TransferHarness;
beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
});
afterAll(() => harness?.close());

test('uploads a folder and downloads it back identical', async () => {
  const prefix = harness.storage.addDataset('10378.1/1');
  const source = join(harness.dir, 'data');
  await writeTestFile(join(source, 'a.txt'), 'hello');
  await writeTestFile(join(source, 'sub', 'b.bin'), 40 * 1024 * 1024 + 3);
  await writeTestFile(join(source, 'empty'), 0);
  const up = await finished(harness.engine, harness.engine.startUpload({ profileId: 'p', datasetId: '10378.1/1', sources: [{ path: source, contentsOnly: false }], remotePath: '', conflict: 'skip-identical' }));
  expect(up.state, up.error ?? '').toBe('done');
  const local = await treeDigest(harness.dir + '/data');
  const remote = await remoteDigest(harness.storage, prefix + 'data/');
  expect(remote).toEqual(local);
  const dest = join(harness.dir, 'out');
  const down = await finished(harness.engine, harness.engine.startDownload({ profileId: 'p', datasetId: '10378.1/1', remotePath: 'data', destination: dest, conflict: 'overwrite' }));
  expect(down.state, down.error ?? '').toBe('done');
  expect(await treeDigest(join(dest, 'data'))).toEqual(local);
});
