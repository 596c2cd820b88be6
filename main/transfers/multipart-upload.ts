/**
 * Our multipart state machine (lib-storage cannot resume): the upload id and every completed part are
 * persisted as soon as they exist; on resume the endpoint's own list of parts (ListParts) is reconciled with
 * ours so a part that finished just before a crash is not sent again. The whole-file CRC32C is combined from
 * the parts' CRCs and sent with CompleteMultipartUpload as a FULL_OBJECT checksum, which S3 verifies and keeps.
 */
import { stat } from 'node:fs/promises';
import { crc32cOfPieces, crcFromBase64, crcToBase64 } from './checksum.ts';
import { contentTypeFor } from './content-type.ts';
import type { ItemContext, ItemOutcome } from './item-context.ts';
import { choosePartSize, partCount } from './settings.ts';
import { classifyFailure, TransferError } from './transfer-errors.ts';
import type { ItemRecord, PartRecord } from './types.ts';

/** Aborts an upload now, or records it for a later clean-up when the endpoint cannot be reached. */
export async function abortUpload(
  context: ItemContext,
  key: string,
  uploadId: string,
  reason: string,
): Promise<void> {
  const { job, store, storage } = context;
  store.addPendingAbort({
    uploadId,
    profileId: job.profileId,
    datasetId: job.datasetId,
    bucket: storage.location.bucket,
    key,
    reason,
  });
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
    // An upload the endpoint no longer knows is as good as aborted.
    store.resolvePendingAbort(uploadId, failure.kind === 'upload-gone' || failure.status === 404);
    context.logger.warn('transfers.abort_deferred', { uploadId, reason: failure.message });
  }
}

