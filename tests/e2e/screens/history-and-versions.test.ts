/**
 * Journeys 2 and 3: edit the metadata with a reason, compare in History and revert with a reason (both entries
 * stay); then create a new version and move between the two versions.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  waitForInFileTree,
} from './harness.ts';

let session: ScreensSession;
let source: { path: string; remove(): Promise<void> };
let firstId = '';
let secondId = '';
const findings: BlockingFinding[] = [];

beforeAll(async () => {
  source = await tempDir('datadesk-e2e-versions-');
  await mkdir(join(source.path, 'cores'), { recursive: true });
  await writeFile(join(source.path, 'cores', 'paddock-1.csv'), 'depth,carbon\n10,2.1\n');
  session = await openApp();
  firstId = await mintThroughForm(session.page, 'Soil carbon plots', 'Soil cores from 12 paddocks.');
});

afterAll(async () => {
  await session?.stop();
  await source?.remove();
});

describe('editing, history and revert', () => {
  it('asks for a reason before saving an edit, then records it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Edit metadata' }).click();
    await page.getByRole('heading', { name: 'Edit “Soil carbon plots”' }).waitFor();
    await page.getByLabel('Description').fill('Soil cores from 14 paddocks, sampled to 30 cm.');
    await page.getByLabel('Keywords').fill('soil, carbon');
    await page.getByLabel('Keywords').press('Enter');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.locator('[data-field="reason"] .field-error').textContent())
      .toContain('Say why');
    findings.push(...(await lookAt(page, 'form-edit-reason')));
    await page.getByLabel('Reason for the change').fill('Two more paddocks sampled');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('tab', { name: 'Overview' }).waitFor();
    await page.getByText('Soil cores from 14 paddocks, sampled to 30 cm.').waitFor();
    expect(await page.getByLabel('Keywords').allTextContents()).toEqual(['soilcarbon']);
  });

  it('compares an older entry with the current metadata field by field', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: /^History/ }).click();
    const entries = page.getByRole('listbox', { name: 'History entries, newest first' }).getByRole('option');
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.first().textContent()).toContain('Two more paddocks sampled');
    await entries.nth(1).click();
    const comparison = page.getByRole('region', { name: 'Entry #0 compared with now' });
    await comparison.getByRole('rowheader', { name: 'Description' }).waitFor();
    const row = comparison.getByRole('row', { name: /Description/ });
    expect(await row.textContent()).toContain('Soil cores from 12 paddocks.');
    expect(await row.textContent()).toContain('Soil cores from 14 paddocks, sampled to 30 cm.');
    await comparison.getByRole('rowheader', { name: 'Keywords' }).waitFor();
    findings.push(...(await lookAt(page, 'history-compare')));
  });

  it('reverts to the older entry with a reason and keeps both entries', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Revert to this…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert to entry #0?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Revert metadata' }).click();
    await expect.poll(() => dialog.locator('.field-error').textContent()).toContain('Reason is required');
    await dialog.getByLabel('Reason').fill('The extra paddocks belong to another study');
    findings.push(...(await lookAt(page, 'history-revert-dialog')));
    await dialog.getByRole('button', { name: 'Revert metadata' }).click();
    await dialog.waitFor({ state: 'detached' });
    const entries = page.getByRole('listbox', { name: 'History entries, newest first' }).getByRole('option');
    await expect.poll(() => entries.count()).toBe(3);
    expect(await entries.nth(0).textContent()).toContain('The extra paddocks belong to another study');
    expect(await entries.nth(1).textContent()).toContain('Two more paddocks sampled');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('Soil cores from 12 paddocks.').waitFor();
  });
});

describe('versions', () => {
  it('explains that files are not copied, asks for a reason, and can copy them through this computer', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByText('metadata.json').waitFor();
    await dragFilesOver(page, page.locator('.tree'), [join(source.path, 'cores')], { drop: true });
    await page.getByRole('treeitem', { name: /cores/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Create new version…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create version 2?' });
    await dialog.getByText('Files are not copied.').waitFor();
    await dialog.getByLabel('Reason').fill('Recalibrated carbon analyser');
    await dialog.getByRole('checkbox', { name: /upload this version’s files into the new one/ }).check();
    findings.push(...(await lookAt(page, 'versions-create-dialog')));
    await dialog.getByRole('button', { name: 'Create new version' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    secondId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    expect(secondId).not.toBe(firstId);
    await page.getByText('v2').first().waitFor();
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByText('metadata.json').waitFor();
    await waitForInFileTree(page, page.getByRole('treeitem', { name: /cores/ }), {
      timeout: 60_000,
      interval: 1000,
    });
  });

  it('moves between the two versions from the lineage', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Versions' }).click();
    const lineage = page.getByRole('list', { name: 'Versions, oldest first' });
    await expect.poll(() => lineage.getByRole('listitem').count()).toBe(2);
    expect(await lineage.getByRole('listitem').nth(1).textContent()).toContain(
      'Recalibrated carbon analyser',
    );
    findings.push(...(await lookAt(page, 'versions-lineage')));
    await lineage.getByRole('button', { name: 'Open version 1' }).click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(firstId);
    await page.getByText('This is not the latest version.').waitFor();
    expect(await page.getByRole('button', { name: 'Create new version…' }).isDisabled()).toBe(true);
    await lineage.getByRole('button', { name: 'Open version 2' }).click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(secondId);
    await page.getByText('You are here').waitFor();
  });

  it('has no serious or critical accessibility findings and logged no errors', () => {
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
