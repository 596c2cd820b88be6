/**
 * Starting transfer workers. A worker spends ~150 ms loading its modules; a short command (the CLI) starts them
 * first thing with `prestartWorkers`, so that happens while its own modules load, and the engine's pool adopts
 * them. This module loads nothing heavy on purpose: it is imported before the rest of the app.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker script: its JavaScript entry when running from source, the bundled file in the Electron build. */
export function workerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './transfer-worker.mjs' : './transfer-worker.js', import.meta.url);
}

/** One worker per core the main thread leaves free, at most four. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Starts one worker running `script`. */
export function startWorkerThread(script: URL): Worker {
  return new Worker(script, {
    workerData: { maxSockets: 128, maxPooledBytes: 160 * 1024 * 1024 },
    // Workers need little JS heap: their bytes live in Buffers outside it.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
}

interface Prestarted {
  worker: Worker;
  script: string;
  exited: boolean;
}

const prestarted: Prestarted[] = [];

/**
 * Starts `count` workers for the engine created later in this process. They do not keep the process alive
 * until adopted, so a command that ends early still exits.
 */
export function prestartWorkers(count = defaultWorkerCount(), script = workerUrl()): void {
  for (let index = 0; index < count; index++) {
    const entry: Prestarted = { worker: startWorkerThread(script), script: script.href, exited: false };
    entry.worker.unref();
    // A failure before adoption only means the pool starts a fresh worker instead.
    entry.worker.on('error', () => undefined);
    entry.worker.once('exit', () => (entry.exited = true));
    prestarted.push(entry);
  }
}

/** A worker started ahead for `script`, still running, or undefined; the caller owns it from then on. */
export function adoptPrestartedWorker(script: URL): Worker | undefined {
  for (;;) {
    const index = prestarted.findIndex((entry) => entry.script === script.href);
    if (index < 0) return undefined;
    const [entry] = prestarted.splice(index, 1);
    if (entry!.exited) continue;
    entry!.worker.removeAllListeners();
    entry!.worker.ref();
    return entry!.worker;
  }
}
