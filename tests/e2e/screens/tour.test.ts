/**
 * The rest of the app as a user moves around it: the list with several datasets (search, filters, keyboard),
 * app shortcuts, Esc on dialogs, the whole metadata form, Settings and Transfers, each in both themes with axe.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser.ts';
import { tempDir } from '../../support/temp-dir.ts';
import {
  bridgeCall,
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

const names = ['Soil carbon 2019', 'Ocean temperature moorings', 'Koala sightings Gippsland'];

beforeAll(async () => {
  source = await tempDir('datadesk-e2e-tour-');
  await mkdir(join(source.path, 'Frog calls 2023', 'site A'), { recursive: true });
  await writeFile(join(source.path, 'Frog calls 2023', 'site A', 'night-1.wav'), Buffer.alloc(40_000, 1));
  await writeFile(join(source.path, 'mooring-log.txt'), 'Deployed 2024-03-01.\n');
  session = await openApp();
  const { page } = session;
  const organisations = await bridgeCall<{ items: Array<{ id: string }> }>(page, 'registry.search', {
    kind: 'organisation',
    query: '',
  });
  const organisation = organisations.items[0]!.id;
  for (const [index, name] of names.entries()) {
    await bridgeCall(page, 'datasets.mint', {
      metadata: {
        associations: { organisation_id: organisation },
        approvals: {
          ethics_registration: { relevant: false, obtained: false },
          ethics_access: { relevant: false, obtained: false },
          indigenous_knowledge: { relevant: false, obtained: false },
          export_controls: { relevant: false, obtained: false },
        },
        dataset_info: {
          name,
          description: `Dataset number ${index + 1} for the tour.`,
          access_info: { reposited: true },
          publisher_id: organisation,
          created_date: { relevant: false },
          published_date: { relevant: false },
          license: 'https://creativecommons.org/licenses/by/4.0/',
          keywords: index === 0 ? ['soil', 'carbon'] : ['tour'],
        },
      },
    });
  }
  await bridgeCall(page, 'catalog.syncNow', {});
  await page
    .getByTestId('dataset-count')
    .filter({ hasText: /^3 datasets$/ })
    .waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await session?.stop();
  await source?.remove();
});

describe('moving around the app', () => {
  it('searches with Ctrl+K and clears with Esc', async () => {
    const { page } = session;
    await page.keyboard.press('Control+k');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search datasets');
    await page.keyboard.type('soil');
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('1 of 3 datasets');
    await saveScreenshot(page, 'datasets-search-light');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('3 datasets');
  });

  it('moves through the list with the arrow keys and opens a dataset with Enter', async () => {
    const { page } = session;
    await page.getByRole('searchbox', { name: 'Search datasets' }).press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.locator('[role="option"][aria-selected="true"] .dataset-name').textContent())
      .toBe(names[1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    await page.getByRole('heading', { level: 2, name: names[1] }).waitFor();
    findings.push(...(await lookAt(page, 'datasets-list')));
  });

  it('filters by whose datasets they are and teaches when nothing matches', async () => {
    const { page } = session;
    await page.getByRole('radio', { name: 'Mine' }).click();
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('3 of 3 datasets');
    await page.getByRole('radio', { name: 'To review' }).click();
    await page.getByText('No datasets match.').waitFor();
    findings.push(...(await lookAt(page, 'datasets-no-match')));
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('3 datasets');
  });

  it('opens the Files tab and the file chooser with Ctrl+U, and closes dialogs with Esc', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+u');
    expect((await chooser).isMultiple()).toBe(true);
    await page.getByRole('tab', { name: 'Files', selected: true }).waitFor();
    await page.getByText('metadata.json').waitFor();
    await page.getByRole('button', { name: 'Download all…' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('shows every section of the metadata form with its rules', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'New dataset' }).first().click();
    await page.getByRole('heading', { name: 'New dataset' }).waitFor();
    await page.getByRole('checkbox', { name: 'The data contains Indigenous knowledge' }).check();
    await page.getByRole('radio', { name: /Somewhere else/ }).check();
    await page.getByRole('button', { name: 'Add a name and value' }).click();
    await page.getByRole('button', { name: 'Register dataset' }).click();
    for (const section of ['ownership', 'licence', 'coverage', 'approvals']) {
      await page.locator(`#section-${section}`).scrollIntoViewIfNeeded();
      findings.push(...(await lookAt(page, `form-section-${section}`)));
    }
    expect(
      await page.locator('[data-field="approvals.indigenous_knowledge"] .field-error').textContent(),
    ).toMatch(/must be obtained/);
    expect(
      await page.locator('[data-field="dataset_info.access_info.uri"] .field-error').textContent(),
    ).toMatch(/stored elsewhere/);
    await page.getByRole('button', { name: 'Discard this draft and start again' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('opens the data store menu from the sidebar and closes it with Esc', async () => {
    const { page } = session;
    await page.getByRole('button', { name: /This computer/ }).click();
    const menu = page.getByRole('menu', { name: 'Data stores' });
    await menu.getByRole('menuitemradio', { name: 'This computer', checked: true }).waitFor();
    await menu.getByRole('menuitem', { name: 'Manage data stores…' }).waitFor();
    findings.push(...(await lookAt(page, 'sidebar-store-menu')));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  it('switches sections with Ctrl+1…4 and shows Settings and Transfers', async () => {
    const { page } = session;
    await page.keyboard.press('Control+4');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('heading', { name: 'Catalog sync' }).waitFor();
    await page.getByLabel('Files at once').waitFor();
    findings.push(...(await lookAt(page, 'settings')));
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('radio', { name: 'Follow the system' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { level: 1, name: 'Transfers' }).waitFor();
    findings.push(...(await lookAt(page, 'transfers')));
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    await page.keyboard.press('Control+1');
    await page.getByRole('heading', { level: 2, name: names[1] }).waitFor();
  });

  it('uploads files dropped anywhere on a dataset into its top folder', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Overview' }).click();
    await dragFilesOver(page, page.getByRole('tabpanel'), [join(source.path, 'mooring-log.txt')], {
      drop: true,
      hover: async () => {
        await page.getByText(`Upload to ${names[1]}`).waitFor();
        await saveScreenshot(page, 'dataset-drop-overlay-light');
      },
    });
    await page.getByRole('tab', { name: 'Files', selected: true }).waitFor();
    await waitForInFileTree(page, page.locator('[data-path="mooring-log.txt"]'));
  });

  it('starts a new dataset from a folder dropped on the list and uploads it once registered', async () => {
    const { page } = session;
    await dragFilesOver(page, page.locator('#dataset-list'), [join(source.path, 'Frog calls 2023')], {
      drop: true,
      hover: async () => {
        await page.getByText('Start a new dataset with these files').waitFor();
      },
    });
    await page.getByRole('heading', { name: 'New dataset' }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Frog calls 2023');
    await page.getByText('Then upload “Frog calls 2023”').waitFor();
    findings.push(...(await lookAt(page, 'form-new-from-drop')));
    await page.getByLabel('Description').fill('Night recordings of frog calls.');
    await pickFirst(page, /Record creator organisation/);
    await pickFirst(page, /Publisher/);
    await page.getByRole('button', { name: 'CC BY 4.0' }).click();
    await page.getByRole('button', { name: 'Register dataset' }).click();
    await page.getByRole('heading', { level: 2, name: 'Frog calls 2023' }).waitFor();
    await page.getByRole('tab', { name: 'Files', selected: true }).waitFor();
    await waitForInFileTree(page, page.locator('[data-path="Frog calls 2023/"]'));
  });

  it('has no serious or critical accessibility findings and logged no errors', () => {
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
