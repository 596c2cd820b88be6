/**
 * Regression test for a scheduler that spun synchronously forever when a retry rewound its cursor onto a page
 * of pending items that were all already in flight: the whole process froze. The engine runs in a child
 * process that prints a heartbeat; the test kills it as soon as the heartbeat stops, so a regression fails in
 * seconds instead of hanging the suite.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { remoteDigest, treeDigest, writeTestFile } from '../../support/transfer-harness.ts';
import { MinioDatasetStorage } from '../../support/transfer-minio-storage.ts';
import { tempDir } from '../../support/temp-dir.ts';

const hostScript = new URL('./retry-in-flight-host.ts', import.meta.url).pathname;
/** Longer than any pause of a healthy event loop here (heartbeats come every 100 ms). */
const frozenAfterMs = 5_000;
let storage: MinioDatasetStorage;
let temp: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  storage = await new MinioDatasetStorage(inject('minio')).init();
  temp = await tempDir('datadesk-rewind-');
});
afterAll(async () => {
  storage?.destroy();
  await temp?.remove();
});

type Line = Record<string, unknown>;

/** Runs the host; resolves with its lines, or with why it was killed (its event loop stopped, or it ran too long). */
function runHost(
  options: object,
): Promise<{ lines: Line[]; killedBecause: string | null; code: number | null }> {
  const child = spawn(process.execPath, [hostScript, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  let lastLineAt: number | null = null;
  let killedBecause: string | null = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    lastLineAt = Date.now();
    lines.push(JSON.parse(line) as Line);
  });
  const startedAt = Date.now();
  const watchdog = setInterval(() => {
    const last = lines.filter((line) => line.event !== 'beat').at(-1)?.event ?? 'nothing';
    // The heartbeat starts once the host has loaded its modules, which may take a while on a busy machine.
    if (lastLineAt !== null && Date.now() - lastLineAt > frozenAfterMs)
      killedBecause = `its event loop froze for ${frozenAfterMs} ms after "${String(last)}"`;
    else if (Date.now() - startedAt > 45_000)
      killedBecause = `it ran for 45 s (last event "${String(last)}")`;
    if (killedBecause) child.kill('SIGKILL');
  }, 200);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(watchdog);
      resolve({ lines, killedBecause, code });
    }),
  );
}

test('keeps running when a retry rewinds the scheduler onto files that are all still in flight', async () => {
  const datasetId = '10378.1/rewind';
  const prefix = storage.addDataset(datasetId);
  const source = join(temp.path, 'source');
  await writeTestFile(join(source, 'first.txt'), 'refused once, then retried');
  for (let index = 0; index < 3; index++)
    await writeTestFile(join(source, 'rest', `rest-${index}.txt`), `held file ${index}`);

  const run = await runHost({
    minio: inject('minio'),
    bucket: storage.bucket,
    stateDir: join(temp.path, 'state'),
    datasetId,
    first: join(source, 'first.txt'),
    rest: join(source, 'rest'),
  });

  expect(run.killedBecause).toBeNull();
  expect(run.code).toBe(0);
  const events = run.lines.filter((line) => line.event !== 'beat');
  // The retry happened while all three other files were held in flight at the proxy.
  expect(events.find((line) => line.event === 'retried')?.held).toBe(3);
  expect(events.at(-1)).toMatchObject({ event: 'finished', state: 'done', doneFiles: 4, failedFiles: 0 });
  const uploaded = await remoteDigest(storage, prefix);
  const local = await treeDigest(source);
  expect(uploaded).toEqual(
    new Map([...local].map(([path, digest]) => [path.replace(/^rest\//, ''), digest])),
  );
});
