/**
 * Journey 1: a new user opens the app, mints a dataset through the form after a validation the data store
 * refuses and they fix, drops a folder with nested files on it, watches the upload finish and sees the files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser.ts';
import { tempDir } from '../../support/temp-dir.ts';
import {
  dragFilesOver,
  expectNoBlockingFindings,
  lookAt,
  openApp,
  pickFirst,
  type BlockingFinding,
  type ScreensSession,
  waitForInFileTree,
} from './harness.ts';

let session: ScreensSession;
let source: { path: string; remove(): Promise<void> };
const findings: BlockingFinding[] = [];

beforeAll(async () => {
  source = await tempDir('datadesk-e2e-source-');
  const survey = join(source.path, 'reef survey');
  await mkdir(join(survey, 'raw', 'day 1'), { recursive: true });
  await writeFile(join(survey, 'README.txt'), 'Coral cover photo quadrats.\n');
  await writeFile(join(survey, 'raw', 'sites.csv'), 'site,lat,lon\nA,-18.1,147.2\n');
  for (let index = 0; index < 12; index++) {
    await writeFile(
      join(survey, 'raw', 'day 1', `quadrat-${index}.jpg`),
      Buffer.alloc(50_000 + index, index),
    );
  }
  await writeFile(join(survey, 'raw', 'day 1', 'video.bin'), Buffer.alloc(24 * 1024 * 1024, 3));
  await writeFile(join(source.path, 'notes.txt'), 'Field notes.\n');
  await writeFile(join(source.path, 'summary.csv'), 'site,cover\nA,0.42\n');
  // The data store's registration jobs take a few seconds here (the embedded store's default is "at once"), so
  // the journey sees the registration in progress before it completes.
  session = await openApp({
    localStore: { jobs: { appearAfterMs: 1_000, pendingMs: 2_000, inProgressMs: 3_000 } },
  });
});

afterAll(async () => {
  await session?.stop();
  await source?.remove();
});

describe('a new user mints a dataset and uploads a folder', () => {
  it('teaches what to do on an empty Datasets screen', async () => {
    const { page } = session;
    await page.getByText('No datasets yet').waitFor();
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('0 datasets');
    findings.push(...(await lookAt(page, 'datasets-empty')));
  });

  it('opens the form with Ctrl+N and shows the rules as the user types', async () => {
    const { page } = session;
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New dataset' }).waitFor();
    await page.getByLabel('Name').fill('Reef survey 2024');
    await page.getByLabel('Name').blur();
    await page.getByRole('textbox', { name: /Usage licence/ }).fill('creativecommons.org/licenses/by/4.0');
    await page.getByRole('textbox', { name: /Usage licence/ }).blur();
    await expect
      .poll(() => page.locator('[data-field="dataset_info.license"] .field-error').textContent())
      .toContain('https://');
    await page.getByRole('button', { name: 'Register dataset' }).click();
    await expect.poll(() => page.locator('.form-status.bad').textContent()).toMatch(/fields? need/);
    findings.push(...(await lookAt(page, 'form-rules')));
  });

  it('shows the data store’s refusal on the field it concerns, keeping everything typed', async () => {
    const { page } = session;
    await page.getByLabel('Description').fill('Photo quadrats of coral cover at 40 reef sites.');
    await page.getByRole('button', { name: 'CC BY 4.0' }).click();
    // An organisation id the registry does not know passes the form's own rules; only the data store can tell.
    await page.getByRole('combobox', { name: /Record creator organisation/ }).fill('10378.1/424242');
    await page.getByRole('combobox', { name: /Record creator organisation/ }).blur();
    // Leaving a picker closes its list at once: no other picker's choices linger beside the next one's.
    expect(await page.getByRole('listbox').count()).toBe(0);
    await pickFirst(page, /Publisher/);
    await page.getByRole('button', { name: 'Validate' }).click();
    const orgError = page.locator('[data-field="associations.organisation_id"] .field-error');
    await expect.poll(() => orgError.textContent(), { timeout: 15_000 }).toContain('10378.1/424242');
    expect(await page.getByLabel('Name').inputValue()).toBe('Reef survey 2024');
    expect(await page.getByLabel('Description').inputValue()).toContain('coral cover');
    findings.push(...(await lookAt(page, 'form-server-refusal')));
  });

  it('keeps the draft when the user leaves the form and comes back', async () => {
    const { page } = session;
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    await page.keyboard.press('Control+1');
    await page.getByRole('heading', { name: 'New dataset' }).waitFor();
    expect(await page.getByLabel('Description').inputValue()).toContain('coral cover');
  });

  it('validates once fixed and registers the dataset, showing its registration', async () => {
    const { page } = session;
    await pickFirst(page, /Record creator organisation/);
    await expect
      .poll(() => page.locator('[data-field="associations.organisation_id"] .field-error').count())
      .toBe(0);
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect
      .poll(() => page.locator('.form-status.good').textContent(), { timeout: 15_000 })
      .toContain('accepts');
    await saveScreenshot(page, 'form-validated-light');
    await page.getByRole('button', { name: 'Register dataset' }).click();
    await page.getByRole('heading', { level: 2, name: 'Reef survey 2024' }).waitFor();
    // Main follows the registration and its lodge job; the page shows each step, then the outcome.
    const progress = page.getByTestId('registration-progress');
    await expect.poll(() => progress.textContent()).toMatch(/Registration in progress.*Step 1 of 2/);
    // The job itself is seen running (IN_PROGRESS lasts longer than main's 2-second polls here).
    await expect
      .poll(() => progress.textContent(), { timeout: 30_000 })
      .toMatch(/Step 1 of 2: recording the activity \(running\)/);
    await saveScreenshot(page, 'dataset-registration-in-progress-light');
    await expect
      .poll(() => progress.textContent(), { timeout: 30_000 })
      .toMatch(/Step 2 of 2: lodging the provenance record/);
    await page.getByText('Registration complete', { exact: true }).waitFor({ timeout: 30_000 });
    // The window that minted it is told too (the desktop app's OS notification comes from main).
    await page.locator('.toast-message', { hasText: /^Registration complete/ }).waitFor();
    await expect
      .poll(() => page.locator('[role="option"][aria-selected="true"]').textContent())
      .toContain('Reef survey 2024');
    findings.push(...(await lookAt(page, 'dataset-overview')));
  });

  it('names the target while a folder is dragged over the Files tab, then uploads it', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByText('metadata.json').waitFor();
    await page.evaluate(() => {
      const seen = { progress: false };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        if (document.querySelector('.dataset-transfers')) seen.progress = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await dragFilesOver(page, page.locator('.tree'), [join(source.path, 'reef survey')], {
      drop: true,
      hover: async () => {
        await page.getByText('Upload to Reef survey 2024').waitFor();
        await saveScreenshot(page, 'files-drop-overlay-light');
      },
    });
    const folder = page.getByRole('treeitem', { name: 'Folder reef survey' });
    await folder.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: { progress: boolean } }).seen.progress), {
        timeout: 30_000,
      })
      .toBe(true);
    await saveScreenshot(page, 'files-uploading-light');
  });

  it('shows every uploaded file in the tree, folders opened on demand', async () => {
    const { page } = session;
    await page.locator('.dataset-transfers').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('button', { name: 'Refresh the file list' }).click();
    await page.getByRole('treeitem', { name: 'Folder reef survey' }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('treeitem', { name: 'Folder raw' }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('treeitem', { name: 'Folder day 1' }).click();
    await page.keyboard.press('Enter');
    await page.getByRole('treeitem', { name: /^video\.bin 25\.2 MB/ }).waitFor();
    await expect.poll(() => page.getByRole('treeitem', { name: /^quadrat-\d+\.jpg/ }).count()).toBe(12);
    await page.getByRole('treeitem', { name: /^sites\.csv/ }).waitFor();
    await page.getByRole('treeitem', { name: /^README\.txt/ }).waitFor();
    findings.push(...(await lookAt(page, 'files-tree')));
  });

  it('uploads a file dropped on a folder row into that folder', async () => {
    const { page } = session;
    const raw = page.getByRole('treeitem', { name: 'Folder raw' });
    await dragFilesOver(page, raw, [join(source.path, 'notes.txt')], {
      drop: true,
      hover: async () => {
        await page.getByText('Upload to Reef survey 2024 / reef survey/raw').waitFor();
        expect(await raw.getAttribute('class')).toContain('drop-target');
      },
    });
    await waitForInFileTree(page, page.locator('[data-path="reef survey/raw/notes.txt"]'));
  });

  it('uploads files chosen with Upload files into the top folder when no folder is selected', async () => {
    const { page } = session;
    await page.locator('[data-path="metadata.json"]').click();
    expect(await page.getByRole('button', { name: 'Upload files' }).getAttribute('title')).toContain(
      'the top folder',
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload files' }).click();
    await (await chooser).setFiles([join(source.path, 'summary.csv')]);
    await waitForInFileTree(page, page.locator('[data-path="summary.csv"]'));
  });

  it('has no serious or critical accessibility findings and logged no errors', () => {
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
