/**
 * The catalog against the reference server over real HTTP: a first sync, server-side changes (added, updated,
 * deleted, access removed) reflected by the next one, short and empty pages, and a sync that fails halfway
 * (a real proxy answers one list request with a 500) leaving the previous catalog exactly as it was.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogService, remoteSourceFor, type CatalogTarget } from '../../../main/catalog/index.ts';
import { Emitter, silentLogger } from '../../../main/core/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import {
  startCatalogDeployment,
  startListProxy,
  type CatalogDeployment,
  type ListProxy,
} from './catalog-fixture.ts';

let deployment: CatalogDeployment;
let proxy: ListProxy;
let folder: Awaited<ReturnType<typeof tempDir>>;
let service: CatalogService;
const changed = new Emitter<void>();
let target: CatalogTarget;
const minted: string[] = [];

/** Bob's view: every dataset he can read, as the catalog lists it, plus each one's full item. */
function snapshot() {
  const catalog = service.catalog('bob');
  const viewer = { username: 'bob', personId: deployment.harness.personIds.bob ?? null };
  const page = catalog.queries.page({ sort: 'created', direction: 'asc', limit: 500 }, viewer, Date.now());
  return {
    total: page.total,
    items: page.items,
    full: page.items.map((item) => catalog.queries.dataset(item.id, viewer)),
  };
}

/** What the server shows bob, straight from the list route. */
async function remoteIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of deployment.client('bob').listAllDatasets({ pageSize: 50 })) ids.push(item.id);
  return ids.sort();
}

beforeAll(async () => {
  deployment = await startCatalogDeployment();
  proxy = await startListProxy(deployment.harness.url);
  for (let index = 0; index < 18; index++) {
    minted.push(
      await deployment.mint(index % 3 === 0 ? 'bob' : 'alice', `Survey ${index} of river flow`, [
        'river',
        `site${index}`,
      ]),
    );
  }
});

afterAll(async () => {
  await proxy?.close();
  await deployment?.stop();
});

beforeEach(async () => {
  folder = await tempDir('datadesk-catalog-sync-');
  target = {
    profileId: 'bob',
    username: 'bob',
    personId: deployment.harness.personIds.bob ?? null,
    source: remoteSourceFor(async () => deployment.client('bob', proxy.url)),
  };
  service = new CatalogService({
    directory: folder.path,
    context: { current: () => target, onDidChange: (listener) => changed.on(listener) },
    logger: silentLogger,
    pageSize: 4,
    schedule: false,
  });
  proxy.failListRequest(null);
});

afterEach(async () => {
  await service.dispose();
  await folder.remove();
});

describe('catalog sync against the reference server', () => {
  it('mirrors every dataset the user can see on a first sync', async () => {
    const session = await service.sync('start-up');
    const expected = await remoteIds();
    expect(session).toMatchObject({
      status: 'succeeded',
      trigger: 'start-up',
      seen: expected.length,
      added: expected.length,
    });
    expect(session.pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / 4));
    const { items } = snapshot();
    expect(items.map((item) => item.id).sort()).toEqual(expected);
    const first = service.catalog('bob').queries.dataset(minted[0]!, { username: 'bob', personId: null });
    expect(first?.summary).toMatchObject({
      displayName: 'Survey 0 of river flow',
      ownerUsername: 'bob',
      mine: true,
      keywords: ['river', 'site0'],
    });
    expect(first?.item).toMatchObject({ id: minted[0], s3: { path: expect.stringMatching(/^datasets\//) } });
    const search = service
      .catalog('bob')
      .queries.page({ search: 'site7' }, { username: 'bob', personId: null }, 1);
    expect(search.items.map((item) => item.id)).toEqual([minted[7]]);
  });

  it('reflects datasets added, updated, deleted and no longer visible on the next sync, and writes nothing when nothing changed', async () => {
    await service.sync('start-up');
    const quiet = await service.sync('schedule');
    expect(quiet).toMatchObject({ status: 'succeeded', added: 0, updated: 0, removed: 0, rowsWritten: 0 });

    const alice = deployment.client('alice');
    await alice.updateMetadata(
      minted[1]!,
      'Fix the name',
      deployment.metadata('River flow, corrected', ['river']),
    );
    const fresh = await deployment.mint('alice', 'Brand new estuary survey');
    await deployment.setGeneralAccess('alice', minted[2]!, []);
    deployment.deleteDataset(minted[4]!);

    const session = await service.sync('schedule');
    expect(session).toMatchObject({ status: 'succeeded', added: 1, updated: 1, removed: 2 });
    const viewer = { username: 'bob', personId: null };
    const catalog = service.catalog('bob');
    expect(catalog.queries.dataset(minted[1]!, viewer)?.summary.displayName).toBe('River flow, corrected');
    expect(catalog.queries.dataset(fresh, viewer)?.summary.displayName).toBe('Brand new estuary survey');
    expect(catalog.queries.dataset(minted[2]!, viewer)).toBeNull();
    expect(catalog.queries.dataset(minted[4]!, viewer)).toBeNull();
    expect(
      snapshot()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual(await remoteIds());
    minted.push(fresh);
  });

  it('pages through short and empty pages to the end', async () => {
    // Five datasets in a row bob cannot read: with four to a page, whole pages come back empty with a key.
    const hidden: string[] = [];
    for (let index = 0; index < 5; index++) hidden.push(await deployment.mint('alice', `Hidden ${index}`));
    for (const id of hidden) await deployment.setGeneralAccess('alice', id, []);
    const last = await deployment.mint('alice', 'Visible after the hidden ones');
    const session = await service.sync('manual');
    expect(session.status).toBe('succeeded');
    expect(proxy.listPages).toContain(0);
    expect(proxy.listPages.some((size) => size > 0 && size < 4)).toBe(true);
    expect(service.catalog('bob').queries.dataset(last, { username: 'bob', personId: null })).not.toBeNull();
    expect(
      snapshot()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual(await remoteIds());
  });

  it('leaves the previous catalog exactly as it was when a sync fails halfway', async () => {
    await service.sync('start-up');
    const before = snapshot();
    await deployment
      .client('alice')
      .updateMetadata(minted[5]!, 'Rename', deployment.metadata('Renamed before the failure'));
    await deployment.mint('alice', 'Minted before the failure');
    deployment.deleteDataset(minted[6]!);
    proxy.failListRequest(3);
    const failed = await service.sync('manual');
    expect(failed).toMatchObject({ status: 'failed', pages: 2, error: { code: 'server' } });
    expect(snapshot()).toEqual(before);
    expect(service.status()).toMatchObject({ lastSession: { status: 'failed' }, offlineSince: null });

    proxy.failListRequest(null);
    const recovered = await service.sync('manual');
    expect(recovered).toMatchObject({ status: 'succeeded', added: 1, removed: 1 });
    expect(recovered.updated).toBeGreaterThanOrEqual(1);
    expect(
      snapshot()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual(await remoteIds());
  });
});
