/** Builds the bundles when any source is newer than the built renderer (so `npm run web` is quick). */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs `electron-vite build` if the renderer output is missing or older than its sources. */
export function buildIfStale(root: string): void {
  const built = statSync(join(root, 'out/renderer/index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(
    newestMtime(join(root, 'renderer')),
    newestMtime(join(root, 'preload')),
    newestMtime(join(root, 'shared')),
    newestMtime(join(root, 'electron.vite.config.ts')),
  );
  if (built >= sources) return;
  process.stdout.write('Building Datadesk…\n');
  const result = spawnSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The build failed.');
}
