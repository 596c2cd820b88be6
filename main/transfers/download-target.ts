/** Where a download lands when something is already there: overwrite, skip when identical, or keep both. */
import { statSync, type Stats } from 'node:fs';
import { keepBothName } from './paths.ts';
import { TransferError } from './transfer-errors.ts';
import type { ConflictPolicy } from './types.ts';

/** How to learn the two checksums, only when they are needed. */
export interface ChecksumSources {
  remoteCrc(): Promise<number | null>;
  localCrc(path: string): Promise<number>;
}

/** What is at a path now, synchronously (one system call; workers call this for every small file). */
function statOrNullSync(path: string): Stats | null {
  return statSync(path, { throwIfNoEntry: false }) ?? null;
}

/** The path to write, or null when the existing file is identical and the policy says skip. */
export async function chooseLocalTarget(
  finalPath: string,
  size: number,
  conflict: ConflictPolicy,
  checksums: ChecksumSources,
): Promise<string | null> {
  const existing = statOrNullSync(finalPath);
  if (!existing) return finalPath;
  if (!existing.isFile()) {
    throw new TransferError({
      kind: 'permanent',
      message: `A folder with this file's name already exists at ${finalPath}.`,
      code: 'EISDIR',
      status: null,
    });
  }
  if (conflict === 'overwrite') return finalPath;
  if (conflict === 'skip-identical') {
    if (existing.size === size) {
      const remote = await checksums.remoteCrc();
      if (remote !== null && (await checksums.localCrc(finalPath)) === remote) return null;
    }
    return finalPath;
  }
  for (let n = 2; ; n++) {
    const candidate = keepBothName(finalPath, n);
    if (!statOrNullSync(candidate)) return candidate;
  }
}
