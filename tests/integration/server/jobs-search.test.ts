import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  JobStatusTable,
  ListJobsResponse,
  MintResponse,
  QueryResults,
} from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { locations, mint } from './helpers.ts';

/** Polls a job until it succeeds, recording each distinct answer (status code or job status). */
async function observe(
  harness: Harness,
  token: string,
  sessionId: string,
): Promise<{ seen: string[]; job: JobStatusTable }> {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 400; attempt++) {
    const reply = await harness.request<{ job: JobStatusTable; detail?: string }>('GET', '/jobs/user/fetch', {
      token,
      query: { session_id: sessionId },
    });
    const state = reply.status === 200 ? reply.body.job.status : `${reply.status} ${reply.body.detail}`;
    if (seen.at(-1) !== state) seen.push(state);
    if (reply.status === 200 && reply.body.job.status === 'SUCCEEDED') return { seen, job: reply.body.job };
    if (reply.status !== 200 && reply.status !== 400) throw new Error(`unexpected ${reply.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job did not finish: ${seen.join(' → ')}`);
}

describe.each(storageBackends())('jobs on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  beforeAll(async () => {
    harness = await startHarness({
      storage,
      config: { jobs: { appearAfterMs: 800, pendingMs: 800, inProgressMs: 800 } },
    });
    alice = await harness.token('alice');
  });
  afterAll(async () => harness?.stop());

  it('moves the create job from not found through PENDING and IN_PROGRESS to SUCCEEDED, then its lodge job', async () => {
    const minted = await harness.request<MintResponse>('POST', '/register/mint-dataset', {
      token: alice,
      body: validCollectionFormat(harness.organisationId),
    });
    const first = await observe(harness, alice, minted.body.register_create_activity_session_id!);
    expect(first.seen).toEqual(['400 Item was not found.', 'PENDING', 'IN_PROGRESS', 'SUCCEEDED']);
    expect(first.job).toMatchObject({
      username: 'alice',
      job_type: 'REGISTRY',
      job_sub_type: 'REGISTER_CREATE_ACTIVITY',
      gsi_status: 'ok',
      batch_id: null,
      info: null,
      payload: {
        created_item_id: minted.body.handle,
        created_item_subtype: 'DATASET',
        linked_person_id: harness.personIds.alice,
      },
      result: { creation_activity_id: expect.any(String), lodge_session_id: expect.any(String) },
    });
    const lodge = await observe(harness, alice, first.job.result!.lodge_session_id as string);
    expect(lodge.seen).toEqual(['400 Item was not found.', 'PENDING', 'IN_PROGRESS', 'SUCCEEDED']);
    expect(lodge.job).toMatchObject({
      job_type: 'PROV_LODGE',
      job_sub_type: 'LODGE_CREATE_ACTIVITY',
      result: {},
    });
  });

  it('shows no result before a job succeeds', async () => {
    const minted = await harness.request<MintResponse>('POST', '/register/mint-dataset', {
      token: alice,
      body: validCollectionFormat(harness.organisationId),
    });
    let job: JobStatusTable | undefined;
    for (let attempt = 0; attempt < 100 && !job; attempt++) {
      const reply = await harness.request<{ job: JobStatusTable }>('GET', '/jobs/user/fetch', {
        token: alice,
        query: { session_id: minted.body.register_create_activity_session_id! },
      });
      if (reply.status === 200 && reply.body.job.status !== 'SUCCEEDED') job = reply.body.job;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(job?.result).toBeNull();
  });

  it("refuses someone else's job with 401 and an unknown session with 400", async () => {
    const id = await mint(harness, alice);
    const item = await harness.request<{ item: { workflow_links: { create_activity_workflow_id: string } } }>(
      'GET',
      '/registry/items/fetch-dataset',
      { token: alice, query: { handle_id: id } },
    );
    const session = item.body.item.workflow_links.create_activity_workflow_id;
    await observe(harness, alice, session);
    const other = await harness.request('GET', '/jobs/user/fetch', {
      token: await harness.token('bob'),
      query: { session_id: session },
    });
    expect(other.status).toBe(401);
    const unknown = await harness.request('GET', '/jobs/user/fetch', {
      token: alice,
      query: { session_id: 'no-such-job' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ detail: 'Item was not found.' });
    expect(locations(await harness.request('GET', '/jobs/user/fetch', { token: alice }))).toEqual([
      ['query', 'session_id'],
    ]);
  });

  it("lists the caller's visible jobs newest first, in pages", async () => {
    const pages: ListJobsResponse[] = [];
    let key: Record<string, unknown> | null | undefined;
    do {
      const reply = await harness.request<ListJobsResponse>('POST', '/jobs/user/list', {
        token: alice,
        body: { limit: 2, pagination_key: key },
      });
      expect(reply.status).toBe(200);
      pages.push(reply.body);
      key = reply.body.pagination_key;
    } while (key);
    const jobs = pages.flatMap((page) => page.jobs);
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    expect(jobs.every((job) => job.username === 'alice')).toBe(true);
    const times = jobs.map((job) => job.created_timestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const bobs = await harness.request<ListJobsResponse>('POST', '/jobs/user/list', {
      token: await harness.token('bob'),
      body: {},
    });
    expect(bobs.body).toEqual({ jobs: [], pagination_key: null });
    const batch = await harness.request<ListJobsResponse>('POST', '/jobs/user/list_batch', {
      token: alice,
      body: { batch_id: 'b-1' },
    });
    expect(batch.body).toEqual({ jobs: [], pagination_key: null });
  });
});

describe.each(storageBackends())('search on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  const search = (token: string, query: Record<string, string | number | undefined>) =>
    harness.request<QueryResults>('GET', '/search/entity-registry', { token, query });

  beforeAll(async () => {
    harness = await startHarness({ storage });
    alice = await harness.token('alice');
  });
  afterAll(async () => harness?.stop());

  it('finds datasets by words of their name, keywords and description, best first, ids and scores only', async () => {
    const soil = await mint(
      harness,
      alice,
      validCollectionFormat(harness.organisationId, 'Soil moisture at Ginninderra'),
    );
    const rain = validCollectionFormat(harness.organisationId, 'Rainfall totals');
    rain.dataset_info.description = 'Daily rain gauge totals, related to soil moisture.';
    rain.dataset_info.keywords = ['rain'];
    const rainId = await mint(harness, alice, rain);
    const reply = await search(alice, { query: 'ginninderra', subtype_filter: 'DATASET' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: { success: true, details: expect.any(String) },
      results: [{ id: soil, score: expect.any(Number) }],
      warnings: [],
    });
    const both = await search(alice, { query: 'ginnind rain', subtype_filter: 'DATASET' });
    expect(both.body.results!.map((result) => result.id).sort()).toEqual([soil, rainId].sort());
    const scores = both.body.results!.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('puts an exact handle first and filters by subtype', async () => {
    const id = await mint(harness, alice);
    expect((await search(alice, { query: id })).body.results![0]!.id).toBe(id);
    const organisations = await search(alice, { query: 'Test Organisation', subtype_filter: 'ORGANISATION' });
    expect(organisations.body.results!.map((result) => result.id)).toEqual([harness.organisationId]);
    const people = await search(alice, { query: 'bob', subtype_filter: 'PERSON' });
    expect(people.body.results!.map((result) => result.id)).toEqual([harness.personIds.bob]);
  });

  it('returns 10 results by default and never more than 50', async () => {
    for (let index = 0; index < 52; index++) {
      await mint(harness, alice, validCollectionFormat(harness.organisationId, `Plentiful sample ${index}`));
    }
    expect((await search(alice, { query: 'plentiful' })).body.results).toHaveLength(10);
    expect((await search(alice, { query: 'plentiful', record_limit: 3 })).body.results).toHaveLength(3);
    expect((await search(alice, { query: 'plentiful', record_limit: 500 })).body.results).toHaveLength(50);
  });

  it('answers 422 for a missing query or a limit that is not a number, and 401 without the read role', async () => {
    expect(locations(await search(alice, {}))).toEqual([['query', 'query']]);
    expect(locations(await search(alice, { query: 'x', record_limit: 'ten' }))).toEqual([
      ['query', 'record_limit'],
    ]);
    expect((await search(await harness.token('nobody'), { query: 'x' })).status).toBe(401);
  });
});
