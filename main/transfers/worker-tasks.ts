/** What a transfer worker does for each task: read or write the bytes, checksum them, talk to S3. */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { crc32cOf, crcFromBase64, crcToBase64 } from './checksum.ts';
import { chooseLocalTarget } from './download-target.ts';
import { temporaryDownloadPath } from './paths.ts';
import { TransferError } from './transfer-errors.ts';
import type {
  ChecksumFileResult,
  ChecksumFileTask,
  DownloadObjectResult,
  DownloadObjectTask,
  DownloadRangeResult,
  DownloadRangeTask,
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
  client(target: TaskTarget): S3Client;
  refreshCredentials(target: TaskTarget): Promise<void>;
  buffers: BufferPool;
  limiter: RateLimiter;
  /** Reports bytes moved (negative to take back bytes of a failed attempt). */
  progress(bytes: number): void;
}

/** The stored whole-object CRC32C of a response or HEAD, when it has one (not a composite "-N" value). */
function storedCrc(output: { ChecksumCRC32C?: string; ChecksumType?: string }): number | null {
  if (output.ChecksumType === 'COMPOSITE') return null;
  const value = output.ChecksumCRC32C;
  if (!value || value.includes('-')) return null;
  return crcFromBase64(value);
}

/** The stored checksum of an object, or null when it has none (or no object is there). */
export async function remoteCrc(context: TaskContext, target: TaskTarget, key: string): Promise<{ crc: number | null; size: number } | null> {
  try {
    const head = await withRetries(
      { signal: context.signal, refreshCredentials: () => context.refreshCredentials(target) },
      () =>
        context
          .client(target)
          .send(new HeadObjectCommand({ Bucket: target.bucket, Key: key, ChecksumMode: 'ENABLED' }), { abortSignal: context.signal }),
    );
    return { crc: storedCrc(head), size: head.ContentLength ?? 0 };
  } catch (error) {
    if (error instanceof TransferError && error.failure.status === 404) return null;
    throw error;
  }
}

export async function putFile(task: PutFileTask, context: TaskContext): Promise<PutFileResult> {
  const { size } = task.expected;
  const pooled = size > mebibyte;
  const buffer = pooled ? context.buffers.take(Math.ceil(size / mebibyte) * mebibyte) : Buffer.allocUnsafe(size);
  try {
    const handle = await open(task.path, 'r');
    try {
      if (!sameIdentity(await handle.stat(), task.expected)) throw fileChanged(false);
      await readFully(handle, buffer, 0, size);
      if (!sameIdentity(await handle.stat(), task.expected)) throw fileChanged(true);
    } finally {
      await handle.close();
    }
    const body = buffer.subarray(0, size);
    const crc = crc32cOf(body);
    if (task.skipIfIdentical) {
      const existing = await remoteCrc(context, task.target, task.key);
      if (existing && existing.size === size && existing.crc === crc) {
        context.progress(size);
        return { crc, skipped: true };
      }
    }
    await context.limiter.take(size, context.signal);
    await withRetries({ signal: context.signal, refreshCredentials: () => context.refreshCredentials(task.target) }, () =>
      context.client(task.target).send(
        new PutObjectCommand({
          Bucket: task.target.bucket,
          Key: task.key,
          Body: body,
          ContentLength: size,
          ChecksumCRC32C: crcToBase64(crc),
          ...(task.contentType ? { ContentType: task.contentType } : {}),
        }),
        { abortSignal: context.signal },
      ),
    );
    context.progress(size);
    return { crc, skipped: false };
  } finally {
    if (pooled) context.buffers.give(buffer);
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
    await context.limiter.take(task.length, context.signal);
    const output = await withRetries(
      { signal: context.signal, refreshCredentials: () => context.refreshCredentials(task.target) },
      () =>
        context.client(task.target).send(
          new UploadPartCommand({
            Bucket: task.target.bucket,
            Key: task.key,
            UploadId: task.uploadId,
            PartNumber: task.partNumber,
            Body: body,
            ContentLength: task.length,
            ChecksumCRC32C: crcToBase64(crc),
          }),
          { abortSignal: context.signal },
        ),
    );
    context.progress(task.length);
    return { etag: output.ETag ?? '', crc };
  } finally {
    context.buffers.give(buffer);
  }
}

/** Streams a GET body into a file at `position`, returning its CRC32C and length. */
async function writeBody(
  body: Readable,
  path: string,
  flags: 'w' | 'r+',
  position: number,
  context: TaskContext,
  onBytes: (bytes: number) => void,
): Promise<{ crc: number; length: number }> {
  const handle = await open(path, flags);
  let crc = 0;
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      await context.limiter.take(chunk.length, context.signal);
      await handle.write(chunk, 0, chunk.length, position + length);
      crc = crc32cOf(chunk, crc);
      length += chunk.length;
      onBytes(chunk.length);
    }
  } finally {
    await handle.close();
  }
  return { crc, length };
}

function sizeMismatch(expected: number, received: number): TransferError {
  return new TransferError({
    kind: 'retryable',
    message: `The download ended early (${received} of ${expected} bytes).`,
    code: 'ShortBody',
    status: null,
  });
}

export async function downloadObject(task: DownloadObjectTask, context: TaskContext): Promise<DownloadObjectResult> {
  await mkdir(dirname(task.finalPath), { recursive: true });
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
  try {
    const { crc, stored } = await withRetries(
      {
        signal: context.signal,
        refreshCredentials: () => context.refreshCredentials(task.target),
        onRetry: () => {
          context.progress(-credited);
          credited = 0;
        },
      },
      async () => {
        const output = await context.client(task.target).send(
          new GetObjectCommand({ Bucket: task.target.bucket, Key: task.key, ...(task.etag ? { IfMatch: task.etag } : {}) }),
          { abortSignal: context.signal },
        );
        const expected = output.ContentLength ?? task.size;
        const written = await writeBody(output.Body as Readable, temporary, 'w', 0, context, (bytes) => {
          credited += bytes;
          context.progress(bytes);
        });
        if (written.length !== expected) throw sizeMismatch(expected, written.length);
        return { crc: written.crc, stored: storedCrc(output) };
      },
    );
    if (stored !== null && stored !== crc) {
      throw new TransferError({
        kind: 'permanent',
        message: 'The downloaded bytes do not match the checksum stored with the file.',
        code: 'ChecksumMismatch',
        status: null,
      });
    }
    await rename(temporary, finalPath);
    return { crc, finalPath, skipped: false, verified: stored !== null };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function downloadRange(task: DownloadRangeTask, context: TaskContext): Promise<DownloadRangeResult> {
  let credited = 0;
  return withRetries(
    {
      signal: context.signal,
      refreshCredentials: () => context.refreshCredentials(task.target),
      onRetry: () => {
        context.progress(-credited);
        credited = 0;
      },
    },
    async () => {
      const output = await context.client(task.target).send(
        new GetObjectCommand({
          Bucket: task.target.bucket,
          Key: task.key,
          Range: `bytes=${task.offset}-${task.offset + task.length - 1}`,
          ...(task.etag ? { IfMatch: task.etag } : {}),
        }),
        { abortSignal: context.signal },
      );
      const written = await writeBody(output.Body as Readable, task.temporaryPath, 'r+', task.offset, context, (bytes) => {
        credited += bytes;
        context.progress(bytes);
      });
      if (written.length !== task.length) throw sizeMismatch(task.length, written.length);
      return { crc: written.crc };
    },
  );
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
