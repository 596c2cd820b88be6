import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, Emitter, silentLogger } from '../../../main/core/index.ts';
import { CatalogService, rowFromItem, type CatalogTarget } from '../../../main/catalog/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { makeItem, makeItems, ScriptedSource } from './fixtures.ts';

let folder: Awaited<ReturnType<typeof tempDir>>;
let source: ScriptedSource;
let service: CatalogService;
let target: CatalogTarget | null;
const changed = new Emitter<void>();

/** Everything a list and the detail view could show, to prove a catalog did not change. */
function snapshot() {
  const catalog = service.catalog('local');
  const page = catalog.queries.page(
    { sort: 'created', limit: 500 },
    { username: 'alice', personId: null },
    0,
  );
  return {
    total: page.total,
    items: page.items,
    details: page.items.map((item) =>
      catalog.queries.dataset(item.id, { username: 'alice', personId: null }),
    ),
  };
}

beforeEach(async () => {
  folder = await tempDir('datadesk-sync-');
  source = new ScriptedSource(makeItems(25));
  target = { profileId: 'local', username: 'alice', personId: 'person-alice', source };
  service = new CatalogService({
    directory: folder.path,
    context: { current: () => target, onDidChange: (listener) => changed.on(listener) },
    logger: silentLogger,
    pageSize: 10,
    schedule: false,
  });
});

afterEach(async () => {
  await service.dispose();
  await folder.remove();
});

