import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  finished,
  startTestUpload,
  remoteDigest,
  treeDigest,
  writeTestFile,
  type TransferHarness,
} from '../../support/transfer-harness.ts';
import { startFaultProxy, type FaultProxy } from '../../support/transfer-fault-proxy.ts';
import type { JobSnapshot } from '../../../main/transfers/index.ts';

const mib = 1024 * 1024;
let proxy: FaultProxy;
let harness: TransferHarness;

beforeAll(async () => {
  const minio = inject('minio');
  proxy = await startFaultProxy(minio.endpoint);
  harness = await createTransferHarness(minio, { storage: { endpointForClients: proxy.url } });
});
afterEach(() => {
  harness.engine.updateSettings({ bandwidthLimitMiBps: null, minPartSizeMiB: 5, partsInFlight: 2 });
});
afterAll(async () => {
  await harness?.close();
  await proxy?.close();
});

function waitFor(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
}

const completedParts = (from: number) =>
  proxy.requests
    .slice(from)
    .filter(
      (request) => request.query.has('partNumber') && request.method === 'PUT' && request.status === 200,
    ).length;

/** Multipart uploads open for one object (MinIO lists them by exact key only). */
async function openUploads(key: string): Promise<number> {
  const list = await harness.storage.root.send(
    new ListMultipartUploadsCommand({ Bucket: harness.storage.bucket, Prefix: key }),
  );
  return list.Uploads?.length ?? 0;
}

function upload(datasetId: string, source: string): JobSnapshot {
  return startTestUpload(harness, { datasetId, path: source, contentsOnly: true });
}

test('a file modified during its upload is noticed and uploaded again as it is now', async () => {
  const prefix = harness.storage.addDataset('10378.1/modified');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 1, bandwidthLimitMiBps: 10 });
  const source = join(harness.dir, 'modified');
  const path = join(source, 'growing.bin');
  await writeTestFile(path, 16 * mib);
  const start = proxy.requests.length;
  const job = upload('10378.1/modified', source);
  await waitFor(() => completedParts(start) >= 1);
  await appendFile(path, Buffer.alloc(1000, 7));
  const result = await finished(harness.engine, job);
  expect(result.state, result.error ?? '').toBe('done');
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
  expect(result.totalBytes).toBe(16 * mib + 1000);
  expect(await openUploads(`${prefix}growing.bin`)).toBe(0);
});

test('a file that keeps changing fails with that reason instead of uploading a torn copy', async () => {
  const prefix = harness.storage.addDataset('10378.1/churning');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 1, bandwidthLimitMiBps: 20 });
  const source = join(harness.dir, 'churning');
  const path = join(source, 'log.bin');
  await writeTestFile(path, 11 * mib);
  const job = upload('10378.1/churning', source);
  const writer = setInterval(() => void appendFile(path, 'more\n'), 50);
  const result = await finished(harness.engine, job).finally(() => clearInterval(writer));
  expect(result.state).toBe('failed');
  const [item] = harness.engine.items(job.id, 'failed', 1);
  expect(item?.error).toMatch(/kept changing/);
  expect((await remoteDigest(harness.storage, prefix)).size).toBe(0);
  expect(await openUploads(`${prefix}log.bin`)).toBe(0);
});

test('pause keeps completed parts; resume sends only the rest', async () => {
  const prefix = harness.storage.addDataset('10378.1/pause');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 1, bandwidthLimitMiBps: 15 });
  const source = join(harness.dir, 'pause');
  await writeTestFile(join(source, 'big.bin'), 25 * mib);
  const start = proxy.requests.length;
  const job = upload('10378.1/pause', source);
  await waitFor(() => completedParts(start) >= 2);
  const paused = await harness.engine.pause(job.id);
  expect(paused.state).toBe('paused');
  const before = completedParts(start);
  harness.engine.updateSettings({ bandwidthLimitMiBps: null });
  const result = await harness.engine.waitFor((await harness.engine.resume(job.id)).id);
  expect(result.state).toBe('done');
  const partNumbers = proxy.requests
    .slice(start)
    .filter((request) => request.query.has('partNumber') && request.status === 200)
    .map((request) => request.query.get('partNumber'));
  expect(new Set(partNumbers).size).toBe(partNumbers.length);
  expect(partNumbers.length).toBe(5);
  expect(before).toBeGreaterThanOrEqual(2);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('cancel stops the job, aborts its multipart uploads and leaves no partial downloads', async () => {
  const prefix = harness.storage.addDataset('10378.1/cancel');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 1, bandwidthLimitMiBps: 10 });
  const source = join(harness.dir, 'cancel');
  await writeTestFile(join(source, 'big.bin'), 20 * mib);
  const start = proxy.requests.length;
  const job = upload('10378.1/cancel', source);
  await waitFor(() => completedParts(start) >= 1);
  expect(await openUploads(`${prefix}big.bin`)).toBe(1);
  const cancelled = await harness.engine.cancel(job.id);
  expect(cancelled.state).toBe('cancelled');
  expect(await openUploads(`${prefix}big.bin`)).toBe(0);
  expect(harness.engine.items(job.id, 'cancelled', 10)).toHaveLength(1);

  harness.engine.updateSettings({ bandwidthLimitMiBps: null });
  await finished(harness.engine, upload('10378.1/cancel', source));
  harness.engine.updateSettings({ bandwidthLimitMiBps: 10 });
  const destination = join(harness.dir, 'cancel-down');
  const downStart = proxy.requests.length;
  const down = harness.engine.startDownload({
    profileId: 'local',
    datasetId: '10378.1/cancel',
    remotePath: '',
    destination,
    conflict: 'overwrite',
  });
  await waitFor(() =>
    proxy.requests.slice(downStart).some((request) => request.method === 'GET' && request.status === 206),
  );
  expect((await harness.engine.cancel(down.id)).state).toBe('cancelled');
  expect(await readdir(destination).catch(() => [])).toEqual([]);
});

test('uploads recorded for a later abort are aborted at the next start', async () => {
  const prefix = harness.storage.addDataset('10378.1/leftover');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 1, bandwidthLimitMiBps: 10 });
  const source = join(harness.dir, 'leftover');
  await writeTestFile(join(source, 'big.bin'), 20 * mib);
  const start = proxy.requests.length;
  const job = upload('10378.1/leftover', source);
  await waitFor(() => completedParts(start) >= 1);
  // The endpoint cannot be reached while cancelling: the abort is recorded instead.
  proxy.addFault({
    match: (request) => request.method === 'DELETE',
    action: { kind: 'status', status: 400, code: 'InvalidRequest' },
    times: 1,
  });
  await harness.engine.cancel(job.id);
  expect(await openUploads(`${prefix}big.bin`)).toBe(1);
  expect(harness.engine.store.pendingAborts()).toHaveLength(1);
  const engine = await harness.restart();
  await waitFor(() => engine.store.pendingAborts().length === 0);
  expect(await openUploads(`${prefix}big.bin`)).toBe(0);
});
