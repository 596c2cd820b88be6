/**
 * Electron 45 no longer downloads its binary at install time; fetch it here on normal machines.
 * Set ELECTRON_SKIP_BINARY_DOWNLOAD=1 where it cannot be downloaded; a failed download never fails the
 * install (npm start then falls back to web mode).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const installer = `${root}node_modules/electron/install.js`;
if (
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' ||
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === 'true'
) {
  process.stdout.write('Skipping the Electron binary download (ELECTRON_SKIP_BINARY_DOWNLOAD).\n');
} else if (existsSync(installer)) {
  process.stdout.write('Downloading the Electron binary…\n');
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'pipe', timeout: 10 * 60_000 });
  if (result.status !== 0) {
    const reason =
      result.stderr
        .toString()
        .trim()
        .split('\n')
        .find((line) => /error/i.test(line)) ?? 'no details';
    process.stdout.write(
      `The Electron binary could not be downloaded (${reason.slice(0, 120)}); \`npm start\` will use web mode.\n`,
    );
  }
}
