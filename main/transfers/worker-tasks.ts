/** What a transfer worker does for each task: read or write the bytes, checksum them, talk to S3. */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, read as readCallback, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32cOf, crcFromBase64, crcToBase64 } from './checksum.ts';
import type { StorageCredentials } from './dataset-storage.ts';
import { chooseLocalTarget } from './download-target.ts';
import type { PoolResponse } from './http-pool.ts';
import { temporaryDownloadPath } from './paths.ts';
import type { DataRequest, S3Data } from './s3-data.ts';
import { TransferError } from './transfer-errors.ts';
import type {
  ChecksumFileResult,
  ChecksumFileTask,
  DownloadObjectResult,
  DownloadObjectTask,
  DownloadRangeResult,
  DownloadRangeTask,
  FileIdentity,
  PutFileResult,
  PutFileTask,
  TaskTarget,
  UploadPartResult,
  UploadPartTask,
} from './worker-protocol.ts';
import { fileChanged, readFully, sameIdentity, withRetries, type BufferPool, type RateLimiter } from './worker-support.ts';

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
function send(context: TaskContext, target: TaskTarget, request: Omit<DataRequest, 'signal'>, onRetry?: () => void): Promise<PoolResponse> {
  return withRetries(
    { signal: context.signal, refreshCredentials: () => context.refreshCredentials(target), ...(onRetry ? { onRetry } : {}) },
    () => context.data.send(target, context.credentials(target), { ...request, signal: context.signal }),
  );
}

/** The stored whole-object CRC32C in response headers, when there is one (not a composite "-N" value). */
function storedCrc(headers: Map<string, string>): number | null {
  if (headers.get('x-amz-checksum-type') === 'COMPOSITE') return null;
  const value = headers.get('x-amz-checksum-crc32c');
  if (!value || value.includes('-')) return null;
  return crcFromBase64(value);
}

