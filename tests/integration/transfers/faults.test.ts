import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
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
import { startFaultProxy, type FaultProxy } from '../../support/transfer-fault-proxy.ts';

const mib = 1024 * 1024;
let proxy: FaultProxy;
let harness: TransferHarness;

beforeAll(async () => {
  const minio = inject('minio');
  proxy = await startFaultProxy(minio.endpoint);
  harness = await createTransferHarness(minio, { storage: { endpointForClients: proxy.url } });
  harness.engine.updateSettings({ minPartSizeMiB: 5, partsInFlight: 3 });
});
afterAll(async () => {
  await harness?.close();
  await proxy?.close();
});

const isPart = (request: { method: string; query: URLSearchParams }) =>
  request.method === 'PUT' && request.query.has('partNumber');

test('recovers from 503 SlowDown and a connection reset in the middle of a part', async () => {
  const prefix = harness.storage.addDataset('10378.1/faults-up');
  const source = join(harness.dir, 'faults-up');
  await writeTestFile(join(source, 'big.bin'), 17 * mib);
  await writeTestFile(join(source, 'small.txt'), 'small');
  proxy.addFault({
    match: (request) => isPart(request) && request.query.get('partNumber') === '2',
    action: { kind: 'status', status: 503, code: 'SlowDown' },
    times: 2,
  });
  proxy.addFault({
    match: (request) => isPart(request) && request.query.get('partNumber') === '3',
    action: { kind: 'reset-request', afterBytes: 2 * mib },
    times: 1,
  });
  proxy.addFault({
    match: (request) => request.method === 'PUT' && request.path.endsWith('small.txt'),
    action: { kind: 'status', status: 500, code: 'InternalError' },
    times: 1,
  });
  const job = await uploadAndWait(harness, {
    datasetId: '10378.1/faults-up',
    path: source,
    contentsOnly: true,
  });
  expect(job.state, job.error ?? '').toBe('done');
  expect(proxy.requests.filter((request) => request.fault !== null).length).toBe(4);
  expect(await remoteDigest(harness.storage, prefix)).toEqual(await treeDigest(source));
});

test('recovers from a connection reset in the middle of a download', async () => {
  harness.storage.addDataset('10378.1/faults-down');
  const source = join(harness.dir, 'faults-down');
  await writeTestFile(join(source, 'big.bin'), 12 * mib);
  await writeTestFile(join(source, 'small.bin'), 100_000);
  await uploadAndWait(harness, { datasetId: '10378.1/faults-down', path: source, contentsOnly: true });
  proxy.addFault({
    match: (request) => request.method === 'GET' && request.path.endsWith('big.bin'),
    action: { kind: 'reset-response', afterBytes: 1 * mib },
    times: 2,
  });
  proxy.addFault({
    match: (request) => request.method === 'GET' && request.path.endsWith('small.bin'),
    action: { kind: 'reset-response', afterBytes: 30_000 },
    times: 1,
  });
  proxy.addFault({
    match: (request) => request.method === 'GET' && request.path.endsWith('small.bin'),
    action: { kind: 'status', status: 503, code: 'SlowDown' },
    times: 1,
  });
  const destination = join(harness.dir, 'faults-down-back');
  const job = await downloadAndWait(harness, { datasetId: '10378.1/faults-down', destination });
  expect(job.state, job.error ?? '').toBe('done');
  expect(await treeDigest(destination)).toEqual(await treeDigest(source));
});

test('a permanent refusal fails only that file; the others finish', async () => {
  const prefix = harness.storage.addDataset('10378.1/one-fails');
  const source = join(harness.dir, 'one-fails');
  for (let index = 0; index < 5; index++) await writeTestFile(join(source, `f${index}.txt`), `file ${index}`);
  proxy.addFault({
    match: (request) => request.method === 'PUT' && request.path.endsWith('f3.txt'),
    action: { kind: 'status', status: 400, code: 'InvalidRequest', message: 'nope' },
    times: 1,
  });
  const job = await uploadAndWait(harness, {
    datasetId: '10378.1/one-fails',
    path: source,
    contentsOnly: true,
  });
  expect(job.state).toBe('failed');
  expect(job.doneFiles).toBe(4);
  expect(job.failedFiles).toBe(1);
  const [failed] = harness.engine.items(job.id, 'failed', 10);
  expect(failed?.relativePath).toBe('f3.txt');
  expect(failed?.error).toMatch(/refused/);
  // Retrying the failed item finishes the job.
  const retried = await harness.engine.waitFor((await harness.engine.retry(job.id)).id);
  expect(retried.state).toBe('done');
  expect(retried.doneFiles).toBe(5);
  expect((await remoteDigest(harness.storage, prefix)).size).toBe(5);
});

test('refuses listed keys that would escape the destination and writes nothing outside it', async () => {
  const prefix = harness.storage.addDataset('10378.1/evil');
  const put = await harness.storage.root.send(
    new PutObjectCommand({ Bucket: harness.storage.bucket, Key: `${prefix}ok.txt`, Body: 'ok' }),
  );
  const keys = [
    'ok.txt',
    '../escape.txt',
    'a/../../escape2.txt',
    '/etc/passwd-copy',
    'C:/windows.txt',
    'nul\u0000byte.txt',
  ];
  const contents = keys
    .map(
      (key) =>
        `<Contents><Key>${prefix}${key.replace('\u0000', '&#0;')}</Key><Size>2</Size><ETag>${put.ETag!.replace(/"/g, '&quot;')}</ETag></Contents>`,
    )
    .join('');
  proxy.addFault({
    match: (request) =>
      request.method === 'GET' &&
      request.query.get('list-type') === '2' &&
      request.query.get('prefix') === prefix,
    action: {
      kind: 'respond',
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${harness.storage.bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
    },
    times: 1,
  });
  const destination = join(harness.dir, 'evil', 'inside', 'dest');
  const before = proxy.requests.length;
  const job = await downloadAndWait(harness, { datasetId: '10378.1/evil', destination });
  expect(job.state).toBe('failed');
  expect(job.doneFiles).toBe(1);
  const refused = harness.engine.items(job.id, 'failed', 10);
  expect(refused).toHaveLength(keys.length - 1);
  for (const item of refused) expect(item.error).toMatch(/Refused to write/);
  expect(await treeDigest(join(harness.dir, 'evil'))).toEqual(
    new Map([['inside/dest/ok.txt', expect.any(String)]]),
  );
  const fetched = proxy.requests
    .slice(before)
    .filter((request) => request.method === 'GET' && !request.query.has('list-type'));
  expect(fetched.map((request) => request.path.slice(request.path.lastIndexOf('/') + 1))).toEqual(['ok.txt']);
});
