import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  downloadAndWait,
  finished,
  startTestUpload,
  remoteDigest,
  treeDigest,
  writeTestFile,
  type TransferHarness,
  uploadAndWait,
} from '../../support/transfer-harness.ts';
import { startFaultProxy, type FaultProxy } from '../../support/transfer-fault-proxy.ts';

const mib = 1024 * 1024;
let proxy: FaultProxy;
let harness: TransferHarness;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  const minio = inject('minio');
  proxy = await startFaultProxy(minio.endpoint);
  harness = await createTransferHarness(minio, { storage: { endpointForClients: proxy.url } });
  // Real STS credentials live at least 15 minutes on MinIO. The storage declares a shorter life and the proxy
  // answers ExpiredToken from that moment on, exactly as S3 does when a session token runs out.
  harness.storage.onIssued = (accessKeyId, expiry) => {
    timers.push(
      setTimeout(() => proxy.expiredKeys.add(accessKeyId), Math.max(0, expiry.getTime() - Date.now())),
    );
  };
});
afterEach(() => {
  harness.storage.declaredLifetimeMs = undefined;
  harness.engine.updateSettings({ bandwidthLimitMiBps: null });
});
afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
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
    }, 20);
  });
}

const partDone = (from: number) => () =>
  proxy.requests
    .slice(from)
    .some((request) => request.method === 'PUT' && request.query.has('partNumber') && request.status === 200);

test('credentials that expire during a long upload are refreshed without failing anything', async () => {
  const prefix = harness.storage.addDataset('10378.1/short-lived');
  harness.storage.declaredLifetimeMs = 1200;
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 2, bandwidthLimitMiBps: 8 });
  const source = join(harness.dir, 'short-lived');
  await writeTestFile(join(source, 'big.bin'), 30 * mib);
  for (let index = 0; index < 20; index++)
    await writeTestFile(join(source, 'small', `${index}.txt`), `small ${index}`);
  const before = harness.storage.issued.length;
  const job = await uploadAndWait(harness, {
    datasetId: '10378.1/short-lived',
    path: source,
    contentsOnly: true,
  });
  expect(job.state, job.error ?? '').toBe('done');
  // About four seconds at 8 MiB/s with credentials living 1.2 s: several refreshes happened mid-upload.
  expect(harness.storage.issued.length - before).toBeGreaterThanOrEqual(3);
  expect(proxy.expiredKeys.size).toBeGreaterThanOrEqual(2);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('an ExpiredToken answer refreshes the credentials once and retries only the requests that failed', async () => {
  const prefix = harness.storage.addDataset('10378.1/expired');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 3, bandwidthLimitMiBps: 20 });
  const source = join(harness.dir, 'expired');
  await writeTestFile(join(source, 'big.bin'), 26 * mib);
  const issuedBefore = harness.storage.issued.length;
  const start = proxy.requests.length;
  const job = startTestUpload(harness, { datasetId: '10378.1/expired', path: source, contentsOnly: true });
  await waitFor(partDone(start));
  // The key in use stops working early (revoked, or a skewed clock): S3 answers ExpiredToken.
  const inUse = harness.storage.issued.at(-1)!.accessKeyId;
  proxy.expiredKeys.add(inUse);
  const result = await finished(harness.engine, job);
  expect(result.state, result.error ?? '').toBe('done');
  const expiredAnswers = proxy.requests
    .slice(start)
    .filter((request) => request.status === 400 && request.accessKeyId === inUse);
  expect(expiredAnswers.length).toBeGreaterThanOrEqual(1);
  expect(harness.storage.issued.length - issuedBefore).toBe(2);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('an ExpiredToken answer to a HEAD (a single-file download starts with one) refreshes the credentials too', async () => {
  const prefix = harness.storage.addDataset('10378.1/expired-head');
  const source = join(harness.dir, 'expired-head');
  const bytes = await writeTestFile(join(source, 'data.bin'), 2 * mib);
  expect(
    (await uploadAndWait(harness, { datasetId: '10378.1/expired-head', path: source, contentsOnly: true }))
      .state,
  ).toBe('done');
  // A first download leaves read credentials in the cache; then that key stops working before its declared expiry.
  const first = await downloadAndWait(harness, {
    datasetId: '10378.1/expired-head',
    remotePath: 'data.bin',
    destination: join(harness.dir, 'expired-head-1'),
  });
  expect(first.state, first.error ?? '').toBe('done');
  const inUse = harness.storage.issued.at(-1)!;
  expect(inUse.access).toBe('read');
  proxy.expiredKeys.add(inUse.accessKeyId);
  const issuedBefore = harness.storage.issued.length;
  const start = proxy.requests.length;
  const second = await downloadAndWait(harness, {
    datasetId: '10378.1/expired-head',
    remotePath: 'data.bin',
    destination: join(harness.dir, 'expired-head-2'),
  });
  expect(second.state, second.error ?? '').toBe('done');
  expect(proxy.requests[start]).toMatchObject({
    method: 'HEAD',
    accessKeyId: inUse.accessKeyId,
    status: 400,
  });
  expect(harness.storage.issued.length - issuedBefore).toBe(1);
  expect(await readFile(join(harness.dir, 'expired-head-2', 'data.bin'))).toEqual(bytes);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('stops the upload with the reason when the dataset is released mid-upload', async () => {
  harness.storage.addDataset('10378.1/released-mid');
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 2, bandwidthLimitMiBps: 10 });
  const source = join(harness.dir, 'released-mid');
  await writeTestFile(join(source, 'big.bin'), 30 * mib);
  const start = proxy.requests.length;
  const job = startTestUpload(harness, {
    datasetId: '10378.1/released-mid',
    path: source,
    contentsOnly: true,
  });
  await waitFor(partDone(start));
  harness.storage.setReleaseStatus('10378.1/released-mid', 'RELEASED');
  proxy.expiredKeys.add(harness.storage.issued.at(-1)!.accessKeyId);
  const result = await finished(harness.engine, job);
  expect(result.state).toBe('failed');
  expect(result.errorCode).toBe('forbidden');
  expect(result.error).toMatch(/pending review or is released/);
});

test('refuses to start an upload to a released dataset, saying why', async () => {
  harness.storage.addDataset('10378.1/released', 'RELEASED');
  const source = join(harness.dir, 'released');
  await writeTestFile(join(source, 'a.txt'), 'a');
  const job = await uploadAndWait(harness, {
    datasetId: '10378.1/released',
    path: source,
    contentsOnly: true,
  });
  expect(job.state).toBe('failed');
  expect(job.errorCode).toBe('forbidden');
  expect(job.error).toMatch(/released/);
});
