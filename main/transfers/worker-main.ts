/**
 * A transfer worker: runs tasks from the engine off the main thread, so reading, checksumming and sending
 * bytes never stalls the app. Credentials come from main on demand; progress goes back ~10 times a second.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CredentialCache } from './credential-cache.ts';
import type { StorageCredentials } from './dataset-storage.ts';
import { createSocketPool } from './socket-pool.ts';
import { S3Data } from './s3-data.ts';
import { classifyFailure, TransferError } from './transfer-errors.ts';
import type {
  FromWorker,
  GroupResult,
  Task,
  TaskTarget,
  ToWorker,
  WireCredentials,
} from './worker-protocol.ts';
import { BufferPool, RateLimiter } from './worker-support.ts';
import { downloadObject, downloadRange } from './worker-downloads.ts';
import { checksumFile, putFile, uploadPart, type TaskContext } from './worker-tasks.ts';

const port = parentPort;
if (!port) throw new Error('transfer-worker must run as a worker thread');
const options = workerData as { maxSockets: number; maxPooledBytes: number };

// One postMessage per turn of the event loop: with thousands of small files a message per result costs more
// than the work itself.
let outbox: FromWorker[] = [];
const send = (message: FromWorker) => {
  // A couple of milliseconds of gathering turns hundreds of results a second into a few dozen messages.
  if (outbox.length === 0) setTimeout(flushOutbox, 2);
  outbox.push(message);
};
function flushOutbox(): void {
  const batch = outbox;
  outbox = [];
  port!.postMessage(batch);
}
const sockets = createSocketPool(options.maxSockets);
const data = new S3Data(sockets, options.maxSockets);
const buffers = new BufferPool(options.maxPooledBytes);
const limiter = new RateLimiter();
const running = new Map<number, AbortController>();

// Credentials: one cache per scope, filled by asking main.
let nextRequestId = 1;
const waiting = new Map<number, { resolve(value: StorageCredentials): void; reject(error: unknown): void }>();
const caches = new Map<string, CredentialCache>();
const staleKeys = new Map<string, string>();

function askMain(scope: string): Promise<StorageCredentials> {
  const requestId = nextRequestId++;
  const staleAccessKeyId = staleKeys.get(scope) ?? null;
  staleKeys.delete(scope);
  return new Promise((resolve, reject) => {
    waiting.set(requestId, { resolve, reject });
    send({ type: 'credentials', requestId, scope, staleAccessKeyId });
  });
}

function cacheFor(scope: string): CredentialCache {
  let cache = caches.get(scope);
  if (!cache) caches.set(scope, (cache = new CredentialCache(() => askMain(scope))));
  return cache;
}

// The key each scope's requests last used, so an ExpiredToken answer invalidates exactly that one.
const lastKeys = new Map<string, string>();
const providers = new Map<string, () => Promise<StorageCredentials>>();

function credentialsFor(target: TaskTarget): () => Promise<StorageCredentials> {
  let provider = providers.get(target.scope);
  if (!provider) {
    provider = async () => {
      const credentials = await cacheFor(target.scope).get();
      lastKeys.set(target.scope, credentials.accessKeyId);
      return credentials;
    };
    providers.set(target.scope, provider);
  }
  return provider;
}

async function refreshCredentials(target: TaskTarget): Promise<void> {
  const stale = lastKeys.get(target.scope);
  if (stale) staleKeys.set(target.scope, stale);
  cacheFor(target.scope).invalidate(stale);
  await cacheFor(target.scope).get();
}

// Progress, sent in batches.
const progress = new Map<number, number>();
const progressTimer = setInterval(() => {
  if (progress.size === 0) return;
  send({ type: 'progress', deltas: [...progress.entries()] });
  progress.clear();
}, 100);
progressTimer.unref();

function run(task: Task, context: TaskContext): Promise<unknown> {
  switch (task.kind) {
    case 'put-file':
      return putFile(task, context);
    case 'upload-part':
      return uploadPart(task, context);
    case 'download-object':
      return downloadObject(task, context);
    case 'download-range':
      return downloadRange(task, context);
    case 'checksum-file':
      return checksumFile(task, context);
    case 'put-files':
      return runGroup(task.files, (file) => putFile(file, context));
    case 'download-objects':
      return runGroup(task.objects, (object) => downloadObject(object, context));
  }
}

/** Runs every member of a group at once; each succeeds or fails on its own. */
function runGroup<T, R>(members: T[], run: (member: T) => Promise<R>): Promise<GroupResult<R>> {
  return Promise.all(
    members.map((member) =>
      run(member).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, failure: classifyFailure(error) }),
      ),
    ),
  );
}

function startTask(id: number, task: Task): void {
  const controller = new AbortController();
  running.set(id, controller);
  const context: TaskContext = {
    signal: controller.signal,
    data,
    credentials: credentialsFor,
    refreshCredentials,
    buffers,
    limiter,
    progress: (bytes) => progress.set(id, (progress.get(id) ?? 0) + bytes),
  };
  run(task, context)
    .then((result) => {
      flushProgressOf(id);
      send({ type: 'done', id, result });
    })
    .catch((error: unknown) => {
      flushProgressOf(id);
      const failure = controller.signal.aborted
        ? {
            kind: 'cancelled' as const,
            message: 'The transfer was stopped.',
            code: 'AbortError',
            status: null,
          }
        : classifyFailure(error);
      send({ type: 'failed', id, failure });
    })
    .finally(() => running.delete(id));
}

function flushProgressOf(id: number): void {
  const bytes = progress.get(id);
  if (bytes === undefined) return;
  progress.delete(id);
  send({ type: 'progress', deltas: [[id, bytes]] });
}

function fromWire(wire: WireCredentials): StorageCredentials {
  return { ...wire, expiration: new Date(wire.expiresAt) };
}

port.on('message', (batch: ToWorker[]) => {
  for (const message of batch) receive(message);
});

function receive(message: ToWorker): void {
  switch (message.type) {
    case 'task':
      startTask(message.id, message.task);
      break;
    case 'abort':
      running.get(message.id)?.abort();
      break;
    case 'credentials': {
      const waiter = waiting.get(message.requestId);
      waiting.delete(message.requestId);
      if (!waiter) break;
      if (message.credentials) waiter.resolve(fromWire(message.credentials));
      else
        waiter.reject(
          new TransferError(
            message.failure ?? { kind: 'permanent', message: 'No credentials.', code: null, status: null },
          ),
        );
      break;
    }
    case 'bandwidth':
      limiter.setRate(message.bytesPerSecond);
      break;
  }
}