/** The parts the endpoint holds for an upload; null when it no longer knows the upload. */
async function listRemoteParts(context: ItemContext, item: ItemRecord, uploadId: string) {
  const parts = new Map<number, { size: number; etag: string; crc: number | null }>();
  let marker: string | undefined;
  try {
    do {
      const page = await context.storage.control(
        (client, s3) =>
          client.send(
            new s3.ListPartsCommand({
              Bucket: context.storage.location.bucket,
              Key: item.key,
              UploadId: uploadId,
              PartNumberMarker: marker,
            }),
            { abortSignal: context.signal },
          ),
        context.signal,
      );
      for (const part of page.Parts ?? []) {
        if (part.PartNumber === undefined) continue;
        parts.set(part.PartNumber, {
          size: part.Size ?? -1,
          etag: part.ETag ?? '',
          crc: crcFromBase64(part.ChecksumCRC32C),
        });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if (classifyFailure(error).kind === 'upload-gone') return null;
    throw error;
  }
  return parts;
}

/** Reconciles our record of parts with the endpoint's; returns the parts that are really there. */
async function reconcile(
  context: ItemContext,
  item: ItemRecord,
  uploadId: string,
  partSize: number,
): Promise<PartRecord[] | null> {
  const remote = await listRemoteParts(context, item, uploadId);
  if (remote === null) return null;
  const count = partCount(item.size, partSize);
  const expectedSize = (number: number) => (number < count ? partSize : item.size - partSize * (count - 1));
  const recorded = context.store.parts(item.id).length;
  // The endpoint's list is the truth: a part it holds that we never recorded finished just before a stop.
  const kept: PartRecord[] = [];
  for (const [number, part] of remote) {
    if (number > count || part.size !== expectedSize(number) || part.crc === null) continue;
    kept.push({ itemId: item.id, partNumber: number, size: part.size, etag: part.etag, crc: part.crc });
  }
  context.store.deleteParts(item.id);
  context.store.savePartsSync(kept);
  context.logger.info('transfers.multipart_resumed', {
    itemId: item.id,
    parts: kept.length,
    of: count,
    recorded,
  });
  return kept;
}

async function createUpload(context: ItemContext, item: ItemRecord): Promise<string> {
  const contentType = contentTypeFor(item.relativePath);
  const created = await context.storage.control(
    (client, s3) =>
      client.send(
        new s3.CreateMultipartUploadCommand({
          Bucket: context.storage.location.bucket,
          Key: item.key,
          ChecksumAlgorithm: 'CRC32C',
          ChecksumType: 'FULL_OBJECT',
          ...(contentType ? { ContentType: contentType } : {}),
        }),
        { abortSignal: context.signal },
      ),
    context.signal,
  );
  if (!created.UploadId)
    throw new TransferError({
      kind: 'permanent',
      message: 'The storage did not start the upload.',
      code: null,
      status: null,
    });
  return created.UploadId;
}

async function unchangedSince(item: ItemRecord): Promise<boolean> {
  const info = await stat(item.localPath).catch(() => null);
  return info !== null && info.size === item.size && Math.abs(info.mtimeMs - (item.mtimeMs ?? 0)) < 1;
}

function fileChangedWhileUploading(): TransferError {
  return new TransferError({
    kind: 'file-changed',
    message: 'The file changed while it was being uploaded.',
    code: 'changed-during-read',
    status: null,
  });
}

/** Uploads (or resumes) a large file part by part. */
export async function uploadMultipart(item: ItemRecord, context: ItemContext): Promise<ItemOutcome> {
  const { store } = context;
  const partSize = item.partSize ?? choosePartSize(item.size, context.settings);
  let uploadId = item.uploadId;
  let done: PartRecord[] = [];
  if (uploadId) {
    const info = await stat(item.localPath);
    const unchanged = info.size === item.size && Math.abs(info.mtimeMs - (item.mtimeMs ?? 0)) < 1;
    const reconciled = unchanged ? await reconcile(context, item, uploadId, partSize) : null;
    if (reconciled === null) {
      if (!unchanged)
        await abortUpload(context, item.key, uploadId, 'the file changed before the upload resumed');
      store.deleteParts(item.id);
      uploadId = null;
      if (!unchanged)
        throw new TransferError({
          kind: 'file-changed',
          message: 'The file changed after it was listed for upload.',
          code: 'changed-since-listed',
          status: null,
        });
    } else done = reconciled;
  }
  if (!uploadId) {
    if (await identicalAlreadyThere(context, item)) return { state: 'skipped', checksum: null };
    uploadId = await createUpload(context, item);
    // Recorded at once: a crash from here on resumes (or aborts) this upload rather than leaking it.
    store.applyItemChanges([{ id: item.id, uploadId, partSize }]);
  }
  const effectivePartSize = partSize;
  const count = partCount(item.size, effectivePartSize);
  const have = new Set(done.map((part) => part.partNumber));
  let credited = done.reduce((sum, part) => sum + part.size, 0);
  context.progress(credited);

  const itemController = new AbortController();
  const signal = AbortSignal.any([context.signal, itemController.signal]);
  const parts: PartRecord[] = [...done];
  const running: Array<Promise<void>> = [];
  let firstError: unknown = null;
  const currentUploadId = uploadId;
  try {
    for (let number = 1; number <= count && firstError === null; number++) {
      if (have.has(number)) continue;
      const offset = (number - 1) * effectivePartSize;
      const length = Math.min(effectivePartSize, item.size - offset);
      await context.partSlots.acquire(1, signal);
      try {
        await context.memory.acquire(effectivePartSize, signal);
      } catch (error) {
        context.partSlots.release(1);
        throw error;
      }
      const task = context.pool
        .run(
          {
            kind: 'upload-part',
            target: context.storage.target,
            key: item.key,
            uploadId: currentUploadId,
            partNumber: number,
            path: item.localPath,
            offset,
            length,
            expected: { size: item.size, mtimeMs: item.mtimeMs ?? 0 },
            bufferSize: effectivePartSize,
          },
          {
            signal,
            onProgress: (bytes) => {
              credited += bytes;
              context.progress(bytes);
            },
          },
        )
        .then((result) => {
          const part = {
            itemId: item.id,
            partNumber: number,
            size: length,
            etag: result.etag,
            crc: result.crc,
          };
          store.savePartsSync([part]);
          parts.push(part);
        })
        .catch((error: unknown) => {
          firstError ??= error;
          itemController.abort();
        })
        .finally(() => {
          context.memory.release(effectivePartSize);
          context.partSlots.release(1);
        });
      running.push(task);
    }
  } catch (error) {
    firstError ??= error;
    itemController.abort();
  }
  await Promise.all(running);
  // Changed after its parts were read: completing would store an out-of-date file.
  if (firstError === null && !(await unchangedSince(item))) firstError = fileChangedWhileUploading();
  if (firstError !== null) {
    if (classifyFailure(firstError).kind === 'file-changed') {
      await abortUpload(context, item.key, currentUploadId, 'the file changed while it was uploading');
      store.deleteParts(item.id);
      store.applyItemChanges([{ id: item.id, uploadId: null, partSize: null }]);
      context.progress(-credited);
    }
    throw firstError;
  }
  return complete(context, item, currentUploadId, parts);
}

async function complete(
  context: ItemContext,
  item: ItemRecord,
  uploadId: string,
  parts: PartRecord[],
): Promise<ItemOutcome> {
  parts.sort((a, b) => a.partNumber - b.partNumber);
  const whole = crcToBase64(crc32cOfPieces(parts));
  const bucket = context.storage.location.bucket;
  try {
    await context.storage.control(
      (client, s3) =>
        client.send(
          new s3.CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: item.key,
            UploadId: uploadId,
            ChecksumType: 'FULL_OBJECT',
            ChecksumCRC32C: whole,
            MultipartUpload: {
              Parts: parts.map((part) => ({
                PartNumber: part.partNumber,
                ETag: part.etag ?? undefined,
                ChecksumCRC32C: crcToBase64(part.crc),
              })),
            },
          }),
          { abortSignal: context.signal },
        ),
      context.signal,
    );
  } catch (error) {
    // Completed just before a crash: the object is there with our checksum.
    if (classifyFailure(error).kind !== 'upload-gone' || !(await objectMatches(context, item, whole)))
      throw error;
  }
  context.store.deleteParts(item.id);
  context.store.applyItemChanges([{ id: item.id, uploadId: null }]);
  return { state: 'done', checksum: whole };
}

/** Skip-identical for a large file: same size there and the same CRC32C (read locally once to compare). */
async function identicalAlreadyThere(context: ItemContext, item: ItemRecord): Promise<boolean> {
  if (context.job.conflict !== 'skip-identical' || item.remoteSize !== item.size) return false;
  const local = await context.pool.run(
    { kind: 'checksum-file', path: item.localPath },
    { signal: context.signal },
  );
  if (local.size !== item.size) return false;
  return objectMatches(context, item, crcToBase64(local.crc));
}

async function objectMatches(context: ItemContext, item: ItemRecord, checksum: string): Promise<boolean> {
  try {
    const head = await context.storage.head(item.key, context.signal);
    return head.size === item.size && head.crc !== null && crcToBase64(head.crc) === checksum;
  } catch {
    return false;
  }
}
