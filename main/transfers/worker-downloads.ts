/** What a transfer worker does for downloads: whole small objects and ranges of large ones, into files. */
import { ftruncateSync, mkdirSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32cOf, storedCrc } from './checksum.ts';
import { chooseLocalTarget } from './download-target.ts';
import { temporaryDownloadPath } from './paths.ts';
import { TransferError } from './transfer-errors.ts';
import type {
  DownloadObjectResult,
  DownloadObjectTask,
  DownloadRangeResult,
  DownloadRangeTask,
} from './worker-protocol.ts';
import { checksumFile, remoteCrc, send, type TaskContext } from './worker-tasks.ts';

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

/** Creates a download's temporary file; a folder made for an earlier download may have been deleted since. */
async function createTemporary(path: string) {
  try {
    return await open(path, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    madeFolders.delete(dirname(path));
    makeFolderSync(dirname(path));
    return open(path, 'w');
  }
}

/**
 * Downloads a small object whole: into a temporary file, verified against its stored checksum, renamed into
 * place. Creating and renaming files go through the thread pool (they wait on the file system's journal, and
 * several may do so at once); the writes of the body are synchronous (into the page cache, cheaper than a hop).
 */
export async function downloadObject(
  task: DownloadObjectTask,
  context: TaskContext,
): Promise<DownloadObjectResult> {
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
  let retried = false;
  const handle = await createTemporary(temporary);
  let closed = false;
  try {
    const fresh = () =>
      new FileSink(handle.fd, 0, context, (bytes) => {
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
        retried = true;
        sink = fresh();
      },
    );
    const expected = Number(response.headers.get('content-length') ?? task.size);
    if (sink.length !== expected) throw sizeMismatch(expected, sink.length);
    // An earlier attempt may have written further than this one.
    if (retried) ftruncateSync(handle.fd, sink.length);
    const stored = storedCrc(response.headers);
    if (stored !== null && stored !== sink.crc) {
      throw new TransferError({
        kind: 'permanent',
        message: 'The downloaded bytes do not match the checksum stored with the file.',
        code: 'ChecksumMismatch',
        status: null,
      });
    }
    closed = true;
    await handle.close();
    await rename(temporary, finalPath);
    return { crc: sink.crc, finalPath, skipped: false, verified: stored !== null };
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function downloadRange(
  task: DownloadRangeTask,
  context: TaskContext,
): Promise<DownloadRangeResult> {
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
        headers: {
          range: `bytes=${task.offset}-${task.offset + task.length - 1}`,
          ...(task.etag ? { 'if-match': task.etag } : {}),
        },
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
