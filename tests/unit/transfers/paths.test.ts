import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import {
  isClutter,
  keepBothName,
  localTargetFor,
  normaliseDatasetPath,
  unsafeRelativeKeyReason,
} from '../../../main/transfers/paths.ts';

test('normalises dataset sub-paths and refuses ones Provena refuses', () => {
  expect(normaliseDatasetPath('/raw/2024/')).toBe('raw/2024');
  expect(normaliseDatasetPath('')).toBe('');
  expect(normaliseDatasetPath('cafe\u0301')).toBe('caf\u00e9');
  for (const bad of ['a/../b', 'a//b', 'a\\b', './a', 'a/\0'])
    expect(() => normaliseDatasetPath(bad)).toThrow(/not a usable path/);
});

test('refuses keys that would escape the destination', () => {
  const destination = resolve('/tmp/dest');
  expect(localTargetFor(destination, 'a/b.txt')).toBe(join(destination, 'a', 'b.txt'));
  for (const key of [
    '../x',
    'a/../../x',
    '/etc/passwd',
    'C:/Windows/x',
    'c:x',
    'a\0b',
    '..\\x',
    'a//b',
    './a',
    '',
  ]) {
    expect(unsafeRelativeKeyReason(key) ?? (key === '' ? 'empty' : null), key).not.toBeNull();
    expect(() => localTargetFor(destination, key), key).toThrow(/Refused/);
  }
});

test('names the copies kept by "keep both" before the extension', () => {
  expect(keepBothName('report.pdf', 2)).toBe('report (2).pdf');
  expect(keepBothName('data/archive.tar.gz', 3)).toBe('data/archive (3).tar.gz');
  expect(keepBothName('README', 2)).toBe('README (2)');
  expect(keepBothName('.hidden', 2)).toBe('.hidden (2)');
});

test('recognises OS clutter', () => {
  for (const name of ['.DS_Store', 'Thumbs.db', 'thumbs.db', '._photo.jpg', 'desktop.ini'])
    expect(isClutter(name)).toBe(true);
  for (const name of ['data.csv', '.gitignore', 'DS_Store']) expect(isClutter(name)).toBe(false);
});
