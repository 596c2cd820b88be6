/**
 * A transfer host in its own process for the scheduler test: one file is refused once while the others are
 * held at the proxy, so they stay in flight; the failed file is retried (which rewinds the scheduler's cursor)
 * and only then are the others let through. Prints one JSON line per event and a heartbeat every 100 ms, so the
 * test can tell a frozen event loop from a slow one. Usage: node retry-in-flight-host.ts '<json options>'
 */
import { join } from 'node:path';
import { TransferEngine } from '../../../main/transfers/index.ts';
import type { MinioEndpoint } from '../../support/minio.ts';
import { startFaultProxy } from '../../support/transfer-fault-proxy.ts';
import { testLogger } from '../../support/transfer-harness.ts';
import { MinioDatasetStorage } from '../../support/transfer-minio-storage.ts';

interface HostOptions {
  minio: MinioEndpoint;
  bucket: string;
  stateDir: string;
  datasetId: string;
  /** Uploaded first, refused once. */
  first: string;
  /** A folder whose files are held at the proxy until the first file has been retried. */
  rest: string;
}

const options = JSON.parse(process.argv[2]!) as HostOptions;
const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
const heartbeat = setInterval(() => say({ event: 'beat' }), 100);

const proxy = await startFaultProxy(options.minio.endpoint);
const storage = await new MinioDatasetStorage(options.minio, {
  bucket: options.bucket,
  endpointForClients: proxy.url,
}).init();
storage.addDataset(options.datasetId);
let release = () => {};
const released = new Promise<void>((resolve) => (release = resolve));
const isPut = (request: { method: string; query: URLSearchParams }) =>
  request.method === 'PUT' && !request.query.has('uploadId');
proxy.addFault({
  match: (request) => isPut(request) && request.path.endsWith('/first.txt'),
  action: { kind: 'status', status: 400, code: 'InvalidRequest', message: 'refused once' },
  times: 1,
});
proxy.addFault({
  match: (request) => isPut(request) && request.path.includes('/rest-'),
  action: { kind: 'hold', until: released },
  times: Infinity,
});

const engine = new TransferEngine({
  databasePath: join(options.stateDir, 'transfers.db'),
  stagingDir: join(options.stateDir, 'staging'),
  resolveStorage: () => storage,
  logger: testLogger(),
  host: 'test',
});
// Few files in flight: each small file travels on its own, so the retried one is not grouped with the held ones.
engine.updateSettings({ filesInFlight: 4 });
await engine.start();
const job = engine.startUpload({
  profileId: 'local',
  datasetId: options.datasetId,
  sources: [
    { path: options.first, contentsOnly: false },
    { path: options.rest, contentsOnly: true },
  ],
  remotePath: '',
  conflict: 'overwrite',
});
say({ event: 'started', id: job.id });

const heldNow = () =>
  proxy.requests.filter((request) => request.fault === 'hold' && request.status === 0).length;
await new Promise<void>((resolve) => {
  const poll = setInterval(() => {
    if (engine.items(job.id, 'failed', 1).length === 1 && heldNow() === 3) {
      clearInterval(poll);
      resolve();
    }
  }, 20);
});
await engine.retry(job.id);
say({ event: 'retried', held: heldNow() });
// Give the scheduler time to take the retried file and look at the page of held ones; a spinning scheduler
// never lets this timer fire.
await new Promise((resolve) => setTimeout(resolve, 500));
release();
say({ event: 'released' });
const result = await engine.waitFor(job.id);
say({
  event: 'finished',
  state: result.state,
  doneFiles: result.doneFiles,
  failedFiles: result.failedFiles,
  error: result.error,
});
clearInterval(heartbeat);
await engine.dispose();
storage.destroy();
await proxy.close();
