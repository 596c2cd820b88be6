/**
 * `npm start`: the desktop app. Where the Electron binary is missing or cannot start, says so in one line
 * and serves web mode instead, so the quick start works everywhere.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveWebMode } from '../main/web/serve.ts';
import { buildIfStale } from './build-if-stale.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfStale(root);

/** The Electron executable if it was downloaded; never triggers a download itself. */
function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

async function runElectron(binary: string): Promise<boolean> {
  const child = spawn(binary, [root], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  // A crash within seconds of launch (no display, missing libraries) means Electron cannot start here.
  if (code !== 0 && Date.now() - started < 10_000) {
    const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
    process.stdout.write(`Electron could not start (${reason.slice(0, 160)}); starting web mode instead.\n`);
    return false;
  }
  process.exit(code ?? 0);
}

const binary = electronBinary();
if (!binary) {
  process.stdout.write('The Electron binary is not installed here; starting web mode instead.\n');
  await serveWebMode(process.argv.slice(2));
} else if (!(await runElectron(binary))) {
  await serveWebMode(process.argv.slice(2));
}
