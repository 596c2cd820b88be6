/** The embedded endpoint's append-only journal on a real disk. */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../server/s3/journal.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('journal', () => {
  let folder: { path: string; remove(): Promise<void> };
  let path: string;

  beforeEach(async () => {
    folder = await tempDir('datadesk-s3-journal-');
    path = join(folder.path, 'journal.jsonl');
  });
  afterEach(() => folder.remove());

  it('keeps concurrent appends in the order they were made', async () => {
    const journal = await Journal.open(path);
    await Promise.all(Array.from({ length: 500 }, (_, index) => journal.append({ index })));
    await journal.close();
    expect(await Journal.read(path)).toEqual(Array.from({ length: 500 }, (_, index) => ({ index })));
  });

  it('reads every complete entry when the last line was torn by a crash', async () => {
    const journal = await Journal.open(path);
    await journal.append({ put: 'a' });
    await journal.append({ put: 'b' });
    await journal.close();
    await appendFile(path, '{"put":"c","tor');
    expect(await Journal.read(path)).toEqual([{ put: 'a' }, { put: 'b' }]);
    const reopened = await Journal.open(path);
    await reopened.append({ put: 'd' });
    await reopened.close();
    expect(await Journal.read(path)).toContainEqual({ put: 'd' });
  });

  it('reads nothing from a journal that does not exist, and rewrites one atomically', async () => {
    expect(await Journal.read(path)).toEqual([]);
    await Journal.rewrite(path, [{ put: 'x' }, { put: 'y' }]);
    expect(await readFile(path, 'utf8')).toBe('{"put":"x"}\n{"put":"y"}\n');
  });

  it('refuses appends after closing', async () => {
    const journal = await Journal.open(path);
    await journal.close();
    await expect(journal.append({ late: true })).rejects.toThrow(/closed/);
  });
});
