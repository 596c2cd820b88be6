/**
 * Journey 4: the owner requests release approval, the reviewer approves it from Reviews, and the dataset then
 * shows RELEASED and refuses further uploads with a clear message (before any drop).
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
  mintThroughForm,
  openApp,
  type BlockingFinding,
  type ScreensSession,
} from './harness.ts';

let session: ScreensSession;
let source: { path: string; remove(): Promise<void> };
const findings: BlockingFinding[] = [];
const name = 'Rainfall stations 1990–2020';

beforeAll(async () => {
  source = await tempDir('datadesk-e2e-release-');
  await mkdir(join(source.path, 'stations'), { recursive: true });
  await writeFile(join(source.path, 'stations', 'daily.csv'), 'station,date,mm\n1,1990-01-01,0.4\n');
  await writeFile(join(source.path, 'late.csv'), 'arrived after release\n');
  session = await openApp();
  await mintThroughForm(session.page, name, 'Daily rainfall at 120 stations.');
  const { page } = session;
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByText('metadata.json').waitFor();
  await dragFilesOver(page, page.locator('.tree'), [join(source.path, 'stations')], { drop: true });
  await page.getByRole('treeitem', { name: /stations/ }).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await session?.stop();
  await source?.remove();
});

describe('release review', () => {
  it('requests approval from a reviewer picked from the list, with notes', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Release' }).click();
    await page.getByRole('button', { name: 'Request approval…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request release approval' });
    await dialog.getByRole('combobox', { name: /Reviewer/ }).waitFor();
    expect(
      await dialog
        .getByRole('combobox', { name: /Reviewer/ })
        .locator('option')
        .count(),
    ).toBeGreaterThan(0);
    await dialog
      .getByLabel('Notes for the reviewer')
      .fill('All 120 stations are in; QC flags explained in README.');
    findings.push(...(await lookAt(page, 'release-request-dialog')));
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.detail-header [data-release-status="PENDING"]').waitFor();
    await page
      .getByRole('list', { name: 'Release history, newest first' })
      .getByText('Release requested')
      .waitFor();
    findings.push(...(await lookAt(page, 'release-pending')));
  });

  it('refuses uploads while the request is pending, saying why', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Files' }).click();
    await page
      .getByText(/waiting for release review/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Upload files' }).isDisabled()).toBe(true);
  });

  it('shows the request in Reviews with the dataset, requester and notes, and a way to its files', async () => {
    const { page } = session;
    const reviews = page.getByRole('button', { name: /^Reviews/ });
    await expect.poll(() => reviews.textContent(), { timeout: 15_000 }).toContain('1 waiting for you');
    await page.keyboard.press('Control+2');
    const card = page.getByRole('article', { name });
    await card.waitFor();
    await card.getByText('All 120 stations are in; QC flags explained in README.').waitFor();
    findings.push(...(await lookAt(page, 'reviews-queue')));
    await card.getByRole('button', { name: 'Look at the files' }).click();
    await page.getByRole('tab', { name: 'Files', selected: true }).waitFor();
    await page.getByRole('treeitem', { name: /stations/ }).waitFor();
    await page.keyboard.press('Control+2');
    await page.getByRole('article', { name }).waitFor();
  });

  it('approves with a confirmation and the dataset becomes RELEASED', async () => {
    const { page } = session;
    const card = page.getByRole('article', { name });
    await card.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: `Approve the release of “${name}”?` });
    await dialog.getByText('This cannot be undone.').waitFor();
    await dialog.getByLabel('Notes').fill('Checked the QC flags. Approved.');
    findings.push(...(await lookAt(page, 'reviews-approve-dialog')));
    await dialog.getByRole('button', { name: 'Approve and release' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Nothing to review').waitFor({ timeout: 15_000 });
    findings.push(...(await lookAt(page, 'reviews-empty')));
    await page.keyboard.press('Control+1');
    await page.getByRole('tab', { name: 'Release' }).click();
    await page.locator('.detail-header [data-release-status="RELEASED"]').waitFor({ timeout: 15_000 });
    await page
      .getByRole('list', { name: 'Release history, newest first' })
      .getByText('Approved', { exact: true })
      .waitFor();
    findings.push(...(await lookAt(page, 'release-released')));
  });

  it('refuses a drop on the released dataset before it happens, with the reason', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Files' }).click();
    await page
      .getByText(/released, so its files are final/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Upload files' }).isDisabled()).toBe(true);
    await dragFilesOver(page, page.locator('.files-tab'), [join(source.path, 'late.csv')], {
      drop: false,
      hover: async () => {
        await page.locator('.drop-overlay.refused').getByText('Can’t upload here').waitFor();
        expect(await page.locator('.drop-overlay.refused').textContent()).toContain('Create a new version');
        await saveScreenshot(page, 'files-released-refused-drop-light');
      },
    });
    await page.locator('.drop-overlay').waitFor({ state: 'detached' });
    expect(await page.getByRole('treeitem', { name: /late\.csv/ }).count()).toBe(0);
  });

  it('lets a system administrator remove a reviewer with a confirmation and add one back', async () => {
    const { page } = session;
    await page.keyboard.press('Control+2');
    const panel = page.getByRole('region', { name: 'Reviewers' });
    const remove = panel.getByRole('button', { name: /^Remove .* as a reviewer$/ });
    await remove.waitFor();
    await remove.click();
    const dialog = page.getByRole('dialog', { name: /^Remove .* as a reviewer\?$/ });
    await dialog.getByText(/can no longer be asked to review releases/).waitFor();
    await dialog.getByRole('button', { name: 'Remove reviewer' }).click();
    await panel.getByText('No reviewers yet').waitFor();
    await panel.getByRole('combobox', { name: 'Add a reviewer' }).click();
    await page
      .getByRole('listbox', { name: /choices/ })
      .getByRole('option')
      .first()
      .click();
    await panel.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
    findings.push(...(await lookAt(page, 'reviews-reviewers')));
  });

  it('has no serious or critical accessibility findings and logged no errors', () => {
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
