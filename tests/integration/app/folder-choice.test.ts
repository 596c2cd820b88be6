/**
 * Choosing where a download goes, through the whole app's router: the system folder picker where the host has
 * one (Electron's dialog, stood in for here since Electron cannot run), none in a browser, and a destination the
 * renderer typed is checked in main before any job exists.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessPlatform, type PlatformAdapter } from '../../../main/app/index.ts';
import type { App } from '../../../main/services.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp } from '../../support/test-app.ts';

let dir: { path: string; remove(): Promise<void> };
let browserLike: App;
let desktopLike: App;
const asked: Array<{ title: string; defaultPath?: string }> = [];
let nextAnswer: string | null = null;

/** Electron's folder dialog as the app sees it through the platform adapter. */
const desktopPlatform: PlatformAdapter = {
  ...headlessPlatform,
  chooseFolder: async (options) => {
    asked.push(options);
    return nextAnswer;
  },
};

function dispatch(app: App, name: string, input: unknown) {
  return app.router.dispatch(name, input, { signal: new AbortController().signal, transport: 'direct' });
}

beforeAll(async () => {
  dir = await tempDir('datadesk-folder-choice-');
  browserLike = await createTestApp(join(dir.path, 'browser'), { platform: headlessPlatform });
  desktopLike = await createTestApp(join(dir.path, 'desktop'), { platform: desktopPlatform });
});

afterAll(async () => {
  await browserLike?.dispose();
  await desktopLike?.dispose();
  await dir?.remove();
});

describe('choosing a download folder', () => {
  it('tells the renderer whether a folder picker exists', async () => {
    expect(await dispatch(browserLike, 'app.info', {})).toMatchObject({
      ok: true,
      value: { folderPicker: false },
    });
    expect(await dispatch(desktopLike, 'app.info', {})).toMatchObject({
      ok: true,
      value: { folderPicker: true },
    });
  });

  it('answers the chosen folder, or null when the user cancels', async () => {
    nextAnswer = '/home/researcher/Downloads/reef';
    expect(
      await dispatch(desktopLike, 'files.chooseFolder', {
        title: 'Download into this folder',
        defaultPath: '/home/researcher',
      }),
    ).toEqual({
      ok: true,
      value: { path: '/home/researcher/Downloads/reef' },
    });
    expect(asked.at(-1)).toEqual({ title: 'Download into this folder', defaultPath: '/home/researcher' });
    nextAnswer = null;
    expect(await dispatch(desktopLike, 'files.chooseFolder', { title: 'Download into this folder' })).toEqual(
      { ok: true, value: { path: null } },
    );
  });

  it('says there is no picker in a browser, so the path is typed instead', async () => {
    expect(
      await dispatch(browserLike, 'files.chooseFolder', { title: 'Download into this folder' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: /type the folder’s path/ },
    });
  });

  it('refuses a typed destination that is relative or a file before any job exists', async () => {
    const file = join(dir.path, 'notes.txt');
    await writeFile(file, 'a file, not a folder');
    for (const [destination, words] of [
      ['downloads/reef', /not a full folder path/],
      [file, /is a file, not a folder/],
    ] as const) {
      const result = await dispatch(browserLike, 'transfers.startDownload', {
        datasetId: '10378.1/1',
        remotePath: '',
        destination,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid', message: words } });
    }
    expect(await dispatch(browserLike, 'transfers.list', {})).toMatchObject({
      ok: true,
      value: { jobs: [] },
    });
  });
});
