/**
 * A streaming folder walk for uploads: yields files in batches while it goes, so 100,000 files are never held
 * in memory at once and nothing waits for the whole tree. Names are NFC; OS clutter is left out.
 *
 * Symbolic-link policy: a link given directly as a source is followed; links met inside a folder are not
 * followed (a link can point anywhere, including back up the tree) and are reported as skipped.
 */
import { lstat, opendir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isClutter } from './paths.ts';

/** One file found, or one entry left out with the reason. */
export type WalkEntry =
  | { kind: 'file'; path: string; relativePath: string; size: number; mtimeMs: number }
  | { kind: 'skipped'; path: string; relativePath: string; reason: string };

const statBatch = 128;

/**
 * Walks one upload source. `relativeRoot` is what the source's files are named under: the folder's own name
 * ("folder keeps its name") or `''` for its contents only.
 */
export async function* walkSource(
  source: string,
  contentsOnly: boolean,
  signal?: AbortSignal,
): AsyncGenerator<WalkEntry[]> {
  const info = await stat(source);
  const name = basename(source).normalize('NFC');
  if (info.isFile()) {
    yield [{ kind: 'file', path: source, relativePath: name, size: info.size, mtimeMs: info.mtimeMs }];
    return;
  }
  if (!info.isDirectory()) {
    yield [{ kind: 'skipped', path: source, relativePath: name, reason: 'not a regular file or folder' }];
    return;
  }
  const folders: Array<{ path: string; relativePath: string }> = [
    { path: source, relativePath: contentsOnly ? '' : name },
  ];
  while (folders.length > 0) {
    signal?.throwIfAborted();
    const folder = folders.pop()!;
    const directory = await opendir(folder.path, { bufferSize: 256 });
    let names: string[] = [];
    for await (const entry of directory) {
      if (isClutter(entry.name)) continue;
      names.push(entry.name);
      if (names.length >= statBatch) {
        yield await describe(folder, names, folders);
        names = [];
      }
    }
    if (names.length > 0) yield await describe(folder, names, folders);
  }
}

/** Stats a batch of names in parallel; folders are queued, files and skipped entries returned. */
async function describe(
  folder: { path: string; relativePath: string },
  names: string[],
  folders: Array<{ path: string; relativePath: string }>,
): Promise<WalkEntry[]> {
  const stats = await Promise.all(
    names.map((name) => lstat(join(folder.path, name)).catch((error: NodeJS.ErrnoException) => error)),
  );
  const entries: WalkEntry[] = [];
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const path = join(folder.path, name);
    const relativePath = folder.relativePath
      ? `${folder.relativePath}/${name.normalize('NFC')}`
      : name.normalize('NFC');
    const info = stats[index]!;
    if (info instanceof Error) {
      entries.push({
        kind: 'skipped',
        path,
        relativePath,
        reason: `could not be read (${info.code ?? info.message})`,
      });
    } else if (info.isSymbolicLink()) {
      entries.push({
        kind: 'skipped',
        path,
        relativePath,
        reason: 'symbolic links inside folders are not followed',
      });
    } else if (info.isDirectory()) {
      folders.push({ path, relativePath });
    } else if (info.isFile()) {
      entries.push({ kind: 'file', path, relativePath, size: info.size, mtimeMs: info.mtimeMs });
    } else {
      entries.push({
        kind: 'skipped',
        path,
        relativePath,
        reason: 'not a regular file (device, socket or pipe)',
      });
    }
  }
  return entries;
}
