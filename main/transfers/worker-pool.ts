/**
 * The engine's side of the transfer workers: starts them, hands out tasks to the least busy one, relays
 * credential requests to main's cache, and turns replies back into promises.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../core/index.ts';
import type { StorageCredentials } from './dataset-storage.ts';
import { classifyFailure, TransferError, type TransferFailure } from './transfer-errors.ts';
import type { FromWorker, Task, TaskResults, ToWorker } from './worker-protocol.ts';
import { adoptPrestartedWorker, startWorkerThread, workerUrl } from './worker-start.ts';

/** Main's answer to a worker's credential request. */
export type CredentialResolver = (
  scope: string,
  staleAccessKeyId: string | null,
) => Promise<StorageCredentials>;

/** How to run one task. */
export interface RunOptions {
  signal?: AbortSignal;
  onProgress?(bytes: number): void;
}

interface Pending {
  worker: WorkerSlot;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?(bytes: number): void;
  cleanup(): void;
}

interface WorkerSlot {
  worker: Worker;
  busy: number;
  /** Messages for this worker, sent together at the end of the current turn. */
  outbox: ToWorker[];
}

/** A pool of transfer workers. */
export class WorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly resolveCredentials: CredentialResolver;
  private readonly logger: Logger;
  private closed = false;
  private readonly script: URL;

  constructor(options: {
    size: number;
    resolveCredentials: CredentialResolver;
    logger: Logger;
    /** The workers' entry module (default: `transfer-worker` beside this file). */
    script?: URL;
  }) {
    this.script = options.script ?? workerUrl();
    this.resolveCredentials = options.resolveCredentials;
    this.logger = options.logger;
    for (let index = 0; index < options.size; index++) {
      this.slots.push(this.startWorker(adoptPrestartedWorker(this.script)));
    }
  }

  /** Takes over `worker` (one started ahead, see worker-start.ts) or starts a new one. */
  private startWorker(worker = startWorkerThread(this.script)): WorkerSlot {
    const slot: WorkerSlot = { worker, busy: 0, outbox: [] };
    worker.on('message', (batch: FromWorker[]) => {
      for (const message of batch) this.onMessage(slot, message);
    });
    worker.on('error', (error) => {
      this.logger.error('transfers.worker_crashed', { error });
      this.failAllOf(slot, classifyFailure(error));
    });
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.logger.error('transfers.worker_exited', { code });
      this.failAllOf(slot, {
        kind: 'retryable',
        message: 'A transfer worker stopped unexpectedly.',
        code: 'WorkerExit',
        status: null,
      });
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.startWorker();
    });
    return slot;
  }

  private failAllOf(slot: WorkerSlot, failure: TransferFailure): void {
    for (const [id, pending] of this.pending) {
      if (pending.worker !== slot) continue;
      this.pending.delete(id);
      pending.cleanup();
      pending.reject(new TransferError(failure));
    }
    slot.busy = 0;
  }

  private onMessage(slot: WorkerSlot, message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        for (const [id, bytes] of message.deltas) this.pending.get(id)?.onProgress?.(bytes);
        break;
      case 'done':
      case 'failed': {
        const pending = this.pending.get(message.id);
        if (!pending) break;
        this.pending.delete(message.id);
        slot.busy -= 1;
        pending.cleanup();
        if (message.type === 'done') pending.resolve(message.result);
        else pending.reject(new TransferError(message.failure));
        break;
      }
      case 'credentials':
        this.resolveCredentials(message.scope, message.staleAccessKeyId).then(
          (credentials) =>
            this.post(slot, {
              type: 'credentials',
              requestId: message.requestId,
              credentials: {
                accessKeyId: credentials.accessKeyId,
                secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken,
                expiresAt: credentials.expiration.getTime(),
                endpoint: credentials.endpoint,
                region: credentials.region,
              },
            }),
          (error: unknown) =>
            this.post(slot, {
              type: 'credentials',
              requestId: message.requestId,
              failure: classifyCredentialFailure(error),
            }),
        );
        break;
      case 'log':
        this.logger[message.level](message.event, message.fields);
        break;
    }
  }

  private post(slot: WorkerSlot, message: ToWorker): void {
    if (this.closed) return;
    if (slot.outbox.length === 0) {
      setImmediate(() => {
        const batch = slot.outbox;
        slot.outbox = [];
        if (!this.closed && batch.length > 0) slot.worker.postMessage(batch);
      });
    }
    slot.outbox.push(message);
  }

  /** Runs a task on the least busy worker. */
  run<K extends Task['kind']>(
    task: Extract<Task, { kind: K }>,
    options: RunOptions = {},
  ): Promise<TaskResults[K]> {
    if (this.closed)
      return Promise.reject(
        new TransferError({
          kind: 'cancelled',
          message: 'The transfer engine stopped.',
          code: null,
          status: null,
        }),
      );
    const { signal } = options;
    if (signal?.aborted)
      return Promise.reject(
        new TransferError({
          kind: 'cancelled',
          message: 'The transfer was stopped.',
          code: 'AbortError',
          status: null,
        }),
      );
    const slot = this.slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.nextId++;
    slot.busy += 1;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.post(slot, { type: 'abort', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        worker: slot,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.post(slot, { type: 'task', id, task });
    });
  }

  /** Sets the bandwidth limit, shared evenly by the workers. */
  setBandwidth(bytesPerSecond: number | null): void {
    const share = bytesPerSecond === null ? null : bytesPerSecond / this.slots.length;
    for (const slot of this.slots) this.post(slot, { type: 'bandwidth', bytesPerSecond: share });
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.cleanup();
      pending.reject(
        new TransferError({
          kind: 'cancelled',
          message: 'The transfer engine stopped.',
          code: null,
          status: null,
        }),
      );
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

/** A credential failure as the worker sees it: a refusal stops the job; anything else is retried. */
export function classifyCredentialFailure(error: unknown): TransferFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'forbidden' || code === 'auth' || code === 'not_found') {
    return { kind: 'refused', message, code: String(code), status: null };
  }
  if (error instanceof TransferError) return error.failure;
  return {
    kind: 'retryable',
    message: `Could not get storage credentials: ${message}`,
    code: typeof code === 'string' ? code : null,
    status: null,
  };
}
