/**
 * Offline: with the reference server stopped, browsing and search keep working from the catalog, the status
 * says offline and since when, and actions that need the server are refused up front.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CatalogService,
  fetchForCatalog,
  remoteSourceFor,
  withWriteThrough,
} from '../../../main/catalog/index.ts';
import { Emitter, silentLogger } from '../../../main/core/index.ts';
import { datastoreHandlers } from '../../../main/datastore/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { startCatalogDeployment, type CatalogDeployment } from './catalog-fixture.ts';

let deployment: CatalogDeployment;
let folder: Awaited<ReturnType<typeof tempDir>>;
let service: CatalogService;
let stopped = false;

beforeAll(async () => {
  deployment = await startCatalogDeployment();
  for (const name of ['Koala habitat', 'Wombat burrows', 'Koala diet']) await deployment.mint('alice', name);
  folder = await tempDir('datadesk-catalog-offline-');
  service = new CatalogService({
    directory: folder.path,
    context: {
      current: () => ({
        profileId: 'alice',
        username: 'alice',
        personId: null,
        source: remoteSourceFor(async () => deployment.client('alice')),
      }),
      onDidChange: (listener) => new Emitter<void>().on(listener),
    },
    logger: silentLogger,
    schedule: false,
  });
});

afterAll(async () => {
  await service?.dispose();
  await folder?.remove();
  if (!stopped) await deployment?.stop();
});

it('keeps browsing and searching from the catalog with the server stopped and refuses actions up front', async () => {
  expect((await service.sync('start-up')).status).toBe('succeeded');
  await deployment.stop();
  stopped = true;

  const before = Date.now();
  const failed = await service.sync('schedule');
  expect(failed).toMatchObject({ status: 'failed', error: { code: 'network' } });
  const status = service.status();
  expect(status.state).toBe('offline');
  expect(status.offlineSince).toBeGreaterThanOrEqual(before);
  expect(status.message).toMatch(/cannot be reached/);
  expect(status.datasetCount).toBe(3);

  const viewer = { username: 'alice', personId: null };
  const catalog = service.catalog('alice');
  const koalas = catalog.queries.page(
    { search: 'koala', sort: 'name', direction: 'asc' },
    viewer,
    Date.now(),
  );
  expect(koalas.items.map((item) => item.displayName)).toEqual(['Koala diet', 'Koala habitat']);
  expect(catalog.queries.dataset(koalas.items[0]!.id, viewer)?.item).toMatchObject({
    display_name: 'Koala diet',
  });

  const client = deployment.client('alice');
  const handlers = withWriteThrough(
    datastoreHandlers(async () => client),
    {
      catalog: service,
      current: () => ({
        profileId: 'alice',
        fetchDataset: (id, signal) => fetchForCatalog(client, id, signal),
      }),
      probe: async (signal) => client.health(signal).then(() => true),
      logger: silentLogger,
    },
  );
  const started = performance.now();
  const context = { signal: new AbortController().signal, transport: 'direct' as const };
  const refusal = await Promise.resolve()
    .then(() => handlers['datasets.mint']({ metadata: deployment.metadata('Never minted') }, context))
    .catch((error: unknown) => error);
  expect(refusal).toMatchObject({
    code: 'network',
    message: expect.stringMatching(
      /^Minting a dataset needs the data store, which has been unreachable since/,
    ),
  });
  // Refused after one quick probe, not after the client's 30 s timeout.
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(service.status().offlineSince).toBe(status.offlineSince);
});
