/** The catalog through the whole app: bridge calls over the embedded local store, write-through, sync now. */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { App } from '../../../main/services.ts';
import type { CatalogStatus, DatasetPage } from '../../../preload/contract/catalog.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue, firstOrganisationId } from '../../support/test-app.ts';

let app: App;
let dir: { path: string; remove(): Promise<void> };
const statuses: CatalogStatus[] = [];

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

beforeAll(async () => {
  dir = await tempDir('datadesk-app-catalog-');
  app = await createTestApp(join(dir.path, 'data'));
  app.hub.subscribe((stream, payloads) => {
    if (stream === 'catalog.status') statuses.push(...(payloads as CatalogStatus[]));
  });
});

afterAll(async () => {
  await app?.dispose();
  await dir?.remove();
});

it('lists a dataset minted through the bridge at once, then syncs the local store on demand', async () => {
  const organisationId = await firstOrganisationId(app);
  const minted = await dispatch<{ handle: string }>('datasets.mint', {
    metadata: validCollectionFormat(organisationId, 'Catalogued straight away'),
  });
  const page = await dispatch<DatasetPage>('catalog.datasets', { search: 'catalogued' });
  expect(page.items.map((item) => item.id)).toEqual([minted.handle]);
  expect(page.items[0]).toMatchObject({ mine: true, releaseStatus: 'NOT_RELEASED' });

  await vi.waitFor(
    async () => expect((await dispatch<CatalogStatus>('catalog.status', {})).state).toBe('idle'),
    { timeout: 20_000 },
  );
  const started = await dispatch<{ sessionId: number; alreadyRunning: boolean }>('catalog.syncNow', {});
  await vi.waitFor(
    async () => {
      const { sessions } = await dispatch<{ sessions: Array<{ id: number; status: string; seen: number }> }>(
        'catalog.sessions',
        { limit: 5 },
      );
      expect(sessions.find((session) => session.id === started.sessionId)).toMatchObject({
        status: 'succeeded',
        seen: 1,
      });
    },
    { timeout: 20_000 },
  );
  const status = await dispatch<CatalogStatus>('catalog.status', {});
  expect(status).toMatchObject({ state: 'idle', datasetCount: 1, lastSession: { status: 'succeeded' } });
  expect(status.lastSyncedAt).not.toBeNull();
  // Status events reach the hub (coalesced: a quick run may only show its outcome).
  await vi.waitFor(() =>
    expect(statuses.some((event) => event.lastSession?.id === started.sessionId)).toBe(true),
  );

  const detail = await dispatch<{ item: { id: string } }>('catalog.dataset', { id: minted.handle });
  expect(detail.item.id).toBe(minted.handle);
  await expect(dispatch('catalog.dataset', { id: '10378.1/none' })).rejects.toMatchObject({
    code: 'not_found',
  });
  expect(await dispatch('catalog.updateSettings', { intervalMinutes: 5 })).toEqual({ intervalMinutes: 5 });
  await expect(dispatch('catalog.updateSettings', { intervalMinutes: -1 })).rejects.toMatchObject({
    code: 'invalid',
  });
});
