/**
 * Runs one Datadesk transfer in its own process for the benchmarks: the real engine and workers over MinIO.
 * Prints one JSON line: state, seconds, planning time, peak RSS. The data store's answers (where the dataset is,
 * its scoped STS credentials) come in with the options, fetched before the run as they are for the peers: in
 * the app they come from a Provena deployment over HTTP, not from code loaded into this process.
 *
 *   node engine-runner.ts '{"datasetId":…,"location":…,"credentials":…,"mode":"upload|download|plan",…}'
 *
 * tools.ts starts it with the compile cache on before its first TypeScript file, as the CLI's start.mjs does.
 */
import { join } from 'node:path';
import type {
  DatasetLocation,
  DatasetStorage,
  JobSnapshot,
  StorageCredentials,
} from '../../../main/transfers/index.ts';

// As the CLI does for commands that move bytes: the workers load while the rest does.
const { prestartWorkers } = await import('../../../main/transfers/worker-start.ts');
prestartWorkers((JSON.parse(process.argv[2]!) as { workers?: number }).workers);
const { peakRssBytes, silentLogger } = await import('../../../main/core/index.ts');
const { TransferEngine } = await import('../../../main/transfers/index.ts');

interface RunnerOptions {
  datasetId: string;
  location: DatasetLocation;
  /** As JSON: `expiration` is a string. */
  credentials: StorageCredentials;
  stateDir: string;
  mode: 'upload' | 'download' | 'plan';
  /** Upload and plan: the folder whose contents go to the dataset root. */
  source?: string;
  /** Download: the destination folder (the whole dataset goes there). */
  destination?: string;
  settings?: Record<string, unknown>;
  workers?: number;
}

const options = JSON.parse(process.argv[2]!) as RunnerOptions;
const storage: DatasetStorage = {
  locate: () => Promise.resolve(options.location),
  credentials: () =>
    Promise.resolve({ ...options.credentials, expiration: new Date(options.credentials.expiration) }),
};
const engine = new TransferEngine({
  databasePath: join(options.stateDir, 'jobs.sqlite'),
  stagingDir: join(options.stateDir, 'staging'),
  resolveStorage: () => storage,
  logger: silentLogger,
  host: 'cli',
  resumeOnStart: () => false,
  ...(options.workers ? { workers: options.workers } : {}),
});
await engine.start();
if (options.settings) engine.updateSettings(options.settings);
if (options.mode === 'plan') engine.updateSettings({ bandwidthLimitMiBps: 0.1, filesInFlight: 1 });

const started = performance.now();
let planningSeconds: number | null = null;
const job: JobSnapshot =
  options.mode === 'download'
    ? engine.startDownload({
        profileId: 'bench',
        datasetId: options.datasetId,
        remotePath: '',
        destination: options.destination!,
        conflict: 'overwrite',
      })
    : engine.startUpload({
        profileId: 'bench',
        datasetId: options.datasetId,
        sources: [{ path: options.source!, contentsOnly: true }],
        remotePath: '',
        conflict: 'skip-identical',
      });
const watcher = engine.onChange.on((snapshot) => {
  if (
    snapshot.id === job.id &&
    !snapshot.planning &&
    snapshot.totalFiles > 0 &&
    planningSeconds === null &&
    snapshot.state === 'running'
  ) {
    planningSeconds = (performance.now() - started) / 1000;
    if (options.mode === 'plan') void engine.cancel(job.id);
  }
});
const final = await engine.waitFor(job.id);
const seconds = (performance.now() - started) / 1000;
watcher.dispose();
process.stdout.write(
  JSON.stringify({
    state: final.state,
    error: final.error,
    seconds,
    planningSeconds,
    files: final.totalFiles,
    bytes: final.totalBytes,
    maxRssBytes: peakRssBytes(),
  }) + '\n',
);
await engine.dispose();
