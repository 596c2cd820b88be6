import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { remoteDigest, treeDigest, writeTestFile } from '../../support/transfer-harness.ts';
import { MinioDatasetStorage } from '../../support/transfer-minio-storage.ts';
import { startFaultProxy, type FaultProxy } from '../../support/transfer-fault-proxy.ts';
import { tempDir } from '../../support/temp-dir.ts';

const mib = 1024 * 1024;
const hostScript = new URL('../../support/transfer-host.ts', import.meta.url).pathname;
let proxy: FaultProxy;
let storage: MinioDatasetStorage;
let temp: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  const minio = inject('minio');
  proxy = await startFaultProxy(minio.endpoint);
  storage = await new MinioDatasetStorage(minio).init();
  temp = await tempDir('datadesk-kill-');
});
afterAll(async () => {
  await proxy?.close();
  storage?.destroy();
  await temp?.remove();
});

/** Runs the host process; resolves its lines as they come. */
function startHost(options: object): {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [hostScript, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error('timed out'));
      }
    }, 10);
  });
}

test('resumes an upload after the host is killed mid-part, sending no completed part twice', async () => {
  const datasetId = '10378.1/killed';
  const prefix = storage.addDataset(datasetId);
  const source = join(temp.path, 'source');
  await writeTestFile(join(source, 'big.bin'), 40 * mib + 123);
  for (let index = 0; index < 30; index++)
    await writeTestFile(join(source, 'small', `${index}.txt`), `small file ${index}`);
  const options = {
    minio: inject('minio'),
    bucket: storage.bucket,
    endpointForClients: proxy.url,
    stateDir: join(temp.path, 'state'),
    datasetId,
    settings: { minPartSizeMiB: 5, partsInFlight: 2, bandwidthLimitMiBps: 25 },
  };
  const isPart = (request: { method: string; query: URLSearchParams }) =>
    request.method === 'PUT' && request.query.has('partNumber');
  // Part 4 reaches the storage and completes there, but its answer never reaches the host: it cannot have
  // recorded it when it dies. Only ListParts can tell the restarted host that part 4 is done.
  proxy.addFault({
    match: (request) => isPart(request) && request.query.get('partNumber') === '4',
    action: { kind: 'swallow-response' },
    times: 1,
  });

  const first = startHost({ ...options, upload: { source } });
  await waitFor(() =>
    proxy.requests.some(
      (request) => isPart(request) && request.query.get('partNumber') === '4' && request.status === 200,
    ),
  );
  // Wait until another part is mid-way through its body, then kill the whole host process.
  await waitFor(() =>
    proxy.requests.some(
      (request) =>
        isPart(request) && request.status === 0 && request.bytesIn > 0 && request.bytesIn < 5 * mib,
    ),
  );
  first.child.kill('SIGKILL');
  expect(await first.exited).toBeNull();
  const partsBeforeKill = proxy.requests.filter(
    (request) => isPart(request) && request.status === 200,
  ).length;
  expect(partsBeforeKill).toBeGreaterThanOrEqual(3);

  const second = startHost({ ...options, settings: { ...options.settings, bandwidthLimitMiBps: null } });
  expect(await second.exited).toBe(0);
  expect(second.lines.filter((line) => line.event === 'finished').map((line) => line.state)).toEqual([
    'done',
  ]);

  const completed = proxy.requests.filter((request) => isPart(request) && request.status === 200);
  const byUpload = new Map<string, string[]>();
  for (const request of completed) {
    const uploadId = request.query.get('uploadId')!;
    byUpload.set(uploadId, [...(byUpload.get(uploadId) ?? []), request.query.get('partNumber')!]);
  }
  expect(byUpload.size).toBe(1);
  const numbers = [...byUpload.values()][0]!;
  expect(numbers.length).toBe(new Set(numbers).size);
  expect(numbers.length).toBe(9);
  expect(await remoteDigest(storage, prefix)).toEqual(await treeDigest(source));
});

test('resumes a download after the host is killed, keeping the ranges already on disk', async () => {
  const datasetId = '10378.1/killed-download';
  storage.addDataset(datasetId);
  const source = join(temp.path, 'download-source');
  await writeTestFile(join(source, 'big.bin'), 36 * mib + 5);
  const options = {
    minio: inject('minio'),
    bucket: storage.bucket,
    endpointForClients: proxy.url,
    stateDir: join(temp.path, 'download-state'),
    datasetId,
    settings: { minPartSizeMiB: 5, partsInFlight: 2, bandwidthLimitMiBps: null },
  };
  const upload = startHost({ ...options, upload: { source } });
  expect(await upload.exited).toBe(0);

  const destination = join(temp.path, 'download-destination');
  const start = proxy.requests.length;
  const ranged = () =>
    proxy.requests.slice(start).filter((request) => request.method === 'GET' && request.range !== null);
  const first = startHost({
    ...options,
    settings: { ...options.settings, bandwidthLimitMiBps: 20 },
    download: { remotePath: 'big.bin', destination },
  });
  await waitFor(
    () =>
      ranged().filter((request) => request.status === 206).length >= 3 &&
      first.lines.some((line) => Number(line.doneBytes) >= 25 * mib),
  );
  first.child.kill('SIGKILL');
  await first.exited;
  const rangesBefore = ranged().length;

  const second = startHost(options);
  expect(await second.exited).toBe(0);
  expect(second.lines.filter((line) => line.event === 'finished').map((line) => line.state)).toEqual([
    'done',
  ]);
  expect(await treeDigest(destination)).toEqual(await treeDigest(source));
  // The restarted host fetched only the ranges not finished before the kill.
  const allRanges = new Set(ranged().map((request) => request.range));
  const fetchedAfter = ranged()
    .slice(rangesBefore)
    .map((request) => request.range);
  expect(allRanges.size).toBeGreaterThanOrEqual(4);
  expect(fetchedAfter.length).toBeLessThan(allRanges.size);
  const completedBefore = ranged()
    .slice(0, rangesBefore)
    .filter((request) => request.status === 206)
    .map((request) => request.range);
  expect(fetchedAfter.filter((range) => completedBefore.includes(range)).length).toBeLessThanOrEqual(2);
});
