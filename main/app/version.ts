import { readFileSync } from 'node:fs';

/** The app version from package.json (read once, synchronously, at start-up). */
export function readAppVersionSync(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}
