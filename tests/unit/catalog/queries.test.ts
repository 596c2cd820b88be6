import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ftsQuery, ProfileCatalog, type Viewer } from '../../../main/catalog/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { makeItem } from './fixtures.ts';

const alice: Viewer = { username: 'alice', personId: 'person-alice' };

let folder: Awaited<ReturnType<typeof tempDir>>;
let catalog: ProfileCatalog;

beforeEach(async () => {
  folder = await tempDir('datadesk-catalog-');
  catalog = new ProfileCatalog('local', `${folder.path}/catalog.sqlite`);
  await catalog.writeThrough(
    [
      makeItem({
        id: '10378.1/1',
        name: 'Ocean temperature',
        keywords: ['ocean', 'climate'],
        created: 10,
        updated: 50,
      }),
      makeItem({
        id: '10378.1/2',
        name: 'alpine flora survey',
        description: 'Plants above the tree line',
        created: 20,
        updated: 40,
        owner: 'bob',
      }),
      makeItem({
        id: '10378.1/3',
        name: 'Bushfire smoke',
        created: 30,
        updated: 30,
        releaseStatus: 'PENDING',
        approver: 'person-alice',
        requesters: [
          { requester: 'person-bob', timestamp: 5 },
          { requester: 'person-carol', timestamp: 9 },
        ],
        owner: 'bob',
      }),
      makeItem({
        id: '10378.1/4',
        name: 'Ocean currents',
        created: 40,
        updated: 20,
        releaseStatus: 'RELEASED',
        approver: 'person-dave',
        nextVersion: '10378.1/5',
      }),
      makeItem({
        id: '10378.1/5',
        name: 'Ocean currents',
        created: 50,
        updated: 10,
        version: 2,
        previousVersion: '10378.1/4',
        releaseStatus: 'PENDING',
        approver: 'person-dave',
      }),
    ].map((item) => ({ item })),
  );
});

afterEach(async () => {
  catalog.close();
  await folder.remove();
});

const ids = (query: Parameters<ProfileCatalog['queries']['page']>[0], viewer = alice) =>
  catalog.queries.page(query, viewer, catalog.revision).items.map((item) => item.id.replace('10378.1/', ''));

