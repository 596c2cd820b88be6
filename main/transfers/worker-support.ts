/** Small pieces the transfer workers share: buffer reuse, bandwidth pacing, file identity and retries. */
import type { FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  backoffDelayMs,
  classifyFailure,
  maxRequestAttempts,
  TransferError,
  type TransferFailure,
} from './transfer-errors.ts';
import type { FileIdentity } from './worker-protocol.ts';

/** Reuses large buffers (parts) so a 10 GiB upload does not churn the allocator; idle buffers are released. */
export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;
  private readonly maxFreeBytes: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastGiven = 0;

  constructor(maxFreeBytes: number) {
    this.maxFreeBytes = maxFreeBytes;
  }

  take(capacity: number): Buffer {
    const list = this.free.get(capacity);
    const buffer = list?.pop();
    if (buffer) {
      this.freeBytes -= capacity;
      return buffer;
    }
    return Buffer.allocUnsafeSlow(capacity);
  }

  give(buffer: Buffer): void {
    if (this.freeBytes + buffer.length > this.maxFreeBytes) return;
    let list = this.free.get(buffer.length);
    if (!list) this.free.set(buffer.length, (list = []));
    list.push(buffer);
    this.freeBytes += buffer.length;
    this.lastGiven = Date.now();
    if (!this.idleTimer) this.scheduleIdleCheck();
  }

  /** Releases the free buffers once nothing has been returned for ten seconds (one timer, not one per buffer). */
  private scheduleIdleCheck(): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (Date.now() - this.lastGiven >= 10_000) this.clear();
      else this.scheduleIdleCheck();
    }, 10_000);
    this.idleTimer.unref();
  }

  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }
}

/** A token bucket shared by every request of a worker; null rate means unlimited. */
export class RateLimiter {
  private bytesPerSecond: number | null = null;
  private available = 0;
  private last = performance.now();

  setRate(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : null;
    this.available = 0;
    this.last = performance.now();
  }

  /** Undefined when `bytes` may go now, else a wait; large requests borrow and the next ones wait. */
  take(bytes: number, signal: AbortSignal): Promise<void> | undefined {
    const rate = this.bytesPerSecond;
    if (rate === null) return undefined;
    const now = performance.now();
    // At most a tenth of a second of burst, so the limit holds over short spans too.
    this.available = Math.min(rate / 10, this.available + ((now - this.last) / 1000) * rate);
    this.last = now;
    this.available -= bytes;
    return this.available < 0 ? sleep((-this.available / rate) * 1000, undefined, { signal }) : undefined;
  }
}

/** True when a file still looks as it did when planned. */
export function sameIdentity(stats: { size: number; mtimeMs: number }, expected: FileIdentity): boolean {
  return stats.size === expected.size && Math.abs(stats.mtimeMs - expected.mtimeMs) < 1;
}

/** A failure for a file that changed; `during` tells whether it changed while being read. */
export function fileChanged(during: boolean): TransferError {
  return new TransferError({
    kind: 'file-changed',
    message: during
      ? 'The file changed while it was being uploaded.'
      : 'The file changed after it was listed for upload.',
    code: during ? 'changed-during-read' : 'changed-since-listed',
    status: null,
  });
}

/** Reads exactly `length` bytes at `position`; a short read means the file shrank. */
export async function readFully(
  handle: FileHandle,
  buffer: Buffer,
  position: number,
  length: number,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw fileChanged(true);
    done += bytesRead;
  }
}

/** What a retry loop needs from its worker. */
export interface RetryContext {
  signal: AbortSignal;
  /** Forgets the current credentials of the request's scope and fetches new ones. */
  refreshCredentials(): Promise<void>;
  /** Called before a retry so partial progress can be taken back. */
  onRetry?(failure: TransferFailure, attempt: number): void;
}

/**
 * Runs one request with retries: backoff with jitter for transient failures; one credential refresh and an
 * immediate retry for ExpiredToken; everything else is thrown classified.
 */
export async function withRetries<T>(context: RetryContext, request: () => Promise<T>): Promise<T> {
  let attempt = 0;
  let refreshed = false;
  for (;;) {
    try {
      return await request();
    } catch (error) {
      const failure = classifyFailure(error);
      if (context.signal.aborted) {
        throw new TransferError({
          kind: 'cancelled',
          message: 'The transfer was stopped.',
          code: 'AbortError',
          status: null,
        });
      }
      if (failure.kind === 'expired-credentials' && !refreshed) {
        refreshed = true;
        context.onRetry?.(failure, attempt);
        await context.refreshCredentials();
        continue;
      }
      attempt += 1;
      if (failure.kind === 'retryable' && attempt < maxRequestAttempts) {
        context.onRetry?.(failure, attempt);
        await sleep(backoffDelayMs(attempt), undefined, { signal: context.signal }).catch(() => undefined);
        continue;
      }
      throw new TransferError(failure);
    }
  }
}
