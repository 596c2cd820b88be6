/** What a transfer worker does for each task: read or write the bytes, checksum them, talk to S3. */
import { closeSync, fstatSync, openSync, read as readCallback, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32cOf, crcToBase64 } from './checksum.ts';
import type { StorageCredentials } from './dataset-storage.ts';
import type { PoolResponse } from './http-pool.ts';
import { headRequest, remoteObjectOf, type DataRequest, type RemoteObject, type S3Data } from './s3-data.ts';
import { TransferError } from './transfer-errors.ts';
import type {
  ChecksumFileResult,
  ChecksumFileTask,
  FileIdentity,
  PutFileResult,
  PutFileTask,
  TaskTarget,
  UploadPartResult,
  UploadPartTask,
} from './worker-protocol.ts';
import {
  fileChanged,
  readFully,
  sameIdentity,
  withRetries,
  type BufferPool,
  type RateLimiter,
} from './worker-support.ts';

const mebibyte = 1024 * 1024;

/** What a task can use inside its worker. */
export interface TaskContext {
  signal: AbortSignal;
  data: S3Data;
  credentials(target: TaskTarget): () => Promise<StorageCredentials>;
  refreshCredentials(target: TaskTarget): Promise<void>;
  buffers: BufferPool;
  limiter: RateLimiter;
  /** Reports bytes moved (negative to take back bytes of a failed attempt). */
  progress(bytes: number): void;
}

/** Sends one data request with retries (and one credential refresh on ExpiredToken). */
export function send(
  context: TaskContext,
  target: TaskTarget,
  request: Omit<DataRequest, 'signal'>,
  onRetry?: () => void,
): Promise<PoolResponse> {
  return withRetries(
    {
      signal: context.signal,
      refreshCredentials: () => context.refreshCredentials(target),
      ...(onRetry ? { onRetry } : {}),
    },
    () => context.data.send(target, context.credentials(target), { ...request, signal: context.signal }),
  );
}

/** The stored checksum and size of an object, or null when no object is there. */
export async function remoteCrc(
  context: TaskContext,
  target: TaskTarget,
  key: string,
): Promise<RemoteObject | null> {
  try {
    return remoteObjectOf(await send(context, target, headRequest(key)));
  } catch (error) {
    if (error instanceof TransferError && error.failure.status === 404) return null;
    throw error;
  }
}

export async function putFile(task: PutFileTask, context: TaskContext): Promise<PutFileResult> {
  const { size } = task.expected;
  const large = size > mebibyte;
  // Pooled buffers in a few size classes: thousands of small files allocate nothing the GC must chase.
  const capacity = large
    ? Math.ceil(size / mebibyte) * mebibyte
    : Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(Math.max(1, size))));
  const buffer = context.buffers.take(capacity);
  try {
    if (large) await readWholeFile(task.path, buffer, task.expected);
    else await readSmallFile(task.path, buffer, task.expected);
    const body = buffer.subarray(0, size);
    const crc = crc32cOf(body);
    if (task.skipIfIdentical) {
      const existing = await remoteCrc(context, task.target, task.key);
      if (existing && existing.size === size && existing.crc === crc) {
        context.progress(size);
        return { crc, skipped: true };
      }
    }
    const wait = context.limiter.take(size, context.signal);
    if (wait) await wait;
    await send(context, task.target, {
      method: 'PUT',
      key: task.key,
      body,
      headers: {
        'x-amz-checksum-crc32c': crcToBase64(crc),
        ...(task.contentType ? { 'content-type': task.contentType } : {}),
      },
    });
    // Changed while it was on its way: what was stored is already out of date, so it goes again.
    if (!sameIdentity(statSync(task.path), task.expected)) throw fileChanged(true);
    context.progress(size);
    return { crc, skipped: false };
  } finally {
    context.buffers.give(buffer);
  }
}

/** Reads a whole file, checking it did not change before or while it was read. */
async function readWholeFile(path: string, buffer: Buffer, expected: FileIdentity): Promise<void> {
  const handle = await open(path, 'r');
  try {
    if (!sameIdentity(await handle.stat(), expected)) throw fileChanged(false);
    await readFully(handle, buffer, 0, expected.size);
    if (!sameIdentity(await handle.stat(), expected)) throw fileChanged(true);
  } finally {
    await handle.close();
  }
}

/**
 * The same for files up to 1 MiB with as few thread-pool round trips as possible: open, size checks and close are
 * single cheap system calls done here; only the read, which may wait on the disk, goes to the thread pool (so
 * reads of files not in the page cache still overlap).
 */
async function readSmallFile(path: string, buffer: Buffer, expected: FileIdentity): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    if (!sameIdentity(fstatSync(fd), expected)) throw fileChanged(false);
    for (let done = 0; done < expected.size;) {
      const read = await new Promise<number>((resolve, reject) =>
        readCallback(fd, buffer, done, expected.size - done, done, (error, bytes) =>
          error ? reject(error) : resolve(bytes),
        ),
      );
      if (read === 0) throw fileChanged(true);
      done += read;
    }
    if (!sameIdentity(fstatSync(fd), expected)) throw fileChanged(true);
  } finally {
    closeSync(fd);
  }
}

export async function uploadPart(task: UploadPartTask, context: TaskContext): Promise<UploadPartResult> {
  const buffer = context.buffers.take(task.bufferSize);
  try {
    const handle = await open(task.path, 'r');
    try {
      if (!sameIdentity(await handle.stat(), task.expected)) throw fileChanged(true);
      await readFully(handle, buffer, task.offset, task.length);
      if (!sameIdentity(await handle.stat(), task.expected)) throw fileChanged(true);
    } finally {
      await handle.close();
    }
    const body = buffer.subarray(0, task.length);
    const crc = crc32cOf(body);
    const wait = context.limiter.take(task.length, context.signal);
    if (wait) await wait;
    const response = await send(context, task.target, {
      method: 'PUT',
      key: task.key,
      query: { partNumber: String(task.partNumber), uploadId: task.uploadId },
      body,
      headers: { 'x-amz-checksum-crc32c': crcToBase64(crc) },
    });
    context.progress(task.length);
    return { etag: response.headers.get('etag') ?? '', crc };
  } finally {
    context.buffers.give(buffer);
  }
}

export async function checksumFile(
  task: ChecksumFileTask,
  context: TaskContext,
): Promise<ChecksumFileResult> {
  const handle = await open(task.path, 'r');
  const buffer = context.buffers.take(4 * mebibyte);
  try {
    const stats = await handle.stat();
    let crc = 0;
    let position = 0;
    for (;;) {
      context.signal.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      crc = crc32cOf(buffer.subarray(0, bytesRead), crc);
      position += bytesRead;
    }
    return { crc, size: position, mtimeMs: stats.mtimeMs };
  } finally {
    context.buffers.give(buffer);
    await handle.close();
  }
}
