/**
 * The transfer worker as the app ships it: the bundle `npm run build` writes to `out/main/`, not the TypeScript
 * sources the other tests run. An upload (single PUTs and multipart) and a download (ranged GETs) through it
 * round-trip byte for byte on MinIO. `npm test` builds before the suites run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  remoteDigest,
  treeDigest,
  writeTestFile,
  type TransferHarness,
  uploadAndWait,
  downloadAndWait,
} from '../../support/transfer-harness.ts';

const builtWorker = new URL('../../../out/main/transfer-worker.js', import.meta.url);
const mib = 1024 * 1024;
let harness: TransferHarness;

beforeAll(async () => {
  if (!existsSync(fileURLToPath(builtWorker))) {
    throw new Error('out/main/transfer-worker.js is missing: run `npm run build` first (npm test does).');
  }
  harness = await createTransferHarness(inject('minio'), {
    engine: { workerScript: builtWorker, workers: 2 },
  });
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 4 });
});
afterAll(() => harness?.close());

test('the bundled worker uploads and downloads byte for byte', async () => {
  const prefix = harness.storage.addDataset('10378.1/bundle');
  const source = join(harness.dir, 'bundle');
  await writeTestFile(join(source, 'notes.txt'), 'Bundled worker.\n');
  await writeTestFile(join(source, 'raw', 'small.bin'), 70_000);
  await writeTestFile(join(source, 'raw', 'large.bin'), 12 * mib + 3);
  const up = await uploadAndWait(harness, { datasetId: '10378.1/bundle', path: source, contentsOnly: true });
  expect(up.state, up.error ?? '').toBe('done');
  const local = await treeDigest(source);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(local);

  const destination = join(harness.dir, 'bundle-back');
  const down = await downloadAndWait(harness, { datasetId: '10378.1/bundle', destination });
  expect(down.state, down.error ?? '').toBe('done');
  expect(await treeDigest(destination)).toEqual(local);
});
