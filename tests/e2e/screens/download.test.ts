/**
 * Journey 5: download a specific folder with and without the trailing-slash rule (keep the folder, or only its
 * contents) and a single file, and check the bytes on disk match the source.
 */
import { readdir, readFile, mkdir, writeFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir.ts';
import {
  dragFilesOver,
  expectNoBlockingFindings,
  lookAt,
  mintThroughForm,
  openApp,
  type BlockingFinding,
  type ScreensSession,
} from './harness.ts';

let session: ScreensSession;
let source: { path: string; remove(): Promise<void> };
let downloads: { path: string; remove(): Promise<void> };
const findings: BlockingFinding[] = [];

/** Every file under a folder, by path relative to it. */
async function filesUnder(folder: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else found.set(relative(folder, path), await readFile(path));
    }
  };
  await walk(folder);
  return found;
}

/** Waits until `folder` holds exactly the files of `expected`, byte for byte. */
async function expectSameFiles(folder: string, expected: Map<string, Buffer>): Promise<void> {
  await expect
    .poll(
      async () => {
        const exists = await stat(folder).then(
          () => true,
          () => false,
        );
        if (!exists) return 'missing';
        const actual = await filesUnder(folder);
        if (actual.size !== expected.size) return `has ${[...actual.keys()].sort().join(', ')}`;
        for (const [path, bytes] of expected) {
          if (!actual.get(path)?.equals(bytes)) return `differs at ${path}`;
        }
        return 'same';
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe('same');
}

beforeAll(async () => {
  source = await tempDir('datadesk-e2e-download-source-');
  downloads = await tempDir('datadesk-e2e-downloads-');
  const survey = join(source.path, 'survey');
  await mkdir(join(survey, 'raw', 'day 2'), { recursive: true });
  await writeFile(join(survey, 'README.txt'), 'Transect survey, two days.\n');
  await writeFile(join(survey, 'raw', 'transects.csv'), 'id,length\n1,50\n2,75\n');
  await writeFile(
    join(survey, 'raw', 'day 2', 'photo.raw'),
    Buffer.from(Array.from({ length: 700_000 }, (_, index) => (index * 31) % 251)),
  );
  await writeFile(join(survey, 'raw', 'day 2', 'ünïcode nämé.txt'), 'names survive\n');
  session = await openApp();
  const { page } = session;
  await mintThroughForm(page, 'Transect survey', 'Two days of transects.');
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByText('metadata.json').waitFor();
  await dragFilesOver(page, page.locator('.tree'), [survey], { drop: true });
  await page.getByRole('treeitem', { name: /survey/ }).waitFor({ timeout: 30_000 });
  await page.locator('.dataset-transfers').waitFor({ state: 'detached', timeout: 60_000 });
});

afterAll(async () => {
  await session?.stop();
  await source?.remove();
  await downloads?.remove();
});

async function downloadSelected(destination: string, rule: 'keep' | 'contents' | null): Promise<void> {
  const { page } = session;
  await page.getByRole('button', { name: /^Download/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Download/ });
  await dialog.getByLabel('Save into this folder').fill(destination);
  if (rule === 'keep') await dialog.getByRole('radio', { name: /Keep each folder/ }).check();
  if (rule === 'contents') await dialog.getByRole('radio', { name: /Only what is inside/ }).check();
  await dialog.getByRole('button', { name: 'Download', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('downloading part of a dataset', () => {
  it('downloads a folder into a folder of its own name (no trailing slash)', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Refresh the file list' }).click();
    await page.getByRole('treeitem', { name: /survey/ }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('treeitem', { name: /raw/ }).click();
    await page.getByRole('button', { name: 'Download…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Download one item' });
    await dialog.getByLabel('Save into this folder').fill(join(downloads.path, 'keep'));
    await dialog.getByRole('radio', { name: /Keep each folder/ }).check();
    await dialog.getByText(`${join(downloads.path, 'keep')}/raw/…`).waitFor();
    findings.push(...(await lookAt(page, 'files-download-dialog')));
    await dialog.getByRole('button', { name: 'Download', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectSameFiles(
      join(downloads.path, 'keep', 'raw'),
      await filesUnder(join(source.path, 'survey', 'raw')),
    );
    expect(await readdir(join(downloads.path, 'keep'))).toEqual(['raw']);
  });

  it('downloads only the folder’s contents with the trailing-slash rule', async () => {
    await downloadSelected(join(downloads.path, 'contents'), 'contents');
    await expectSameFiles(
      join(downloads.path, 'contents'),
      await filesUnder(join(source.path, 'survey', 'raw')),
    );
  });

  it('downloads a single file as destination/name', async () => {
    const { page } = session;
    await page.getByRole('treeitem', { name: /README\.txt/ }).click();
    await downloadSelected(join(downloads.path, 'single'), null);
    await expectSameFiles(
      join(downloads.path, 'single'),
      new Map([['README.txt', await readFile(join(source.path, 'survey', 'README.txt'))]]),
    );
  });

  it('makes a share link for one file with the chosen expiry', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Share link…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share a download link' });
    await dialog.getByLabel('The link works for').selectOption('3600');
    await dialog.getByRole('button', { name: 'Make link' }).click();
    const link = await dialog.getByRole('textbox', { name: /Link \(until/ }).inputValue();
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('3600');
    const response = await fetch(link);
    expect(
      Buffer.from(await response.arrayBuffer()).equals(
        await readFile(join(source.path, 'survey', 'README.txt')),
      ),
    ).toBe(true);
    findings.push(...(await lookAt(page, 'files-share-link')));
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  });

  it('has no serious or critical accessibility findings and logged no errors', () => {
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
