/** The catalog files on disk: deleting a removed profile's file, and those of profiles removed while closed. */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFileName } from './store.ts';

/** True for the name of a catalog file (not its -wal or -shm companions). */
function isCatalogFileName(name: string): boolean {
  return /^[A-Za-z0-9_-]{0,60}-[0-9a-f]{10}\.sqlite$/.test(name);
}

/** Deletes a catalog file and SQLite's companions of it (write-ahead log, shared memory); sync: rare and small. */
export function deleteCatalogFilesSync(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Deletes the catalog files in `directory` that belong to none of `knownProfileIds`; answers their names. */
export function pruneCatalogFilesSync(directory: string, knownProfileIds: readonly string[]): string[] {
  const keep = new Set(knownProfileIds.map(catalogFileName));
  const removed: string[] = [];
  for (const name of readdirSync(directory)) {
    if (!isCatalogFileName(name) || keep.has(name)) continue;
    deleteCatalogFilesSync(join(directory, name));
    removed.push(name);
  }
  return removed;
}