/** The stored checksum and size of an object, or null when no object is there. */
export async function remoteCrc(context: TaskContext, target: TaskTarget, key: string): Promise<{ crc: number | null; size: number } | null> {
  try {
    const head = await send(context, target, { method: 'HEAD', key, headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    return { crc: storedCrc(head.headers), size: Number(head.headers.get('content-length') ?? 0) };
  } catch (error) {
    if (error instanceof TransferError && error.failure.status === 404) return null;
    throw error;
  }
}

export async function putFile(task: PutFileTask, context: TaskContext): Promise<PutFileResult> {
  const { size } = task.expected;
  const large = size > mebibyte;
  // Pooled buffers in a few size classes: thousands of small files allocate nothing the GC must chase.
  const capacity = large ? Math.ceil(size / mebibyte) * mebibyte : Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(Math.max(1, size))));
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
      headers: { 'x-amz-checksum-crc32c': crcToBase64(crc), ...(task.contentType ? { 'content-type': task.contentType } : {}) },
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
    for (let done = 0; done < expected.size; ) {
      const read = await new Promise<number>((resolve, reject) =>
        readCallback(fd, buffer, done, expected.size - done, done, (error, bytes) => (error ? reject(error) : resolve(bytes))),
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

/** Where a GET body goes: written at its position as it arrives, checksummed on the way. */
class FileSink {
  crc = 0;
  length = 0;
  private readonly fd: number;
  private readonly position: number;
  private readonly context: TaskContext;
  private readonly onBytes: (bytes: number) => void;

  constructor(fd: number, position: number, context: TaskContext, onBytes: (bytes: number) => void) {
    this.fd = fd;
    this.position = position;
    this.context = context;
    this.onBytes = onBytes;
  }

  /** Takes one slice; synchronous on purpose (the slice is only valid during the call, and a write into the
   * page cache costs less than a thread-pool round trip). Returns a wait when the bandwidth limit says so. */
  write = (slice: Buffer): Promise<void> | undefined => {
    writeSync(this.fd, slice, 0, slice.length, this.position + this.length);
    this.crc = crc32cOf(slice, this.crc);
    this.length += slice.length;
    this.onBytes(slice.length);
    return this.context.limiter.take(slice.length, this.context.signal);
  };
}

function sizeMismatch(expected: number, received: number): TransferError {
  return new TransferError({
    kind: 'retryable',
    message: `The download ended early (${received} of ${expected} bytes).`,
    code: 'ShortBody',
    status: null,
  });
}

/** Folders this worker already made, so thousands of files in one folder cost one mkdir. */
const madeFolders = new Set<string>();

function makeFolderSync(folder: string): void {
  if (madeFolders.has(folder)) return;
  mkdirSync(folder, { recursive: true });
  if (madeFolders.size > 10_000) madeFolders.clear();
  madeFolders.add(folder);
}

/**
 * Downloads a small object whole: into a temporary file, verified against its stored checksum, renamed into
 * place. File-system calls are synchronous here: each is one cheap system call, where a thread-pool round trip
 * per call would cost more than the file.
 */
export async function downloadObject(task: DownloadObjectTask, context: TaskContext): Promise<DownloadObjectResult> {
  makeFolderSync(dirname(task.finalPath));
  const finalPath = await chooseLocalTarget(task.finalPath, task.size, task.conflict, {
    remoteCrc: async () => (await remoteCrc(context, task.target, task.key))?.crc ?? null,
    localCrc: async (path) => (await checksumFile({ kind: 'checksum-file', path }, context)).crc,
  });
  if (finalPath === null) {
    context.progress(task.size);
    return { crc: 0, finalPath: task.finalPath, skipped: true, verified: true };
  }
  const temporary = temporaryDownloadPath(finalPath);
  let credited = 0;
  const fd = openSync(temporary, 'w');
  let closed = false;
  try {
    const fresh = () =>
      new FileSink(fd, 0, context, (bytes) => {
        credited += bytes;
        context.progress(bytes);
      });
    let sink = fresh();
    const response = await send(
      context,
      task.target,
      {
        method: 'GET',
        key: task.key,
        headers: { 'x-amz-checksum-mode': 'ENABLED', ...(task.etag ? { 'if-match': task.etag } : {}) },
        onBody: (slice) => sink.write(slice),
      },
      () => {
        context.progress(-credited);
        credited = 0;
        sink = fresh();
      },
    );
    const expected = Number(response.headers.get('content-length') ?? task.size);
    if (sink.length !== expected) throw sizeMismatch(expected, sink.length);
    ftruncateSync(fd, sink.length);
    const stored = storedCrc(response.headers);
    if (stored !== null && stored !== sink.crc) {
      throw new TransferError({ kind: 'permanent', message: 'The downloaded bytes do not match the checksum stored with the file.', code: 'ChecksumMismatch', status: null });
    }
    closeSync(fd);
    closed = true;
    renameSync(temporary, finalPath);
    return { crc: sink.crc, finalPath, skipped: false, verified: stored !== null };
  } catch (error) {
    if (!closed) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}

export async function downloadRange(task: DownloadRangeTask, context: TaskContext): Promise<DownloadRangeResult> {
  let credited = 0;
  const handle = await open(task.temporaryPath, 'r+');
  try {
    const fresh = () =>
      new FileSink(handle.fd, task.offset, context, (bytes) => {
        credited += bytes;
        context.progress(bytes);
      });
    let sink = fresh();
    await send(
      context,
      task.target,
      {
        method: 'GET',
        key: task.key,
        headers: { range: `bytes=${task.offset}-${task.offset + task.length - 1}`, ...(task.etag ? { 'if-match': task.etag } : {}) },
        onBody: (slice) => sink.write(slice),
      },
      () => {
        context.progress(-credited);
        credited = 0;
        sink = fresh();
      },
    );
    if (sink.length !== task.length) throw sizeMismatch(task.length, sink.length);
    return { crc: sink.crc };
  } finally {
    await handle.close();
  }
}

export async function checksumFile(task: ChecksumFileTask, context: TaskContext): Promise<ChecksumFileResult> {
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
