/** The headless CLI end to end: a real process over the embedded local store and the shared job database. */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../../main/core/index.ts';
import { memorySecretStore } from '../../../main/secrets/index.ts';
import { createApp } from '../../../main/services.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { treeDigest, writeTestFile } from '../../support/transfer-harness.ts';

const cli = new URL('../../../main/cli/start.mjs', import.meta.url).pathname;
const mib = 1024 * 1024;
let dir: { path: string; remove(): Promise<void> };
let dataDir: string;
let datasetId: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, unknown>>;
}

function datadesk(
  args: string[],
  onLine?: (line: Record<string, unknown>, kill: () => void) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const lines: Array<Record<string, unknown>> = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const complete = stdout.split('\n').slice(0, -1);
      for (const text of complete.slice(lines.length)) {
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        onLine?.(line, () => child.kill('SIGKILL'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr, lines }));
  });
}

beforeAll(async () => {
  dir = await tempDir('datadesk-cli-');
  dataDir = join(dir.path, 'data');
  // The local store's default organisation, for a valid metadata file.
  const app = await createApp({
    host: 'test',
    dataDir,
    logger: createLogger({ sinks: [] }),
    secrets: memorySecretStore(null),
  });
  const found = await app.router.dispatch(
    'registry.search',
    { kind: 'organisation', query: '' },
    { signal: new AbortController().signal, transport: 'direct' },
  );
  await app.dispose();
  const organisationId = (found as { ok: true; value: { items: Array<{ id: string }> } }).value.items[0]!.id;
  await writeFile(
    join(dir.path, 'metadata.json'),
    JSON.stringify(validCollectionFormat(organisationId, 'CLI dataset')),
  );
}, 60_000);

afterAll(() => dir?.remove());

test('organisations lists the registry ids a metadata file refers to', async () => {
  const plain = await datadesk(['organisations']);
  expect(plain.code).toBe(0);
  expect(plain.stdout).toMatch(/^10378\.1\/\d+\tMy organisation$/m);
  const json = await datadesk(['organisations', 'no such name at all', '--json']);
  expect(json.code).toBe(0);
  expect(json.lines.filter((line) => line.event === 'organisation')).toEqual([]);
});

test('mint prints the new dataset id', async () => {
  const run = await datadesk(['mint', '--metadata', join(dir.path, 'metadata.json')]);
  expect(run.code, run.stderr).toBe(0);
  datasetId = run.stdout.trim();
  expect(datasetId).toMatch(/^10378\.1\/\d+$/);
});

test("uploads a folder's contents with folder/, downloads them back identical, and lists both jobs", async () => {
  const source = join(dir.path, 'survey');
  await writeTestFile(join(source, 'readings.csv'), 'site,value\n');
  await writeTestFile(join(source, 'raw', 'scan.bin'), 6 * mib + 1);
  const up = await datadesk(['upload', `${source}/`, '--dataset', datasetId, '--to', 'incoming', '--json']);
  expect(up.code, up.stderr).toBe(0);
  const finished = up.lines.find((line) => line.event === 'finished') as {
    job: { state: string; doneFiles: number };
    maxRssBytes: number;
  };
  expect(finished.job).toMatchObject({ state: 'done', doneFiles: 2 });
  expect(finished.maxRssBytes).toBeGreaterThan(0);

  const destination = join(dir.path, 'back');
  const down = await datadesk(['download', datasetId, 'incoming/', '--dest', destination]);
  expect(down.code, down.stderr).toBe(0);
  expect(down.stdout).toMatch(/Downloaded 2 files/);
  expect(await treeDigest(destination)).toEqual(await treeDigest(source));

  const verify = await datadesk(['verify', `${source}/`, '--dataset', datasetId, '--to', 'incoming']);
  expect(verify.code, verify.stdout).toBe(0);
  expect(verify.stdout).toMatch(/Everything matches/);

  const jobs = await datadesk(['jobs', '--json']);
  const listed = jobs.lines[0] as { jobs: Array<{ kind: string; state: string }> };
  expect(listed.jobs.slice(0, 2).map((job) => [job.kind, job.state])).toEqual([
    ['download', 'done'],
    ['upload', 'done'],
  ]);
});

test('running the same upload again after the process was killed resumes the same job', async () => {
  const source = join(dir.path, 'killed');
  await writeTestFile(join(source, 'big.bin'), 40 * mib);
  let jobId = '';
  const first = await datadesk(
    ['upload', source, '--dataset', datasetId, '--json', '--bwlimit', '20'],
    (line, kill) => {
      if (line.event === 'started') jobId = (line.job as { id: string }).id;
      if (line.event === 'progress' && (line.job as { doneBytes: number }).doneBytes > 0) kill();
    },
  );
  expect(first.code).toBeNull();
  const second = await datadesk(['upload', source, '--dataset', datasetId, '--json']);
  expect(second.code, second.stderr).toBe(0);
  const started = second.lines.find((line) => line.event === 'started') as {
    job: { id: string };
    resumed: boolean;
  };
  expect(started).toMatchObject({ job: { id: jobId }, resumed: true });
  const back = join(dir.path, 'killed-back');
  expect((await datadesk(['download', datasetId, 'killed', '--dest', back])).code).toBe(0);
  expect(await treeDigest(join(back, 'killed'))).toEqual(await treeDigest(source));
});

test('a path that does not exist is a clear error; bad usage exits with 2', async () => {
  const missing = await datadesk([
    'download',
    datasetId,
    'no/such/folder',
    '--dest',
    join(dir.path, 'nothing'),
  ]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/"no\/such\/folder" does not exist in this dataset/);
  const usage = await datadesk(['upload', join(dir.path, 'survey')]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/--dataset is required/);
});

test('metadata that is not valid names each field at fault as the file spells it, and prints no id', async () => {
  const file = join(dir.path, 'incomplete.json');
  const metadata = JSON.parse(await readFile(join(dir.path, 'metadata.json'), 'utf8')) as {
    dataset_info: Record<string, unknown>;
  };
  delete metadata.dataset_info.description;
  metadata.dataset_info.license = 42;
  await writeFile(file, JSON.stringify(metadata));
  const plain = await datadesk(['mint', '--metadata', file]);
  expect(plain.code).toBe(2);
  expect(plain.stdout).toBe('');
  expect(plain.stderr).toContain(`The metadata in ${file} is not valid:`);
  expect(plain.stderr).toMatch(/^ {2}dataset_info\.description: missing$/m);
  expect(plain.stderr).toMatch(/^ {2}dataset_info\.license: .+$/m);
  const json = await datadesk(['mint', '--metadata', file, '--json']);
  expect(json.lines.at(-1)).toMatchObject({
    event: 'error',
    code: 'invalid',
    issues: expect.arrayContaining([{ path: ['dataset_info', 'description'], message: 'missing' }]),
  });
});
