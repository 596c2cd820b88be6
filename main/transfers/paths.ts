/**
 * Path rules shared by planning and verification: dataset sub-paths, object keys, OS clutter, and the safety
 * check that keeps a downloaded key inside its destination folder.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../core/index.ts';

/** Files operating systems leave in folders; never uploaded. */
const clutterNames = new Set([
  '.ds_store',
  'thumbs.db',
  'desktop.ini',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
]);

/** True for OS clutter such as `.DS_Store`, `Thumbs.db` or AppleDouble `._name` files. */
export function isClutter(name: string): boolean {
  return clutterNames.has(name.toLowerCase()) || name.startsWith('._');
}

/**
 * A sub-path inside a dataset, as typed by a person: slashes trimmed, NFC, `/`-separated. Throws `invalid` for
 * `..`, `.`, empty segments, backslashes or NUL, which Provena refuses too.
 */
export function normaliseDatasetPath(input: string | undefined | null): string {
  const trimmed = (input ?? '').normalize('NFC').replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  const segments = trimmed.split('/');
  for (const segment of segments) {
    if (
      segment === '' ||
      segment === '.' ||
      segment === '..' ||
      segment.includes('\\') ||
      segment.includes('\0')
    ) {
      throw new AppError(
        'invalid',
        `"${input}" is not a usable path inside a dataset: use names separated by "/", without "..", "//" or "\\".`,
      );
    }
  }
  return segments.join('/');
}

/** Joins a dataset prefix (ending in `/`) with relative path pieces into an object key. */
export function objectKey(prefix: string, ...pieces: string[]): string {
  const path = pieces.filter((piece) => piece !== '').join('/');
  return prefix.endsWith('/') || prefix === '' ? `${prefix}${path}` : `${prefix}/${path}`;
}

/** Why a key cannot be written under the destination, or null when it is safe. */
export function unsafeRelativeKeyReason(relativeKey: string): string | null {
  if (relativeKey.includes('\0')) return 'the name contains a NUL character';
  if (relativeKey.startsWith('/') || relativeKey.startsWith('\\')) return 'the name is an absolute path';
  if (/^[a-zA-Z]:/.test(relativeKey)) return 'the name starts with a drive letter';
  const segments = relativeKey.split(/[/\\]/);
  if (segments.some((segment) => segment === '..'))
    return 'the name contains ".." and would escape the folder';
  if (segments.some((segment) => segment === '' || segment === '.'))
    return 'the name has an empty or "." segment';
  return null;
}

/**
 * The local file a key lands on under `destination`, or an `invalid` AppError naming why the key would escape
 * it. Checked twice: by the key's text and by the resolved path.
 */
export function localTargetFor(destination: string, relativeKey: string): string {
  const reason = unsafeRelativeKeyReason(relativeKey);
  if (reason)
    throw new AppError('invalid', `Refused to write "${relativeKey}": ${reason}.`, { key: relativeKey });
  const root = resolve(destination);
  const target = resolve(root, ...relativeKey.split('/'));
  const inside = relative(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !target.startsWith(root + sep)) {
    throw new AppError('invalid', `Refused to write "${relativeKey}": it would land outside ${root}.`, {
      key: relativeKey,
    });
  }
  return target;
}

/** The `n`th "keep both" name: `report.pdf` → `report (2).pdf`, `archive.tar.gz` → `archive (2).tar.gz`. */
export function keepBothName(relativePath: string, n: number): string {
  const slash = relativePath.lastIndexOf('/');
  const folder = relativePath.slice(0, slash + 1);
  const name = relativePath.slice(slash + 1);
  const match = /^(.+?)((?:\.[^.\s]{1,8}){0,2})$/.exec(name);
  const stem = match?.[1] ?? name;
  const extension = match?.[2] ?? '';
  return `${folder}${stem} (${n})${extension}`;
}

/** A path for the temporary file beside a download's target, hidden and recognisable. */
export function temporaryDownloadPath(target: string): string {
  const slash = target.lastIndexOf(sep);
  return join(target.slice(0, slash), `.${target.slice(slash + 1)}.datadesk-partial`);
}
