/**
 * The Transfers screen in web mode with real transfers: a browser upload (files dropped on a dataset, their bytes
 * streamed to the host), a download running slowly enough to show its progress, rate and ETA, and an upload
 * with a failed file and its reason. Screenshots go to test-results/screenshots/.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/browser.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { treeDigest, writeTestFile } from '../../support/transfer-harness.ts';
import type { TransferJob } from '../../../preload/contract.ts';
import {
  bridgeCall,
  dragFilesOver,
  expectNoBlockingFindings,
  lookAt,
  openApp,
  type BlockingFinding,
  type ScreensSession,
} from '../screens/harness.ts';

let session: ScreensSession;
let files: { path: string; remove(): Promise<void> };
let datasetId: string;
const findings: BlockingFinding[] = [];
const mib = 1024 * 1024;

beforeAll(async () => {
  files = await tempDir('datadesk-e2e-transfers-');
  await writeTestFile(join(files.path, 'field notes', 'day 1.txt'), 'Transects 1–4 walked.\n');
  await writeTestFile(join(files.path, 'field notes', 'scans', 'scan-01.tif'), 3 * mib + 17);
  await writeTestFile(join(files.path, 'big', 'core samples.bin'), 48 * mib);
  session = await openApp();
  const organisations = await bridgeCall<{ items: Array<{ id: string }> }>(session.page, 'registry.search', {
    kind: 'organisation',
    query: '',
  });
  const metadata = validCollectionFormat(organisations.items[0]!.id, 'Transfers journey');
  const minted = await bridgeCall<{ handle: string }>(session.page, 'datasets.mint', { metadata });
  datasetId = minted.handle;
});

afterAll(async () => {
  await session?.stop();
  await files?.remove();
});

async function openTransfers(): Promise<void> {
  await session.page
    .getByRole('button', { name: /Transfers/ })
    .first()
    .click();
  await session.page.getByRole('heading', { level: 1, name: 'Transfers' }).waitFor();
}

it('shows a browser upload of dropped files finishing, from the status bar to the Transfers screen', async () => {
  const { page } = session;
  await page.goto(`${session.web.host.origin}/#/datasets/${encodeURIComponent(datasetId)}/files`);
  await page.getByText('metadata.json').waitFor();
  await dragFilesOver(page, page.locator('.tree'), [join(files.path, 'field notes')], { drop: true });
  await page.getByTestId('status-transfers').click();
  const card = page.getByRole('article', { name: 'Upload field notes' });
  await card.getByText('Done', { exact: true }).waitFor({ timeout: 60_000 });
  await card.getByText(/2 of 2 files/).waitFor();
  const listing = await bridgeCall<{ files: Array<{ path: string }>; folders: Array<{ path: string }> }>(
    page,
    'files.list',
    { datasetId, path: 'field notes/scans/' },
  );
  expect(listing.files.map((file) => file.path)).toEqual(['field notes/scans/scan-01.tif']);
});

it('shows a running download with its progress, rate and ETA, and the finished download with its folder', async () => {
  const { page } = session;
  await bridgeCall(page, 'transfers.startUpload', {
    datasetId,
    sources: [{ path: join(files.path, 'big') }],
    remotePath: '',
  });
  await expect
    .poll(
      async () =>
        (await bridgeCall<{ jobs: TransferJob[] }>(page, 'transfers.list', {})).jobs.filter(
          (job) => job.state === 'done',
        ).length,
      { timeout: 60_000 },
    )
    .toBe(2);
  // Slow enough to watch: 4 MiB/s for 48 MiB.
  await bridgeCall(page, 'transfers.updateSettings', { bandwidthLimitMiBps: 4 });
  const destination = join(files.path, 'downloaded');
  await bridgeCall(page, 'transfers.startDownload', { datasetId, remotePath: 'big', destination });
  await openTransfers();
  const card = page.getByRole('article', { name: 'Download big' });
  await card.getByText(/MB\/s · .* left/).waitFor({ timeout: 30_000 });
  await expect
    .poll(async () => Number(await card.getByRole('progressbar').getAttribute('aria-valuenow')))
    .toBeGreaterThan(0);
  await page
    .getByTestId('status-transfers')
    .getByText(/1 transfer: .* MB\/s/)
    .waitFor();
  await saveScreenshot(page, 'transfers-download-running');
  await card.getByRole('button', { name: 'Pause' }).click();
  await card.getByText('Paused', { exact: true }).waitFor();
  // Checked while paused: the checks take longer than the rest of the download would.
  findings.push(...(await lookAt(page, 'transfers-paused')));
  await bridgeCall(page, 'transfers.updateSettings', { bandwidthLimitMiBps: null });
  await card.getByRole('button', { name: 'Resume' }).click();
  await card.getByText('Done', { exact: true }).waitFor({ timeout: 60_000 });
  expect(await treeDigest(join(destination, 'big'))).toEqual(await treeDigest(join(files.path, 'big')));
  await card.getByRole('button', { name: 'Open folder' }).click();
  // A browser cannot open folders on the host: the screen shows where the files are.
  await card.getByText(`${destination}`, { exact: true }).waitFor();
});

it('shows an upload with a failed file and the reason, and retries it', async () => {
  const { page } = session;
  await writeTestFile(join(files.path, 'logging', 'stable.csv'), 'a,b\n1,2\n');
  const growing = join(files.path, 'logging', 'instrument.log');
  await writeTestFile(growing, 20 * mib);
  await bridgeCall(page, 'transfers.updateSettings', { bandwidthLimitMiBps: 30 });
  const writer = setInterval(() => void appendFile(growing, `${Date.now()} reading\n`), 40);
  try {
    await bridgeCall(page, 'transfers.startUpload', {
      datasetId,
      sources: [{ path: join(files.path, 'logging') }],
      remotePath: 'instruments',
    });
    const card = page.getByRole('article', { name: 'Upload logging' });
    await card.getByText('Finished with errors').waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: '1 failed file' }).click();
    await card
      .getByRole('table', { name: /Failed files/ })
      .getByText(/kept changing while it was being uploaded/)
      .waitFor();
    await saveScreenshot(page, 'transfers-screen');
    findings.push(...(await lookAt(page, 'transfers-finished')));
  } finally {
    clearInterval(writer);
  }
  await bridgeCall(page, 'transfers.updateSettings', { bandwidthLimitMiBps: null });
  const card = page.getByRole('article', { name: 'Upload logging' });
  await card.getByRole('button', { name: 'Retry failed' }).click();
  await card.getByText('Done', { exact: true }).waitFor({ timeout: 60_000 });
  const stored = await bridgeCall<{ files: Array<{ path: string; size: number }> }>(page, 'files.list', {
    datasetId,
    path: 'instruments/logging/',
  });
  expect(stored.files.find((file) => file.path.endsWith('instrument.log'))?.size).toBe(
    (await readFile(growing)).length,
  );
});

it('has no serious or critical accessibility findings and logged no errors', () => {
  expectNoBlockingFindings(findings);
  expect(session.consoleErrors).toEqual([]);
});
