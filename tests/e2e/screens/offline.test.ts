/**
 * Journey: the data store goes away while a researcher works. The embedded store's real server is stopped; the
 * list and search keep working from the saved catalog, the status bar says offline since when, a dataset shows
 * its saved copy, actions that need the server are refused at once with the reason (and their buttons say why),
 * and when the server is back the app goes online by itself and the saved draft can be saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser.ts';
import {
  bridgeCall,
  expectNoBlockingFindings,
  lookAt,
  mintThroughForm,
  openApp,
  type BlockingFinding,
  type ScreensSession,
} from './harness.ts';

let session: ScreensSession;
let koalaId = '';
const findings: BlockingFinding[] = [];
const offlineWords = /needs the data store, which has been unreachable since \d\d:\d\d/;

beforeAll(async () => {
  session = await openApp();
  koalaId = await mintThroughForm(session.page, 'Koala sightings', 'Koalas seen along the river walk.');
  const organisations = await bridgeCall<{ items: Array<{ id: string }> }>(session.page, 'registry.search', {
    kind: 'organisation',
    query: '',
  });
  const metadata = {
    associations: { organisation_id: organisations.items[0]!.id },
    approvals: {
      ethics_registration: { relevant: false, obtained: false },
      ethics_access: { relevant: false, obtained: false },
      indigenous_knowledge: { relevant: false, obtained: false },
      export_controls: { relevant: false, obtained: false },
    },
    dataset_info: {
      name: 'Wombat burrows',
      description: 'Burrow entrances counted on the ridge.',
      access_info: { reposited: true },
      publisher_id: organisations.items[0]!.id,
      created_date: { relevant: false },
      published_date: { relevant: false },
      license: 'https://creativecommons.org/licenses/by/4.0/',
    },
  };
  await bridgeCall(session.page, 'datasets.mint', { metadata });
  await session.page
    .getByTestId('dataset-count')
    .filter({ hasText: /^2 datasets$/ })
    .waitFor();
});

afterAll(async () => {
  await session?.stop();
});

describe('working while the data store is unreachable', () => {
  it('refuses saving an edit at once with the reason when the store has just gone away, keeping the draft', async () => {
    const { page, web } = session;
    await page.getByRole('button', { name: 'Edit metadata' }).click();
    await page.getByRole('heading', { name: 'Edit “Koala sightings”' }).waitFor();
    await page.getByLabel('Description').fill('Koalas seen along the river walk and in the park.');
    await page.getByLabel('Reason for the change').fill('Added the park');

    await web.app.localStore.stop();
    const started = Date.now();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await refusal.waitFor();
    // Refused as soon as the app found the store gone: not after the client's timeouts and retries.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await refusal.textContent()).toMatch(offlineWords);
    expect(await refusal.textContent()).toContain('Browsing and search work from the saved catalog');
    expect(await page.getByLabel('Description').inputValue()).toContain('in the park');
    await saveScreenshot(page, 'offline-save-refused-light');
  });

  it('says offline since when in the status bar and on the form, whose server actions now say why they are off', async () => {
    const { page } = session;
    await expect
      .poll(() => page.getByTestId('status-store').textContent())
      .toMatch(/offline since \d\d:\d\d/);
    await expect.poll(() => page.getByTestId('status-sync').textContent()).toMatch(/Offline since \d\d:\d\d/);
    await page.getByTestId('offline-banner').waitFor();
    const save = page.getByRole('button', { name: 'Save changes' });
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('title')).toMatch(offlineWords);
    expect(await page.getByRole('button', { name: /Validate/ }).isDisabled()).toBe(true);
  });

  it('opens a dataset from its saved copy, with the actions that need the server off and saying why', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Cancel' }).click();
    const savedCopy = page.getByText(/^Showing the copy saved on this computer/);
    await savedCopy.waitFor();
    expect(await page.getByTestId('saved-copy-reason').textContent()).toMatch(
      /^Changes need the data store, which has been unreachable since \d\d:\d\d/,
    );
    const edit = page.getByRole('button', { name: 'Edit metadata' });
    expect(await edit.isDisabled()).toBe(true);
    expect(await edit.getAttribute('title')).toMatch(offlineWords);
    expect(await page.getByText('Koalas seen along the river walk.').count()).toBeGreaterThan(0);
    findings.push(...(await lookAt(page, 'offline-dataset')));

    await page.getByRole('tab', { name: 'Files' }).click();
    const listing = page.getByRole('alert').filter({ hasText: 'The files could not be listed.' });
    await listing.waitFor();
    expect(await listing.textContent()).toMatch(offlineWords);
    const share = page.getByRole('button', { name: 'Share link…' });
    expect(await share.isDisabled()).toBe(true);
    expect(await share.getAttribute('title')).toMatch(offlineWords);
    expect(await page.getByRole('button', { name: /^Download/ }).isDisabled()).toBe(true);
    await page.getByRole('tab', { name: 'Versions' }).click();
    const version = page.getByRole('button', { name: 'Create new version…' });
    expect(await version.isDisabled()).toBe(true);
    expect(await version.getAttribute('title')).toMatch(offlineWords);
  });

  it('refuses a share link asked for over the bridge at once, in the same words', async () => {
    const { page } = session;
    const started = Date.now();
    const refusal = await bridgeCall(page, 'datasets.presignedUrl', {
      datasetId: koalaId,
      filePath: 'metadata.json',
    }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(String(refusal)).toMatch(
      /Making a share link needs the data store, which has been unreachable since/,
    );
  });

  it('keeps listing and searching from the saved catalog', async () => {
    const { page } = session;
    const list = page.getByRole('listbox', { name: 'Datasets' });
    await list.getByRole('option', { name: /Wombat burrows/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search datasets' }).fill('wombat');
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('1 of 2 datasets');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    expect(await list.getByRole('option').first().textContent()).toContain('Wombat burrows');
    await page.getByTestId('offline-banner').waitFor();
    // A dataset this window never opened comes from the saved catalog alone.
    await list.getByRole('option', { name: /Wombat burrows/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Wombat burrows' }).waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('Burrow entrances counted on the ridge.').waitFor();
    await page.getByText(/^Showing the copy saved on this computer/).waitFor();
    findings.push(...(await lookAt(page, 'offline-search')));
    await page.getByRole('searchbox', { name: 'Search datasets' }).fill('');
    await expect.poll(() => page.getByTestId('dataset-count').textContent()).toBe('2 datasets');
  });

  it('goes online by itself once the store is back, and the kept draft saves', async () => {
    const { page, web } = session;
    await web.app.localStore.restart();
    await expect
      .poll(() => page.getByTestId('status-store').textContent(), { timeout: 30_000 })
      .toMatch(/online/);
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(0);
    await page
      .getByRole('listbox', { name: 'Datasets' })
      .getByRole('option', { name: /Koala sightings/ })
      .click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    const edit = page.getByRole('button', { name: 'Edit metadata' });
    await expect.poll(() => edit.isEnabled(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText(/^Showing the copy saved on this computer/).count()).toBe(0);
    await saveScreenshot(page, 'offline-back-online-light');
    await edit.click();
    expect(await page.getByLabel('Description').inputValue()).toContain('in the park');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Koalas seen along the river walk and in the park.').waitFor();
    expectNoBlockingFindings(findings);
    expect(session.consoleErrors).toEqual([]);
  });
});
