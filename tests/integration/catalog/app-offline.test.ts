/**
 * Offline through the whole app: with the embedded store's real server stopped, every bridge call that needs the
 * data store is refused at once in the same words (since when, and what still works), the catalog keeps
 * answering, and once the server is back the app notices by itself, with no call from the user.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../../main/services.ts';
import type { DataStoreHealth } from '../../../preload/contract.ts';
import type { CatalogStatus, DatasetPage } from '../../../preload/contract/catalog.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue, firstOrganisationId } from '../../support/test-app.ts';

let app: App;
let dir: { path: string; remove(): Promise<void> };
const health: DataStoreHealth[] = [];
const offlineWords =
  /needs the data store, which has been unreachable since \d\d:\d\d.*\. Browsing and search work from the saved catalog/;

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

/** Dispatches a call that should be refused; answers its error and how long the refusal took. */
async function refusal(
  name: string,
  input: unknown,
): Promise<{ error: { code: string; message: string }; ms: number }> {
  const started = performance.now();
  const result = await app.router.dispatch(name, input, {
    signal: new AbortController().signal,
    transport: 'direct',
  });
  if (result.ok) throw new Error(`${name} was not refused`);
  return { error: result.error, ms: performance.now() - started };
}

let handles: string[] = [];
let organisationId = '';

beforeAll(async () => {
  dir = await tempDir('datadesk-app-offline-');
  app = await createTestApp(join(dir.path, 'data'));
  app.hub.subscribe((stream, payloads) => {
    if (stream === 'datastore.health') health.push(...(payloads as DataStoreHealth[]));
  });
  organisationId = await firstOrganisationId(app);
  for (const name of ['Platypus burrows', 'Echidna diet']) {
    const minted = await dispatch<{ handle: string }>('datasets.mint', {
      metadata: validCollectionFormat(organisationId, name),
    });
    handles.push(minted.handle);
  }
  handles = handles.filter(Boolean);
});

afterAll(async () => {
  await app?.dispose();
  await dir?.remove();
});

describe('the embedded store stops answering', () => {
  it('refuses the first action that finds it gone in the offline words, and marks the data store offline', async () => {
    await app.localStore.stop();
    const before = Date.now();
    const { error, ms } = await refusal('datasets.updateMetadata', {
      id: handles[0],
      reason: 'Offline edit',
      metadata: validCollectionFormat(organisationId, 'Platypus burrows, edited'),
    });
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/^Saving metadata /);
    expect(error.message).toMatch(offlineWords);
    expect(ms).toBeLessThan(5_000);
    const status = await dispatch<CatalogStatus>('catalog.status', {});
    expect(status.state).toBe('offline');
    expect(status.offlineSince).toBeGreaterThanOrEqual(before - 1_000);
    // The status bar hears it too (events arrive coalesced, a moment later).
    await vi.waitFor(() => expect(health.at(-1)).toMatchObject({ reachable: false }));
  });

  it.each([
    ['datasets.fetch', () => ({ id: handles[1] }), /^Opening the dataset from the data store /],
    [
      'datasets.presignedUrl',
      () => ({ datasetId: handles[1], filePath: 'metadata.json' }),
      /^Making a share link /,
    ],
    ['files.list', () => ({ datasetId: handles[1], path: '' }), /^Listing the dataset’s files /],
    [
      'datasets.validate',
      () => ({ metadata: validCollectionFormat(organisationId, 'Checked') }),
      /^Checking the metadata /,
    ],
    ['registry.search', () => ({ kind: 'person', query: 'Local' }), /^Looking up organisations and people /],
    ['jobs.fetch', () => ({ sessionId: 'some-session' }), /^Checking a registration job /],
    ['release.listReviewers', () => ({}), /^Listing the reviewers /],
    ['datasets.version', () => ({ id: handles[1], reason: 'Offline version' }), /^Creating a version /],
    [
      'transfers.startUpload',
      () => ({ datasetId: handles[1], sources: [{ path: dir.path }] }),
      /^Uploading files /,
    ],
    [
      'transfers.startDownload',
      () => ({ datasetId: handles[1], destination: join(dir.path, 'down') }),
      /^Downloading files /,
    ],
    [
      'transfers.startBrowserUpload',
      () => ({ datasetId: handles[1], files: [{ relativePath: 'a.txt', size: 1 }] }),
      /^Uploading files /,
    ],
  ] as const)('refuses %s at once with the same words', async (name, input, start) => {
    const { error, ms } = await refusal(name, input());
    expect(error).toMatchObject({ code: 'network' });
    expect(error.message).toMatch(start);
    expect(error.message).toMatch(offlineWords);
    expect(ms).toBeLessThan(5_000);
  });

  it('keeps browsing and searching from the catalog', async () => {
    const all = await dispatch<DatasetPage>('catalog.datasets', { sort: 'name', direction: 'asc' });
    expect(all.items.map((item) => item.displayName)).toEqual(['Echidna diet', 'Platypus burrows']);
    const found = await dispatch<DatasetPage>('catalog.datasets', { search: 'platypus' });
    expect(found.items.map((item) => item.id)).toEqual([handles[0]]);
    const saved = await dispatch<{ item: { display_name: string } }>('catalog.dataset', { id: handles[1] });
    expect(saved.item.display_name).toBe('Echidna diet');
  });

  it('comes back online by itself once the store answers again, with no call from the user', async () => {
    await app.localStore.restart();
    await vi.waitFor(
      async () => expect((await dispatch<CatalogStatus>('catalog.status', {})).offlineSince).toBeNull(),
      { timeout: 30_000, interval: 200 },
    );
    const link = await dispatch<{ presigned_url: string }>('datasets.presignedUrl', {
      datasetId: handles[1],
      filePath: 'metadata.json',
    });
    expect(link.presigned_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});
