/**
 * Cleaning up after a cancelled job (its multipart uploads aborted, partial downloads and staged browser files
 * removed) and, at start, aborting uploads this app left behind. An abort that cannot happen now is recorded
 * and tried again at the next start.
 */
import { rm } from 'node:fs/promises';
import type { Logger } from '../core/index.ts';
import type { JobStore } from './job-store.ts';
import { temporaryDownloadPath } from './paths.ts';
import type { OpenedStorage, StorageAccess } from './storage-access.ts';
import { classifyFailure } from './transfer-errors.ts';
import type { JobRecord } from './types.ts';

async function tryAbort(
  storage: OpenedStorage,
  store: JobStore,
  uploadId: string,
  key: string,
  logger: Logger,
): Promise<void> {
  try {
    await storage.control(
      (client, s3) =>
        client.send(
          new s3.AbortMultipartUploadCommand({
            Bucket: storage.location.bucket,
            Key: key,
            UploadId: uploadId,
          }),
        ),
      AbortSignal.timeout(30_000),
    );
    store.resolvePendingAbort(uploadId, true);
  } catch (error) {
    const failure = classifyFailure(error);
    const gone = failure.kind === 'upload-gone' || failure.status === 404;
    store.resolvePendingAbort(uploadId, gone);
    if (!gone) logger.warn('transfers.abort_deferred', { uploadId, reason: failure.message });
  }
}

/** Marks what was left of a job cancelled and removes what it leaves behind. */
export async function cleanUpCancelledJob(
  job: JobRecord,
  store: JobStore,
  storage: OpenedStorage | null,
  logger: Logger,
): Promise<void> {
  store.moveItems(job.id, ['pending', 'running', 'waiting'], 'cancelled');
  if (job.kind === 'upload') {
    for (const item of store.itemsWithUploads(job.id)) {
      store.addPendingAbort({
        uploadId: item.uploadId!,
        profileId: job.profileId,
        datasetId: job.datasetId,
        bucket: job.bucket ?? storage?.location.bucket ?? '',
        key: item.key,
        reason: 'the upload was cancelled',
      });
      store.applyItemChanges([{ id: item.id, uploadId: null }]);
      store.deleteParts(item.id);
      if (storage) await tryAbort(storage, store, item.uploadId!, item.key, logger);
    }
    if (job.fromBrowser && job.localPath) await rm(job.localPath, { recursive: true, force: true });
    return;
  }
  for (const item of store.itemsPage(job.id, 'cancelled', 1_000_000)) {
    if (item.partSize === null || !item.localPath) continue;
    await rm(temporaryDownloadPath(item.localPath), { force: true });
    store.deleteParts(item.id);
  }
}

/** Aborts every recorded upload that is still waiting for it (run at start and after cancels). */
export async function abortLeftoverUploads(
  store: JobStore,
  access: StorageAccess,
  logger: Logger,
): Promise<void> {
  store.collectAbandonedUploadsSync();
  const byDataset = new Map<string, ReturnType<JobStore['pendingAborts']>>();
  for (const entry of store.pendingAborts()) {
    const key = JSON.stringify([entry.profileId, entry.datasetId]);
    byDataset.set(key, [...(byDataset.get(key) ?? []), entry]);
  }
  for (const entries of byDataset.values()) {
    const first = entries[0]!;
    let storage: OpenedStorage;
    try {
      storage = await access.open(first.profileId, first.datasetId, 'write', AbortSignal.timeout(60_000));
    } catch (error) {
      for (const entry of entries) store.resolvePendingAbort(entry.uploadId, false);
      logger.warn('transfers.leftover_uploads_kept', {
        datasetId: first.datasetId,
        count: entries.length,
        error,
      });
      continue;
    }
    for (const entry of entries) await tryAbort(storage, store, entry.uploadId, entry.key, logger);
    logger.info('transfers.leftover_uploads_aborted', { datasetId: first.datasetId, count: entries.length });
  }
}
