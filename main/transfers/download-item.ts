/**
 * Downloads one object: small ones whole in a worker; large ones as parallel ranged GETs into a temporary file
 * whose completed ranges are recorded, so a restart continues from the bytes already on disk. The result is
 * verified against the stored checksum when there is one, then renamed into place.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32cOfPieces, crcToBase64 } from './checksum.ts';
import { chooseLocalTarget } from './download-target.ts';
import type { ItemContext, ItemOutcome } from './item-context.ts';
import { temporaryDownloadPath } from './paths.ts';
import { chooseRangeSize, isSingleRequest, partCount } from './settings.ts';
import { classifyFailure, TransferError } from './transfer-errors.ts';
import type { ItemRecord, PartRecord } from './types.ts';
import type { DownloadObjectTask } from './worker-protocol.ts';

const maxObjectChanges = 3;

export async function downloadItem(item: ItemRecord, context: ItemContext): Promise<ItemOutcome> {
  if (isSingleRequest(item.size, context.settings)) {
    try {
      return await downloadSmall(item, context, item.etag);
    } catch (error) {
      if (classifyFailure(error).kind !== 'object-changed') throw error;
      // Replaced in the dataset since it was listed: fetch the version there now.
      return downloadSmall(item, context, null);
    }
  }
  let current = item;
  for (let changes = 0; ; changes++) {
    try {
      return await downloadLarge(current, context);
    } catch (error) {
      if (classifyFailure(error).kind !== 'object-changed' || changes + 1 >= maxObjectChanges) throw error;
      // The object was replaced in the dataset: start this file again from its new version.
      context.store.deleteParts(current.id);
      context.store.applyItemChanges([{ id: current.id, etag: null, partSize: null }]);
      current = { ...current, etag: null, partSize: null };
    }
  }
}

/** The worker task that downloads a small object whole. */
export function downloadObjectTask(
  item: ItemRecord,
  context: Pick<ItemContext, 'job' | 'storage'>,
  etag = item.etag,
): DownloadObjectTask {
  return {
    kind: 'download-object',
    target: context.storage.target,
    key: item.key,
    etag,
    size: item.size,
    finalPath: item.localPath,
    conflict: context.job.conflict,
  };
}

async function downloadSmall(
  item: ItemRecord,
  context: ItemContext,
  etag: string | null,
): Promise<ItemOutcome> {
  const result = await context.pool.run(downloadObjectTask(item, context, etag), {
    signal: context.signal,
    onProgress: context.progress,
  });
  return {
    state: result.skipped ? 'skipped' : 'done',
    checksum: result.skipped ? null : crcToBase64(result.crc),
    localPath: result.finalPath,
  };
}

/** Keeps the partial file and its recorded ranges when they still fit, else starts a fresh one. */
async function preparePartial(
  context: ItemContext,
  item: ItemRecord,
  temporary: string,
  size: number,
): Promise<PartRecord[]> {
  const recorded = context.store.parts(item.id);
  const existing = await stat(temporary).catch(() => null);
  if (recorded.length > 0 && existing?.size === size) return recorded;
  context.store.deleteParts(item.id);
  await mkdir(dirname(temporary), { recursive: true });
  const handle = await open(temporary, 'w');
  try {
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return [];
}

async function downloadLarge(item: ItemRecord, context: ItemContext): Promise<ItemOutcome> {
  const remote = await context.storage.head(item.key, context.signal);
  if (item.etag && remote.etag && item.etag !== remote.etag) {
    throw new TransferError({
      kind: 'object-changed',
      message: 'The file changed in the dataset.',
      code: 'PreconditionFailed',
      status: 412,
    });
  }
  if (remote.size !== item.size) context.resized(item.size, remote.size);
  const target = await chooseLocalTarget(item.localPath, remote.size, context.job.conflict, {
    remoteCrc: () => Promise.resolve(remote.crc),
    localCrc: async (path) =>
      (await context.pool.run({ kind: 'checksum-file', path }, { signal: context.signal })).crc,
  });
  if (target === null) return { state: 'skipped', checksum: null, localPath: item.localPath };

  const temporary = temporaryDownloadPath(target);
  const partSize = item.partSize ?? chooseRangeSize(remote.size, context.settings);
  if (item.partSize === null || item.etag !== remote.etag || item.size !== remote.size) {
    context.store.applyItemChanges([{ id: item.id, partSize, etag: remote.etag, size: remote.size }]);
  }
  const done = await preparePartial(context, item, temporary, remote.size);
  const have = new Set(done.map((part) => part.partNumber));
  context.progress(done.reduce((sum, part) => sum + part.size, 0));
  const parts: PartRecord[] = [...done];
  const itemController = new AbortController();
  const signal = AbortSignal.any([context.signal, itemController.signal]);
  const running: Array<Promise<void>> = [];
  let firstError: unknown = null;
  const count = partCount(remote.size, partSize);
  try {
    for (let number = 1; number <= count && firstError === null; number++) {
      if (have.has(number)) continue;
      const offset = (number - 1) * partSize;
      const length = Math.min(partSize, remote.size - offset);
      await context.partSlots.acquire(1, signal);
      running.push(
        context.pool
          .run(
            {
              kind: 'download-range',
              target: context.storage.target,
              key: item.key,
              etag: remote.etag,
              temporaryPath: temporary,
              offset,
              length,
            },
            { signal, onProgress: context.progress },
          )
          .then((result) => {
            const part = { itemId: item.id, partNumber: number, size: length, etag: null, crc: result.crc };
            context.store.savePartsSync([part]);
            parts.push(part);
          })
          .catch((error: unknown) => {
            firstError ??= error;
            itemController.abort();
          })
          .finally(() => context.partSlots.release(1)),
      );
    }
  } catch (error) {
    firstError ??= error;
  }
  await Promise.all(running);
  if (firstError !== null) {
    if (classifyFailure(firstError).kind === 'object-changed') await rm(temporary, { force: true });
    throw firstError;
  }
  parts.sort((a, b) => a.partNumber - b.partNumber);
  const crc = crc32cOfPieces(parts);
  if (remote.crc !== null && remote.crc !== crc) {
    await rm(temporary, { force: true });
    context.store.deleteParts(item.id);
    throw new TransferError({
      kind: 'permanent',
      message: 'The downloaded bytes do not match the checksum stored with the file.',
      code: 'ChecksumMismatch',
      status: null,
    });
  }
  await rename(temporary, target);
  context.store.deleteParts(item.id);
  return { state: 'done', checksum: crcToBase64(crc), localPath: target };
}
