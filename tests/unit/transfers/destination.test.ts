import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkedDownloadFolder } from '../../../main/transfers/destination.ts';
import { tempDir } from '../../support/temp-dir.ts';

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await tempDir('datadesk-destination-');
  await mkdir(join(dir.path, 'existing'));
  await writeFile(join(dir.path, 'a-file.txt'), 'not a folder');
});

afterAll(() => dir.remove());

test('accepts an existing folder and one that can be created under it', async () => {
  expect(await checkedDownloadFolder(join(dir.path, 'existing'))).toBe(join(dir.path, 'existing'));
  expect(await checkedDownloadFolder(`  ${join(dir.path, 'new', 'deeper')}/ `)).toBe(
    join(dir.path, 'new', 'deeper'),
  );
});

test('reads a leading ~ as the home folder', async () => {
  expect(await checkedDownloadFolder('~')).toBe(homedir());
  expect(await checkedDownloadFolder('~/Downloads/survey')).toBe(join(homedir(), 'Downloads', 'survey'));
});

test('refuses a relative path instead of guessing where it is', async () => {
  await expect(checkedDownloadFolder('downloads/survey')).rejects.toMatchObject({
    code: 'invalid',
    message: /not a full folder path/,
  });
});

test('refuses a file, and a folder that would have to be created inside a file', async () => {
  await expect(checkedDownloadFolder(join(dir.path, 'a-file.txt'))).rejects.toMatchObject({
    code: 'invalid',
    message: /is a file, not a folder/,
  });
  await expect(checkedDownloadFolder(join(dir.path, 'a-file.txt', 'inside'))).rejects.toMatchObject({
    code: 'invalid',
    message: /a-file\.txt is a file, so .* cannot be created/,
  });
});
