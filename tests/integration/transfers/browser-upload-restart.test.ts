/**
 * A browser upload whose list of files was still arriving in batches when the app stopped: the page that was
 * listing is gone after a restart, so the job keeps the files it has instead of waiting for a list that never
 * completes — the files listed so far still arrive and the job finishes.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  remoteDigest,
  sha256,
  type TransferHarness,
} from '../../support/transfer-harness.ts';

let harness: TransferHarness;

beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
});
afterAll(() => harness?.close());

async function* bytesOf(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

test('finishes with the files listed before a restart cut the list short', async () => {
  const prefix = harness.storage.addDataset('10378.1/browser-restart');
  const started = await harness.engine.startBrowserUpload({
    profileId: 'local',
    datasetId: '10378.1/browser-restart',
    remotePath: '',
    conflict: 'overwrite',
    files: [{ relativePath: 'drop/first.txt', size: 6 }],
    complete: false,
  });
  expect(started.planned).toBe(false);

  const engine = await harness.restart();
  expect(engine.snapshot(started.id).planned).toBe(true);
  await engine.receiveBrowserFile(started.id, 'drop/first.txt', bytesOf('first\n'));
  const done = await engine.waitFor(started.id);
  expect(done.state, done.error ?? '').toBe('done');
  expect(done.totalFiles).toBe(1);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(
    new Map([['drop/first.txt', sha256(Buffer.from('first\n'))]]),
  );
});
