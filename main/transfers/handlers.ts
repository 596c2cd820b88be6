/** The bridge calls of transfers, over the engine; the current profile is the data store they act on. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TransferItem, TransferJob } from '../../preload/contract.ts';
import { AppError } from '../core/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { checkedDownloadFolder } from './destination.ts';
import type { TransferEngine } from './engine.ts';
import type { JobSnapshot } from './snapshot.ts';
import type { ItemRecord } from './types.ts';

/** What the handlers need besides the engine. */
export interface TransferHandlerDeps {
  engine: TransferEngine;
  currentProfileId(): string;
  /** Opens a folder in the file manager; false where the host cannot (web mode, the CLI). */
  openPath(path: string): Promise<boolean>;
  /** Where browser uploads send their bytes. */
  uploadPath: string;
}

type TransferCall =
  | 'transfers.list'
  | 'transfers.detail'
  | 'transfers.startUpload'
  | 'transfers.startDownload'
  | 'transfers.startBrowserUpload'
  | 'transfers.addBrowserFiles'
  | 'transfers.pause'
  | 'transfers.resume'
  | 'transfers.cancel'
  | 'transfers.retry'
  | 'transfers.remove'
  | 'transfers.openFolder'
  | 'transfers.verify'
  | 'transfers.settings'
  | 'transfers.updateSettings';

/** A job as it crosses the bridge (no internal fields such as sources or bucket). */
export function toTransferJob(job: JobSnapshot): TransferJob {
  return {
    id: job.id,
    kind: job.kind,
    title: job.title,
    profileId: job.profileId,
    datasetId: job.datasetId,
    remotePath: job.remotePath,
    localPath: job.fromBrowser ? null : job.localPath,
    conflict: job.conflict,
    fromBrowser: job.fromBrowser,
    state: job.state,
    planning: job.planning,
    totalFiles: job.totalFiles,
    totalBytes: job.totalBytes,
    doneFiles: job.doneFiles,
    doneBytes: job.doneBytes,
    skippedFiles: job.skippedFiles,
    failedFiles: job.failedFiles,
    bytesPerSecond: job.bytesPerSecond,
    filesPerSecond: job.filesPerSecond,
    etaSeconds: job.etaSeconds,
    error: job.error,
    errorCode: job.errorCode,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

function toTransferItem(item: ItemRecord): TransferItem {
  return {
    id: item.id,
    relativePath: item.relativePath,
    localPath: item.localPath,
    key: item.key,
    size: item.size,
    state: item.state,
    attempts: item.attempts,
    error: item.error,
    errorCode: item.errorCode,
    checksum: item.checksum,
  };
}

/** The default download folder: ~/Downloads/<dataset id made file-name safe>. */
export function defaultDownloadFolder(datasetId: string): string {
  return join(homedir(), 'Downloads', datasetId.replace(/[^\w.-]+/g, '-'));
}

export function transferHandlers(deps: TransferHandlerDeps): Pick<Handlers, TransferCall> {
  const { engine } = deps;
  const job = (snapshot: JobSnapshot) => toTransferJob(snapshot);
  return {
    'transfers.list': ({ limit }) => ({ jobs: engine.jobs(limit).map(job) }),
    'transfers.detail': ({ jobId, state, limit, offset }) => ({
      job: job(engine.snapshot(jobId)),
      items: engine.items(jobId, state, limit, offset).map(toTransferItem),
    }),
    'transfers.startUpload': ({ datasetId, sources, remotePath, conflict }) =>
      job(
        engine.startUpload({ profileId: deps.currentProfileId(), datasetId, sources, remotePath, conflict }),
      ),
    'transfers.startDownload': async ({ datasetId, remotePath, destination, conflict }) =>
      job(
        engine.startDownload({
          profileId: deps.currentProfileId(),
          datasetId,
          remotePath,
          destination: await checkedDownloadFolder(destination ?? defaultDownloadFolder(datasetId)),
          conflict,
        }),
      ),
    'transfers.startBrowserUpload': async ({ datasetId, remotePath, conflict, files, complete }) => ({
      job: job(
        await engine.startBrowserUpload({
          profileId: deps.currentProfileId(),
          datasetId,
          remotePath,
          conflict,
          files,
          complete,
        }),
      ),
      uploadPath: deps.uploadPath,
    }),
    'transfers.addBrowserFiles': async ({ jobId, files, complete }) =>
      job(await engine.addBrowserFiles(jobId, files, complete)),
    'transfers.pause': async ({ jobId }) => job(await engine.pause(jobId)),
    'transfers.resume': async ({ jobId }) => job(await engine.resume(jobId)),
    'transfers.cancel': async ({ jobId }) => job(await engine.cancel(jobId)),
    'transfers.retry': async ({ jobId }) => job(await engine.retry(jobId)),
    'transfers.remove': async ({ jobId }) => {
      await engine.remove(jobId);
      return { removed: true };
    },
    'transfers.openFolder': async ({ jobId }) => {
      const snapshot = engine.snapshot(jobId);
      if (snapshot.kind !== 'download' || !snapshot.localPath) {
        throw new AppError('invalid', 'Only downloads have a folder on this computer to open.');
      }
      return { opened: await deps.openPath(snapshot.localPath), path: snapshot.localPath };
    },
    'transfers.verify': ({ datasetId, source, remotePath, checksums }, context) =>
      engine.verify(
        { profileId: deps.currentProfileId(), datasetId, source, remotePath, checksums },
        context.signal,
      ),
    'transfers.settings': () => engine.settings(),
    'transfers.updateSettings': (change) => engine.updateSettings(change),
  };
}
