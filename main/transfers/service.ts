/**
 * Transfers as the composition root builds them: the engine over the app's job database, the data stores of
 * every profile as its storage, bridge handlers, events for the UI and the web host's browser-upload route.
 */
import { join } from 'node:path';
import type { HostKind, TransferOverview } from '../../preload/contract.ts';
import type { Disposable, Logger } from '../core/index.ts';
import type { EventHub } from '../ipc/index.ts';
import type { HostRoute } from '../web/index.ts';
import type { DatasetStorage } from './dataset-storage.ts';
import { TransferEngine } from './engine.ts';
import { toTransferJob, transferHandlers } from './handlers.ts';
import { estimateSeconds } from './progress.ts';
import type { JobSnapshot } from './snapshot.ts';
import { browserUploadPath, browserUploadRoute } from './web-upload-route.ts';

/** What transfers need from the app. */
export interface TransferServiceOptions {
  dataDir: string;
  host: HostKind;
  logger: Logger;
  hub: EventHub;
  /** The data store of each profile (main/datastore's `DataStores.datasetStorage`). */
  dataStores: { datasetStorage(profileId: string): DatasetStorage };
  currentProfileId(): string;
  openPath?(path: string): Promise<boolean>;
}

/** The built transfer capability. */
export interface TransferService extends Disposable {
  engine: TransferEngine;
  handlers: ReturnType<typeof transferHandlers>;
  webRoutes: HostRoute[];
}

/** The job database every host shares. */
export function transferDatabasePath(dataDir: string): string {
  return join(dataDir, 'transfers', 'jobs.sqlite');
}

/** All running transfers together. */
export function overviewOf(jobs: JobSnapshot[]): TransferOverview {
  const active = jobs.filter((job) => job.state === 'running');
  const sum = (pick: (job: JobSnapshot) => number) => active.reduce((total, job) => total + pick(job), 0);
  const totalBytes = sum((job) => job.totalBytes);
  const doneBytes = sum((job) => job.doneBytes);
  const totalFiles = sum((job) => job.totalFiles);
  const doneFiles = sum((job) => job.doneFiles + job.skippedFiles + job.failedFiles);
  const rates = {
    bytesPerSecond: sum((job) => job.bytesPerSecond),
    filesPerSecond: sum((job) => job.filesPerSecond),
  };
  const planning = active.some((job) => job.planning);
  return {
    activeJobs: active.length,
    totalBytes,
    doneBytes,
    totalFiles,
    doneFiles,
    bytesPerSecond: rates.bytesPerSecond,
    etaSeconds:
      active.length === 0 || planning
        ? null
        : estimateSeconds({ bytes: totalBytes - doneBytes, files: totalFiles - doneFiles }, rates),
  };
}

/** Builds transfers and resumes the app's unfinished jobs (the CLI resumes its own on request). */
export async function createTransferService(options: TransferServiceOptions): Promise<TransferService> {
  const engine = new TransferEngine({
    databasePath: transferDatabasePath(options.dataDir),
    stagingDir: join(options.dataDir, 'transfers', 'staging'),
    resolveStorage: (profileId) => options.dataStores.datasetStorage(profileId),
    logger: options.logger,
    host: options.host,
    resumeOnStart: (job) => options.host !== 'cli' && job.host !== 'cli',
  });
  const subscription = engine.onChange.on((snapshot) => {
    options.hub.publish('transfers.job', toTransferJob(snapshot));
    options.hub.publish('transfers.overview', overviewOf(engine.active()));
  });
  await engine.start();
  return {
    engine,
    handlers: transferHandlers({
      engine,
      currentProfileId: options.currentProfileId,
      openPath: options.openPath ?? (() => Promise.resolve(false)),
      uploadPath: browserUploadPath,
    }),
    webRoutes: [browserUploadRoute(() => engine)],
    async dispose() {
      subscription.dispose();
      await engine.dispose();
    },
  };
}
