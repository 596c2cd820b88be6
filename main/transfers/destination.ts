/**
 * Where a download may go. The renderer names the folder, so main checks it before any job exists: a full path
 * (a leading `~` means the home folder), a folder rather than a file, and one this user can write into — or, when
 * it does not exist yet, can create. Refused up front with the reason, instead of failing file by file later.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../core/index.ts';

/** Expands `~` and checks the folder; answers the absolute path to download into. */
export async function checkedDownloadFolder(typed: string): Promise<string> {
  const trimmed = typed.trim();
  const expanded =
    trimmed === '~' ? homedir() : /^~[\\/]/.test(trimmed) ? join(homedir(), trimmed.slice(2)) : trimmed;
  if (!isAbsolute(expanded)) {
    throw new AppError(
      'invalid',
      `“${typed}” is not a full folder path. Choose a folder such as ${join(homedir(), 'Downloads')}.`,
    );
  }
  const folder = resolve(expanded);
  // The folder itself, or the nearest parent that exists (the rest is created when the download starts).
  let existing = folder;
  for (;;) {
    const found = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new AppError('invalid', `Datadesk cannot look at ${existing}: ${error.message}`);
    });
    if (found) {
      if (!found.isDirectory()) {
        const what =
          existing === folder
            ? `${folder} is a file, not a folder`
            : `${existing} is a file, so ${folder} cannot be created`;
        throw new AppError('invalid', `${what}. Choose another folder.`);
      }
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new AppError(
      'forbidden',
      `Datadesk cannot write into ${existing}. Choose a folder you own, such as ${join(homedir(), 'Downloads')}.`,
    );
  }
  return folder;
}
