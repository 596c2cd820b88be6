/**
 * Workers started ahead (what the CLI does before loading the app): the engine's pool adopts them and runs
 * tasks on them; a worker for another script or one that died is never adopted; and until adopted they do not
 * keep a process alive.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { silentLogger } from '../../../main/core/index.ts';
import { crc32cOf } from '../../../main/transfers/checksum.ts';
import { WorkerPool } from '../../../main/transfers/worker-pool.ts';
import { adoptPrestartedWorker, prestartWorkers, workerUrl } from '../../../main/transfers/worker-start.ts';
import { tempDir } from '../../support/temp-dir.ts';

let temp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  temp = await tempDir('datadesk-worker-start-');
});
afterAll(() => temp?.remove());

const noCredentials = () => Promise.reject(new Error('not needed'));

test('the pool adopts a worker started ahead and runs tasks on it', async () => {
  // Two started ahead, a pool of one: exactly one is left afterwards, so the pool took the other (a pool that
  // started its own worker would leave two; prestarting nothing would leave none).
  prestartWorkers(2);
  const pool = new WorkerPool({ size: 1, resolveCredentials: noCredentials, logger: silentLogger });
  try {
    const leftOver = adoptPrestartedWorker(workerUrl());
    expect(leftOver).toBeDefined();
    await leftOver!.terminate();
    expect(adoptPrestartedWorker(workerUrl())).toBeUndefined();
    const path = join(temp.path, 'file.bin');
    const bytes = Buffer.from('Started ahead, adopted later.\n');
    await writeFile(path, bytes);
    const result = await pool.run({ kind: 'checksum-file', path });
    expect(result).toMatchObject({ crc: crc32cOf(bytes), size: bytes.length });
  } finally {
    await pool.dispose();
  }
});

test('a worker started for another script is not adopted', async () => {
  const path = join(temp.path, 'other-worker.mjs');
  await writeFile(
    path,
    "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n",
  );
  const other = pathToFileURL(path);
  prestartWorkers(1, other);
  expect(adoptPrestartedWorker(workerUrl())).toBeUndefined();
  const adopted = adoptPrestartedWorker(other);
  expect(adopted).toBeDefined();
  await adopted!.terminate();
});

test('a worker that died before adoption is skipped, and its failure does not escape', async () => {
  const failing = join(temp.path, 'failing-worker.mjs');
  const marks = join(temp.path, 'failed-marks');
  await writeFile(
    failing,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marks)}, 'x');\nthrow new Error('this worker fails as it starts');\n`,
  );
  const script = pathToFileURL(failing);
  prestartWorkers(2, script);
  // Both have failed once both marks are written; then give their exit a moment to reach this thread. An
  // unhandled 'error' event would fail the test run here.
  await vi.waitFor(async () => expect(await readFile(marks, 'utf8').catch(() => '')).toBe('xx'), {
    timeout: 20_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(adoptPrestartedWorker(script)).toBeUndefined();
});

test('workers started ahead do not keep a process alive until adopted', async () => {
  const module = new URL('../../../main/transfers/worker-start.ts', import.meta.url).href;
  const script = join(temp.path, 'prestart-and-leave.mjs');
  // The workers must really start: report any that fails (an exit would otherwise prove nothing).
  await writeFile(
    script,
    `import { Worker } from 'node:worker_threads';
const { prestartWorkers, adoptPrestartedWorker, workerUrl } = await import(${JSON.stringify(module)});
prestartWorkers(2);
const probe = adoptPrestartedWorker(workerUrl());
await new Promise((resolve, reject) => { probe.once('online', resolve); probe.once('error', reject); });
await probe.terminate();
`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the process was kept alive by workers nobody adopted'));
    }, 15_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  expect(code).toBe(0);
});
