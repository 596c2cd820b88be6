/**
 * Uploads one file: a single PUT when it is small, our own multipart state machine when it is large. A file
 * that changes is noticed (size and mtime before and after reading) and read again, up to a limit.
 */
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { crcToBase64 } from './checksum.ts';
import type { ItemContext, ItemOutcome } from './item-context.ts';
import { uploadMultipart } from './multipart-upload.ts';
import { isSingleRequest, s3Limits } from './settings.ts';
import { classifyFailure, TransferError } from './transfer-errors.ts';
import type { ItemRecord } from './types.ts';
import type { PutFileTask } from './worker-protocol.ts';
import { contentTypeFor } from './content-type.ts';

/** How often a file may change under us before its item fails. */
const maxChangesWhileReading = 3;
const maxChangesSinceListed = 5;

export async function uploadItem(item: ItemRecord, context: ItemContext): Promise<ItemOutcome> {
  let current = item;
  let changedWhileReading = 0;
  let changedSinceListed = 0;
  for (;;) {
    try {
      return await uploadOnce(current, context);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'file-changed') throw error;
      if (failure.code === 'changed-during-read') changedWhileReading += 1;
      else changedSinceListed += 1;
      if (changedWhileReading >= maxChangesWhileReading || changedSinceListed >= maxChangesSinceListed) {
        throw new TransferError({
          kind: 'permanent',
          message: 'The file kept changing while it was being uploaded. Upload it again once it is complete.',
          code: 'file-changed',
          status: null,
        });
      }
      context.logger.info('transfers.file_changed', {
        itemId: item.id,
        during: failure.code === 'changed-during-read',
      });
      // Give whoever is writing the file a moment before reading it again.
      await sleep(250 * changedWhileReading, undefined, { signal: context.signal });
      current = await replan(current, context);
    }
  }
}

/** Records what the file looks like now, so the next attempt uploads its new content. */
async function replan(item: ItemRecord, context: ItemContext): Promise<ItemRecord> {
  const info = await stat(item.localPath);
  if (info.size !== item.size) context.resized(item.size, info.size);
  context.store.applyItemChanges([{ id: item.id, size: info.size, mtimeMs: info.mtimeMs }]);
  return { ...item, size: info.size, mtimeMs: info.mtimeMs };
}

/** The worker task that sends a whole file in one PUT. */
export function putFileTask(item: ItemRecord, context: Pick<ItemContext, 'job' | 'storage'>): PutFileTask {
  return {
    kind: 'put-file',
    target: context.storage.target,
    key: item.key,
    path: item.localPath,
    expected: { size: item.size, mtimeMs: item.mtimeMs ?? 0 },
    skipIfIdentical: context.job.conflict === 'skip-identical' && item.remoteSize === item.size,
    contentType: contentTypeFor(item.relativePath),
  };
}

async function uploadOnce(item: ItemRecord, context: ItemContext): Promise<ItemOutcome> {
  if (item.size > s3Limits.maxObjectSize) {
    throw new TransferError({
      kind: 'permanent',
      message: 'The file is larger than 5 TiB, the most S3 can store in one object.',
      code: 'EntityTooLarge',
      status: null,
    });
  }
  if (!isSingleRequest(item.size, context.settings)) return uploadMultipart(item, context);
  const weight = Math.max(1, item.size);
  await context.memory.acquire(weight, context.signal);
  try {
    const result = await context.pool.run(putFileTask(item, context), {
      signal: context.signal,
      onProgress: context.progress,
    });
    return { state: result.skipped ? 'skipped' : 'done', checksum: crcToBase64(result.crc) };
  } finally {
    context.memory.release(weight);
  }
}