describe('catalog sync', () => {
  it('mirrors the remote list on a first sync, through short and empty pages, sending keys back unchanged', async () => {
    source.pageSizes = [3, 0, 7, 0, 0, 15, 0];
    const session = await service.sync('manual');
    expect(session).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      pages: 7,
      seen: 25,
      added: 25,
      updated: 0,
      removed: 0,
    });
    expect(service.catalog('local').queries.count()).toBe(25);
    expect(source.requests[0]!.paginationKey).toBeNull();
    expect(source.requests[2]!.paginationKey).toEqual({ offset: 3, page: 2 });
    expect(source.requests.every((request) => request.pageSize === 10)).toBe(true);
    expect(service.status()).toMatchObject({
      state: 'idle',
      datasetCount: 25,
      lastSyncedAt: session.finishedAt,
    });
  });

  it('writes no rows when nothing changed on the remote', async () => {
    await service.sync('manual');
    const before = snapshot();
    const revision = service.catalog('local').revision;
    const session = await service.sync('schedule');
    expect(session).toMatchObject({
      status: 'succeeded',
      seen: 25,
      added: 0,
      updated: 0,
      removed: 0,
      rowsWritten: 0,
    });
    expect(snapshot()).toEqual(before);
    expect(service.catalog('local').revision).toBe(revision);
  });

  it('reflects datasets added, updated, deleted and no longer visible on the next sync', async () => {
    await service.sync('manual');
    source.items = source.items.filter((item) => !['10378.1/3', '10378.1/7'].includes(item.id));
    source.items[0] = makeItem({
      id: '10378.1/0',
      name: 'Renamed on the server',
      created: 1_000,
      updated: 9_000,
    });
    source.items.push(makeItem({ id: '10378.1/new', name: 'Fresh dataset', created: 9_000 }));
    const session = await service.sync('manual');
    expect(session).toMatchObject({ status: 'succeeded', seen: 24, added: 1, updated: 1, removed: 2 });
    const catalog = service.catalog('local');
    expect(catalog.queries.dataset('10378.1/3', { username: null, personId: null })).toBeNull();
    expect(
      catalog.queries.dataset('10378.1/0', { username: null, personId: null })?.summary.displayName,
    ).toBe('Renamed on the server');
    expect(
      catalog.queries.page({ search: 'fresh' }, { username: null, personId: null }, catalog.revision).total,
    ).toBe(1);
    expect(catalog.queries.count()).toBe(24);
  });

  it('leaves the catalog exactly as it was when a sync fails halfway', async () => {
    await service.sync('manual');
    const before = snapshot();
    source.items = source.items.slice(5);
    source.items[0] = makeItem({
      id: source.items[0]!.id,
      name: 'Changed before the failure',
      created: 1_005,
      updated: 9_999,
    });
    source.items.push(makeItem({ id: '10378.1/late', created: 9_000 }));
    source.failAt = { page: 2, error: new AppError('server', 'The data store answered 500.') };
    const session = await service.sync('manual');
    expect(session).toMatchObject({
      status: 'failed',
      pages: 2,
      error: { code: 'server', message: 'The data store answered 500.' },
    });
    expect(snapshot()).toEqual(before);
    expect(service.status()).toMatchObject({
      state: 'idle',
      lastSession: { id: session.id, status: 'failed' },
    });
  });

  it('fails without touching the catalog when the remote repeats a pagination key', async () => {
    await service.sync('manual');
    const before = snapshot();
    source.listPage = async () => ({ items: [], paginationKey: { same: 'key' } });
    const session = await service.sync('manual');
    expect(session).toMatchObject({ status: 'failed', error: { code: 'server' } });
    expect(snapshot()).toEqual(before);
  });

  it('cancels a running sync and keeps the previous catalog', async () => {
    await service.sync('manual');
    const before = snapshot();
    source.items = source.items.slice(10);
    source.beforePage = async (page) => {
      if (page === 1) {
        expect(service.cancelSync()).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const session = await service.sync('manual');
    expect(session.status).toBe('cancelled');
    expect(snapshot()).toEqual(before);
  });

  it('keeps answering from the previous catalog while a large pass applies, never from half of it', async () => {
    source.items = makeItems(3_500);
    const catalog = service.catalog('local');
    const counts = new Set<number>();
    let turns = 0;
    const started = service.startSync('manual');
    let done = false;
    void started.done.then(() => (done = true));
    while (!done) {
      counts.add(catalog.queries.count());
      turns++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await started.done).status).toBe('succeeded');
    expect([...counts].every((count) => count === 0 || count === 3_500)).toBe(true);
    expect(catalog.queries.count()).toBe(3_500);
    // The event loop kept turning while the pass applied in slices.
    expect(turns).toBeGreaterThan(4);
  });

  it('rolls a pass back when cancelled while it applies', async () => {
    await service.sync('manual');
    const before = snapshot();
    source.items = makeItems(3_500, '10378.1/other-');
    const subscription = service.onDidChangeStatus.on((status) => {
      if (status.running?.seen === 3_500) setImmediate(() => service.cancelSync());
    });
    const session = await service.sync('manual');
    subscription.dispose();
    expect(session.status).toBe('cancelled');
    expect(snapshot()).toEqual(before);
    expect(service.catalog('local').queries.count()).toBe(25);
  });

  it('ends a run as failed, not stuck running, when the catalog file itself stops working', async () => {
    source.beforePage = (page) => {
      if (page === 1) service.catalog('local').close();
    };
    const session = await service.sync('manual');
    expect(session).toMatchObject({ status: 'failed', error: { code: 'server' } });
    // Not reported as "already running": the next start reaches the (closed) file and fails on its own.
    expect(() => service.startSync('manual')).toThrow();
  });

  it('runs one sync per profile at a time', async () => {
    const first = service.startSync('manual');
    const second = service.startSync('manual');
    expect(second.alreadyRunning).toBe(true);
    expect(second.session.id).toBe(first.session.id);
    expect(await second.done).toEqual(await first.done);
    expect(service.catalog('local').sessions.recent(10)).toHaveLength(1);
  });

  it('never lets a sync undo a write-through made while it ran', async () => {
    await service.sync('manual');
    source.items[2] = makeItem({
      id: '10378.1/2',
      name: 'Server copy read by the sync',
      created: 1_002,
      updated: 5_000,
    });
    source.beforePage = (page) => {
      if (page !== 1) return;
      // The app's own actions answer while the sync is between pages: an update and a brand-new mint.
      return service.recordFetched('local', [
        {
          item: makeItem({ id: '10378.1/2', name: 'Updated in the app', created: 1_002, updated: 6_000 }),
          roles: ['admin'],
        },
        { item: makeItem({ id: '10378.1/minted', name: 'Minted mid-sync', created: 7_000 }) },
      ]);
    };
    const session = await service.sync('manual');
    expect(session.status).toBe('succeeded');
    const catalog = service.catalog('local');
    const viewer = { username: 'alice', personId: null };
    expect(catalog.queries.dataset('10378.1/2', viewer)?.summary).toMatchObject({
      displayName: 'Updated in the app',
      roles: ['admin'],
    });
    expect(catalog.queries.dataset('10378.1/minted', viewer)).not.toBeNull();
  });

  it('goes offline when the data store cannot be reached, keeps browsing, and says so up front', async () => {
    await service.sync('manual');
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    source.failAt = { page: 0, error: refused };
    const failed = await service.sync('manual');
    expect(failed.error?.code).toBe('network');
    const status = service.status();
    expect(status.state).toBe('offline');
    expect(status.offlineSince).toBeGreaterThan(0);
    expect(() => service.assertOnline('local', 'Minting')).toThrow(/unreachable since/);
    expect(
      service.catalog('local').queries.page({ search: 'dataset' }, { username: null, personId: null }, 0)
        .total,
    ).toBe(25);
    source.failAt = null;
    await service.sync('manual');
    expect(service.status()).toMatchObject({ state: 'idle', offlineSince: null });
    expect(() => service.assertOnline('local')).not.toThrow();
  });

  it('refuses to sync without a data store or while signed out, with a reason', async () => {
    target = {
      profileId: 'local',
      username: null,
      personId: null,
      source: null,
      unavailableReason: 'Sign in to Acme.',
    };
    changed.fire();
    expect(() => service.startSync('manual')).toThrow('Sign in to Acme.');
    expect(service.status()).toMatchObject({ state: 'unavailable', message: 'Sign in to Acme.' });
    target = null;
    changed.fire();
    expect(() => service.startSync('manual')).toThrow(AppError);
  });

  it('publishes status with progress while a sync runs', async () => {
    const seen: number[] = [];
    service.onDidChangeStatus.on((status) => {
      if (status.running) seen.push(status.running.seen);
    });
    await service.sync('manual');
    expect(seen.at(0)).toBe(0);
    expect(Math.max(...seen)).toBe(25);
  });
});

describe('applying a complete pass', () => {
  it('rolls back every slice already applied when aborted between slices', async () => {
    const catalog = service.catalog('direct');
    const session = catalog.sessions.start('manual', null);
    const items = makeItems(2_500);
    catalog.stage(
      session.id,
      items.map((item) => rowFromItem(item)),
      Date.now(),
    );
    const controller = new AbortController();
    setImmediate(() => controller.abort(new AppError('cancelled', 'Stop.')));
    await expect(
      catalog.applyPass(
        session.id,
        new Set(items.map((item) => item.id)),
        session.startedAt,
        controller.signal,
        () => {},
      ),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(catalog.queries.count()).toBe(0);
    // Nothing is left holding the writer: the next write goes through.
    expect(await catalog.writeThrough([{ item: items[0]! }])).toBe(1);
  });
});
