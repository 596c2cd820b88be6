/**
 * A transfer host in its own process, for tests that kill it: builds an engine over a job database and a MinIO
 * storage, starts an upload (or resumes what is unfinished), prints one JSON line per event, exits when idle.
 * Usage: node transfer-host.ts '<json options>'
 */
import { join } from 'node:path';
import { TransferEngine } from '../../main/transfers/index.ts';
import type { MinioEndpoint } from './minio.ts';
import { testLogger } from './transfer-harness.ts';
import { MinioDatasetStorage } from './transfer-minio-storage.ts';

interface HostOptions {
  minio: MinioEndpoint;
  bucket: string;
  endpointForClients: string;
  stateDir: string;
  datasetId: string;
  /** Start this upload; without it, only resume. */
  upload?: { source: string };
  /** Start this download. */
  download?: { remotePath: string; destination: string };
  settings: Record<string, unknown>;
}

const options = JSON.parse(process.argv[2]!) as HostOptions;
const storage = await new MinioDatasetStorage(options.minio, {
  bucket: options.bucket,
  endpointForClients: options.endpointForClients,
}).init();
storage.addDataset(options.datasetId);
const engine = new TransferEngine({
  databasePath: join(options.stateDir, 'transfers.db'),
  stagingDir: join(options.stateDir, 'staging'),
  resolveStorage: () => storage,
  logger: testLogger(),
  host: 'test',
});
engine.updateSettings(options.settings);
const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
engine.onChange.on((job) =>
  say({ event: 'progress', id: job.id, state: job.state, doneBytes: job.doneBytes }),
);
await engine.start();
if (options.upload) {
  const job = engine.startUpload({
    profileId: 'local',
    datasetId: options.datasetId,
    sources: [{ path: options.upload.source, contentsOnly: true }],
    remotePath: '',
    conflict: 'overwrite',
  });
  say({ event: 'started', id: job.id });
}
if (options.download) {
  const job = engine.startDownload({
    profileId: 'local',
    datasetId: options.datasetId,
    remotePath: options.download.remotePath,
    destination: options.download.destination,
    conflict: 'overwrite',
  });
  say({ event: 'started', id: job.id });
}
const running = engine.jobs().filter((job) => job.state === 'running' || job.state === 'pending');
const results = await Promise.all(running.map((job) => engine.waitFor(job.id)));
for (const result of results)
  say({ event: 'finished', id: result.id, state: result.state, error: result.error });
await engine.dispose();
storage.destroy();