describe('catalog queries', () => {
  it('sorts by updated, created and name in both directions with the total of all matches', async () => {
    expect(ids({ sort: 'updated' })).toEqual(['1', '2', '3', '4', '5']);
    expect(ids({ sort: 'updated', direction: 'asc' })).toEqual(['5', '4', '3', '2', '1']);
    expect(ids({ sort: 'created' })).toEqual(['5', '4', '3', '2', '1']);
    expect(ids({ sort: 'name', direction: 'asc' })).toEqual(['2', '3', '4', '5', '1']);
    const page = catalog.queries.page({ sort: 'created', offset: 1, limit: 2 }, alice, catalog.revision);
    expect(page.items.map((item) => item.id)).toEqual(['10378.1/4', '10378.1/3']);
    expect(page.total).toBe(5);
  });

  it('filters by release status, mine, awaiting my review and latest versions only', async () => {
    expect(ids({ releaseStatus: ['PENDING'] })).toEqual(['3', '5']);
    expect(ids({ releaseStatus: ['PENDING', 'RELEASED'] })).toEqual(['3', '4', '5']);
    expect(ids({ mine: true })).toEqual(['1', '4', '5']);
    expect(ids({ awaitingMyReview: true })).toEqual(['3']);
    expect(ids({ latestVersionsOnly: true })).toEqual(['1', '2', '3', '5']);
    expect(ids({ mine: true }, { username: null, personId: null })).toEqual([]);
  });

  it('searches names, descriptions, keywords and ids by word prefix, combined with filters', async () => {
    expect(ids({ search: 'ocean' })).toEqual(['1', '4', '5']);
    expect(ids({ search: 'oce curr' })).toEqual(['4', '5']);
    expect(ids({ search: 'tree' })).toEqual(['2']);
    expect(ids({ search: 'climate' })).toEqual(['1']);
    expect(ids({ search: '10378.1/3' })).toEqual(['3']);
    expect(ids({ search: 'ALPINE' })).toEqual(['2']);
    expect(ids({ search: 'ocean', releaseStatus: ['PENDING'] })).toEqual(['5']);
    expect(catalog.queries.page({ search: 'ocean', limit: 1 }, alice, catalog.revision).total).toBe(3);
    expect(ids({ search: 'nothing-like-this' })).toEqual([]);
  });

  it('finds the same datasets when most of the catalog matches (tested by the complement)', async () => {
    // Four of five descriptions start with "About": above the share where the complement is tested instead.
    expect(ids({ search: 'about' })).toEqual(['1', '3', '4', '5']);
    expect(ids({ search: 'abou', sort: 'name', direction: 'asc' })).toEqual(['3', '4', '5', '1']);
    const page = catalog.queries.page({ search: 'about', offset: 1, limit: 2 }, alice, catalog.revision);
    expect(page.items.map((item) => item.id)).toEqual(['10378.1/3', '10378.1/4']);
    expect(page.total).toBe(4);
  });

  it('treats FTS operators typed by the user as plain words', async () => {
    expect(ftsQuery('ocean OR "fire" NEAR(x')).toBe('"ocean"* "OR"* "fire"* "NEAR"* "x"*');
    expect(ftsQuery('  ')).toBeNull();
    expect(ids({ search: 'ocean OR alpine' })).toEqual([]);
    expect(ids({ search: '"; DROP TABLE datasets; --' })).toEqual([]);
    // Filters live in the index as tokens; typed words never reach them.
    expect(ids({ search: 'statuspending' })).toEqual([]);
    expect(ids({ search: 'owner' })).toEqual([]);
    expect(ids({ search: 'latest' })).toEqual([]);
    expect(catalog.queries.count()).toBe(5);
  });

  it('ranks by relevance when asked and a search is given', async () => {
    await catalog.writeThrough([
      { item: makeItem({ id: '10378.1/9', name: 'Ocean ocean ocean', description: 'ocean', updated: 1 }) },
    ]);
    expect(ids({ search: 'ocean', sort: 'relevance' })[0]).toBe('9');
  });

  it('describes each dataset for the viewer: requester of the newest request, roles, mine, awaiting review', async () => {
    const [bushfire] = catalog.queries.page({ search: 'bushfire' }, alice, catalog.revision).items;
    expect(bushfire).toMatchObject({
      displayName: 'Bushfire smoke',
      releaseStatus: 'PENDING',
      releaseApprover: 'person-alice',
      releaseRequester: 'person-carol',
      mine: false,
      awaitingMyReview: true,
      roles: null,
    });
    const [ocean] = catalog.queries.page({ search: 'temperature' }, alice, catalog.revision).items;
    expect(ocean).toMatchObject({ mine: true, keywords: ['ocean', 'climate'], version: 1 });
    expect(ocean!.roles).toContain('admin');
  });

  it('returns one dataset with its full item JSON, and null for one it does not hold', async () => {
    const found = catalog.queries.dataset('10378.1/5', alice);
    expect(found?.item).toMatchObject({
      id: '10378.1/5',
      versioning_info: { previous_version: '10378.1/4' },
    });
    expect(found?.summary.previousVersion).toBe('10378.1/4');
    expect(catalog.queries.dataset('10378.1/404', alice)).toBeNull();
  });

  it('keeps roles from a fetch when a later write carries none, and keeps the search index in step', async () => {
    await catalog.writeThrough([
      {
        item: makeItem({ id: '10378.1/2', name: 'alpine flora', owner: 'bob' }),
        roles: ['metadata-read'],
        locked: true,
      },
    ]);
    const before = catalog.revision;
    await catalog.writeThrough([
      { item: makeItem({ id: '10378.1/2', name: 'Renamed meadow', owner: 'bob' }) },
    ]);
    expect(catalog.revision).toBeGreaterThan(before);
    const found = catalog.queries.dataset('10378.1/2', alice)!;
    expect(found.summary).toMatchObject({
      displayName: 'Renamed meadow',
      roles: ['metadata-read'],
      locked: true,
    });
    expect(ids({ search: 'alpine' })).toEqual([]);
    expect(ids({ search: 'meadow' })).toEqual(['2']);
    expect(await catalog.remove(['10378.1/2'])).toBe(1);
    expect(ids({ search: 'meadow' })).toEqual([]);
    expect(catalog.queries.page({}, alice, catalog.revision).total).toBe(4);
  });

  it('writes nothing for an answer identical to what it holds', async () => {
    const item = makeItem({
      id: '10378.1/1',
      name: 'Ocean temperature',
      keywords: ['ocean', 'climate'],
      created: 10,
      updated: 50,
    });
    const revision = catalog.revision;
    expect(await catalog.writeThrough([{ item }])).toBe(0);
    expect(catalog.revision).toBe(revision);
    expect(await catalog.writeThrough([{ item, roles: ['metadata-read'] }])).toBe(1);
    expect(await catalog.writeThrough([{ item, roles: ['metadata-read'] }])).toBe(0);
    expect(catalog.revision).toBeGreaterThan(revision);
  });

  it('starts from an empty catalog when another user signs in to the same data store', async () => {
    await catalog.useAccount('alice');
    expect(catalog.queries.count()).toBe(5);
    await catalog.useAccount('alice');
    expect(catalog.queries.count()).toBe(5);
    await catalog.useAccount('bob');
    expect(catalog.queries.count()).toBe(0);
    expect(ids({ search: 'ocean' })).toEqual([]);
  });

  it('reopens an existing file with its data and schema intact', async () => {
    catalog.close();
    catalog = new ProfileCatalog('local', `${folder.path}/catalog.sqlite`);
    expect(ids({ search: 'bushfire' })).toEqual(['3']);
  });
});
