/**
 * `npm run bench [-- <filter>]`: runs every `tests/bench/**\/*.bench.ts` script one after another, each in its
 * own Node process, and prints what they print. Benchmarks print figures and ratios; they are not tests.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];

function find(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return find(path);
      return name.endsWith('.bench.ts') ? [path] : [];
    });
}

const scripts = find(root).filter((path) => !filter || relative(root, path).includes(filter));
if (scripts.length === 0) {
  process.stderr.write(`No benchmark matches "${filter}".\n`);
  process.exit(2);
}
const results: Array<{ name: string; status: number | null; seconds: number }> = [];
for (const script of scripts) {
  const name = relative(root, script);
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  results.push({ name, status: run.status, seconds: (performance.now() - started) / 1000 });
}
process.stdout.write('\n=== benchmarks ===\n');
for (const result of results) {
  process.stdout.write(
    `${result.status === 0 ? 'ok    ' : 'FAILED'} ${result.name} (${result.seconds.toFixed(0)} s)\n`,
  );
}
process.exitCode = results.every((result) => result.status === 0) ? 0 : 1;
