import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetListResponse, NoFilterSubtypeListRequestInput } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { locations, mint } from './helpers.ts';

describe.each(storageBackends())('listing datasets on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  const aliceNames = ['Echo', 'Bravo', 'Delta', 'Alpha', 'Charlie'];
  const handles: Record<string, string> = {};
  const list = (token: string, body: NoFilterSubtypeListRequestInput) =>
    harness.request<DatasetListResponse & { detail?: unknown }>('POST', '/registry/items/list', {
      token,
      body,
    });

  /** Every page until the key is null. */
  async function allPages(
    token: string,
    body: NoFilterSubtypeListRequestInput,
  ): Promise<DatasetListResponse[]> {
    const pages: DatasetListResponse[] = [];
    let key: Record<string, unknown> | null | undefined = undefined;
    do {
      const reply = await list(token, { ...body, pagination_key: key });
      expect(reply.status, reply.text).toBe(200);
      pages.push(reply.body);
      key = reply.body.pagination_key;
    } while (key && pages.length < 50);
    return pages;
  }

  beforeAll(async () => {
    // Datasets are private to their owners here, so other users' pages are filtered after reading.
    harness = await startHarness({ storage, config: { generalRoles: [] } });
    alice = await harness.token('alice');
    bob = await harness.token('bob');
    for (const name of aliceNames) {
      // Minted within the same second or not, ties on the timestamp fall back to the (rising) handle.
      handles[name] = await mint(harness, alice, validCollectionFormat(harness.organisationId, name));
    }
    for (const name of ['Bob one', 'Bob two']) {
      handles[name] = await mint(harness, bob, validCollectionFormat(harness.organisationId, name));
    }
  });
  afterAll(async () => harness?.stop());

  it('sorts by display name in both directions, across pages', async () => {
    const ascending = await allPages(alice, {
      sort_by: { sort_type: 'DISPLAY_NAME', ascending: true },
      page_size: 2,
    });
    expect(ascending.flatMap((page) => page.items!.map((entry) => entry.display_name))).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
      'Echo',
    ]);
    const descending = await allPages(alice, {
      sort_by: { sort_type: 'DISPLAY_NAME', ascending: false },
      page_size: 3,
    });
    expect(descending.flatMap((page) => page.items!.map((entry) => entry.display_name))).toEqual([
      'Echo',
      'Delta',
      'Charlie',
      'Bravo',
      'Alpha',
    ]);
  });

  it('defaults to updated time, newest first, with page size 20', async () => {
    const reply = await list(alice, {});
    expect(reply.status).toBe(200);
    expect(reply.body.items!.map((entry) => entry.display_name)).toEqual([...aliceNames].reverse());
    expect(reply.body.pagination_key).toBeNull();
    expect(reply.body).toMatchObject({
      status: { success: true, details: 'Successfully listed items.' },
      seed_items: [],
      unparsable_items: [],
      total_item_count: 5,
      complete_item_count: 5,
      seed_item_count: 0,
      unparsable_item_count: 0,
      not_authorised_count: 2,
    });
  });

  it('sorts by created time oldest first when asked', async () => {
    const pages = await allPages(alice, {
      sort_by: { sort_type: 'CREATED_TIME', ascending: true },
      page_size: 4,
    });
    expect(pages.flatMap((page) => page.items!.map((entry) => entry.display_name))).toEqual(aliceNames);
  });

  it('gives short and empty pages that still carry a key when access filtering removes items', async () => {
    const pages = await allPages(bob, { page_size: 2 });
    expect(pages.map((page) => page.items!.length)).toEqual([2, 0, 0, 0]);
    expect(pages.map((page) => page.pagination_key === null)).toEqual([false, false, false, true]);
    expect(pages.map((page) => page.not_authorised_count)).toEqual([0, 2, 2, 1]);
    expect(pages[1]).toMatchObject({ total_item_count: 0, complete_item_count: 0 });
    expect(pages.flatMap((page) => page.items!.map((entry) => entry.id)).sort()).toEqual(
      [handles['Bob one'], handles['Bob two']].sort(),
    );
  });

  it('returns a key after a full page even when nothing follows (the next page is empty)', async () => {
    const first = await list(alice, { page_size: 7 });
    expect(first.body.items).toHaveLength(5);
    expect(first.body.pagination_key).not.toBeNull();
    const second = await list(alice, { page_size: 7, pagination_key: first.body.pagination_key });
    expect(second.body.items).toEqual([]);
    expect(second.body.pagination_key).toBeNull();
  });

  it('moves an updated dataset to the front of the default order', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // timestamps are whole seconds
    await harness.request('POST', '/register/update-metadata', {
      token: alice,
      query: { handle_id: handles.Bravo, reason: 'touch' },
      body: validCollectionFormat(harness.organisationId, 'Bravo'),
    });
    const reply = await list(alice, { page_size: 1 });
    expect(reply.body.items![0]!.display_name).toBe('Bravo');
  });

  it('filters externally hosted datasets by URI prefix', async () => {
    const external = validCollectionFormat(harness.organisationId, 'External');
    external.dataset_info.access_info = {
      reposited: false,
      uri: 'https://data.example.org/x/1',
      description: 'Hosted by the lab',
    };
    const id = await mint(harness, alice, external);
    const reply = await list(alice, {
      sort_by: { sort_type: 'ACCESS_INFO_URI_BEGINS_WITH', begins_with: 'https://data.example.org/x' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.items!.map((entry) => [entry.id, entry.access_info_uri])).toEqual([
      [id, 'https://data.example.org/x/1'],
    ]);
  });

  it('refuses begins_with with another sort type as a 422 on the sort options', async () => {
    const reply = await list(alice, { sort_by: { sort_type: 'DISPLAY_NAME', begins_with: 'https://' } });
    expect(locations(reply)).toEqual([['body', 'sort_by', '__root__']]);
    expect(locations(await list(alice, { sort_by: { sort_type: 'SIZE' as never } }))).toEqual([
      ['body', 'sort_by', 'sort_type'],
    ]);
    expect(locations(await list(alice, { page_size: 'many' as never }))).toEqual([['body', 'page_size']]);
  });

  it('answers 500 for the release timestamp sort, as the registry does for datasets', async () => {
    const reply = await list(alice, { sort_by: { sort_type: 'RELEASE_TIMESTAMP' } });
    expect(reply.status).toBe(500);
    expect(reply.body.detail).toMatch(/^Unexpected non 200 status code in dataset list process/);
  });

  it('answers 400 for a pagination key it did not hand out', async () => {
    const reply = await list(alice, { pagination_key: { id: 5 } });
    expect(reply.status).toBe(400);
    const wrongSort = await list(alice, { page_size: 1 });
    const mixed = await list(alice, {
      sort_by: { sort_type: 'DISPLAY_NAME' },
      pagination_key: wrongSort.body.pagination_key,
    });
    expect(mixed.status).toBe(400);
  });

  it('lets readers list and refuses users without the read role', async () => {
    expect((await list(await harness.token('reed'), {})).status).toBe(200);
    expect((await list(await harness.token('nobody'), {})).status).toBe(401);
  });
});
