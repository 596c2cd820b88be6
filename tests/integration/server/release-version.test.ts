import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatusTable, VersionResponse } from '../../../shared/provena/index.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { item, locations, mint, rootClient } from './helpers.ts';

describe.each(storageBackends())('release workflow and versioning on $name', ({ storage }) => {
  let harness: Harness;
  const tokens: Record<string, string> = {};
  const request = (token: string, body: unknown) =>
    harness.request<Record<string, unknown>>('POST', '/release/approval-request', { token, body });
  const action = (token: string, body: unknown) =>
    harness.request<Record<string, unknown>>('PUT', '/release/action-approval-request', { token, body });
  const writeCredentials = (token: string, id: string) =>
    harness.request<Record<string, unknown>>(
      'POST',
      '/registry/credentials/generate-write-access-credentials',
      {
        token,
        body: { dataset_id: id, console_session_required: false },
      },
    );
  const version = (token: string, body: unknown) =>
    harness.request<VersionResponse & { detail?: string }>('POST', '/register/version', { token, body });

  beforeAll(async () => {
    harness = await startHarness({ storage });
    for (const user of ['alice', 'bob', 'rita', 'reed', 'ada', 'loner'])
      tokens[user] = await harness.token(user);
  });
  afterAll(async () => harness?.stop());

  it('lists, adds and deletes reviewers with null bodies and the sys-admin gates', async () => {
    const list = await harness.request<string[]>('GET', '/release/sys-reviewers/list', {
      token: tokens.alice,
    });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([harness.personIds.rita]);
    expect((await harness.request('GET', '/release/sys-reviewers/list', { token: tokens.reed })).status).toBe(
      401,
    );

    const refused = await harness.request('POST', '/release/sys-reviewers/add', {
      token: tokens.alice,
      query: { reviewer_id: 'x' },
    });
    expect(refused.status).toBe(401);
    const added = await harness.request('POST', '/release/sys-reviewers/add', {
      token: tokens.ada,
      query: { reviewer_id: 'not-even-a-person' },
    });
    expect(added.status).toBe(200);
    expect(added.text).toBe('null');
    expect(added.headers.get('content-type')).toContain('application/json');
    expect(
      locations(await harness.request('POST', '/release/sys-reviewers/add', { token: tokens.ada })),
    ).toEqual([['query', 'reviewer_id']]);
    const deleted = await harness.request('DELETE', '/release/sys-reviewers/delete', {
      token: tokens.ada,
      query: { reviewer_id: 'not-even-a-person' },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('null');
    const after = await harness.request<string[]>('GET', '/release/sys-reviewers/list', {
      token: tokens.alice,
    });
    expect(after.body).toEqual([harness.personIds.rita]);
  });

  it('walks the release state machine: request, reject, request again, approve, then refuse more', async () => {
    const rita = harness.personIds.rita!;
    const id = await mint(harness, tokens.alice!);
    expect((await writeCredentials(tokens.alice!, id)).status).toBe(200);

    expect((await request(tokens.bob!, { dataset_id: id, approver_id: rita, notes: 'n' })).status).toBe(401);
    expect((await request(tokens.loner!, { dataset_id: id, approver_id: rita, notes: 'n' })).status).toBe(
      400,
    );
    const notReviewer = await request(tokens.alice!, {
      dataset_id: id,
      approver_id: harness.personIds.bob,
      notes: 'n',
    });
    expect(notReviewer.status).toBe(400);
    expect(notReviewer.body.detail).toMatch(/is not a system dataset reviewer/);

    const requested = await request(tokens.alice!, {
      dataset_id: id,
      approver_id: rita,
      notes: 'Please release',
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toEqual({
      dataset_id: id,
      approver_id: rita,
      details:
        'Successfully sent request to approve dataset release to approver. Email notification included.',
    });
    let record = await item(harness, tokens.alice!, id);
    expect(record).toMatchObject({ release_status: 'PENDING', release_approver: rita });
    expect(record.release_timestamp).toEqual(expect.any(Number));
    expect(record.release_history).toEqual([
      {
        action: 'REQUEST',
        timestamp: record.release_timestamp,
        approver: rita,
        requester: harness.personIds.alice,
        notes: 'Please release',
      },
    ]);
    expect(record.history).toHaveLength(1);

    const again = await request(tokens.alice!, { dataset_id: id, approver_id: rita, notes: 'n' });
    expect(again.status).toBe(400);
    expect(again.body.detail).toBe(
      `Dataset ${id} is already pending review or is released. Cannot request a review while another is unresolved.`,
    );
    const pendingWrite = await writeCredentials(tokens.alice!, id);
    expect(pendingWrite.status).toBe(403);
    expect(pendingWrite.body).toEqual({
      detail: `Dataset ${id} is pending review or is released. Cannot modify dataset files while a review is ongoing.`,
    });
    const read = await harness.request('POST', '/registry/credentials/generate-read-access-credentials', {
      token: tokens.alice,
      body: { dataset_id: id, console_session_required: false },
    });
    expect(read.status).toBe(200);

    const notAReviewer = await action(tokens.alice!, { dataset_id: id, approve: true, notes: 'self' });
    expect(notAReviewer.status).toBe(401);
    expect(notAReviewer.body.detail).toMatch(/^You are not a dataset reviewer/);
    expect((await action(tokens.loner!, { dataset_id: id, approve: true, notes: 'x' })).status).toBe(400);
    await harness.request('POST', '/release/sys-reviewers/add', {
      token: tokens.ada,
      query: { reviewer_id: harness.personIds.bob },
    });
    const wrongReviewer = await action(tokens.bob!, { dataset_id: id, approve: true, notes: 'x' });
    expect(wrongReviewer.status).toBe(401);
    expect(wrongReviewer.body.detail).toMatch(/is not the approver for dataset/);
    await harness.request('DELETE', '/release/sys-reviewers/delete', {
      token: tokens.ada,
      query: { reviewer_id: harness.personIds.bob },
    });

    const rejected = await action(tokens.rita!, { dataset_id: id, approve: false, notes: 'Needs a licence' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({
      dataset_id: id,
      approved: false,
      details: 'Succesfully responded to dataset release approval request.',
    });
    record = await item(harness, tokens.alice!, id);
    expect(record.release_status).toBe('NOT_RELEASED');
    expect(record.release_history.map((entry) => [entry.action, entry.requester ?? null])).toEqual([
      ['REQUEST', harness.personIds.alice],
      ['REJECT', null],
    ]);
    const notPending = await action(tokens.rita!, { dataset_id: id, approve: true, notes: 'x' });
    expect(notPending.status).toBe(400);
    expect(notPending.body.detail).toBe(`Dataset ${id} is not pending review. Cannot perform this action.`);
    expect((await writeCredentials(tokens.alice!, id)).status).toBe(200);

    expect((await request(tokens.alice!, { dataset_id: id, approver_id: rita, notes: 'Fixed' })).status).toBe(
      200,
    );
    expect((await action(tokens.rita!, { dataset_id: id, approve: true, notes: 'Looks good' })).status).toBe(
      200,
    );
    record = await item(harness, tokens.alice!, id);
    expect(record.release_status).toBe('RELEASED');
    expect(record.release_history.map((entry) => entry.action)).toEqual([
      'REQUEST',
      'REJECT',
      'REQUEST',
      'APPROVE',
    ]);
    expect((await writeCredentials(tokens.alice!, id)).status).toBe(403);
    expect((await request(tokens.alice!, { dataset_id: id, approver_id: rita, notes: 'again' })).status).toBe(
      400,
    );
    expect((await action(tokens.rita!, { dataset_id: id, approve: false, notes: 'x' })).status).toBe(400);

    const update = await harness.request('POST', '/register/update-metadata', {
      token: tokens.alice,
      query: { handle_id: id, reason: 'typo' },
      body: record.collection_format,
    });
    expect(update.status).toBe(200);
    expect((await item(harness, tokens.alice!, id)).release_status).toBe('RELEASED');

    const next = await version(tokens.alice!, { id, reason: 'New data' });
    expect(next.status).toBe(200);
    const fresh = await item(harness, tokens.alice!, next.body.new_version_id);
    expect(fresh).toMatchObject({
      release_status: 'NOT_RELEASED',
      release_history: [],
      release_approver: null,
      release_timestamp: null,
    });
    expect((await writeCredentials(tokens.alice!, fresh.id)).status).toBe(200);
  });

  it('creates a version with a new prefix holding only metadata.json, linked both ways', async () => {
    const id = await mint(harness, tokens.alice!);
    const original = await item(harness, tokens.alice!, id);
    await rootClient(harness).send(
      new PutObjectCommand({
        Bucket: harness.s3.bucket,
        Key: `${original.s3.path}data/a.csv`,
        Body: 'a,b\n1,2\n',
      }),
    );
    const reply = await version(tokens.alice!, { id, reason: 'Second collection run' });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['new_version_id', 'version_job_session_id']);
    const newId = reply.body.new_version_id;
    expect(newId).not.toBe(id);

    const previous = await item(harness, tokens.alice!, id);
    expect(previous.versioning_info?.next_version).toBe(newId);
    expect(previous.history).toHaveLength(1);
    const created = await item(harness, tokens.alice!, newId);
    expect(created.versioning_info).toEqual({
      previous_version: id,
      version: 2,
      reason: 'Second collection run',
      next_version: null,
    });
    expect(created.s3.path).toBe(`datasets/${newId.replace(/[./]/g, '-')}/`);
    expect(created.collection_format).toEqual(original.collection_format);
    expect(created.workflow_links?.version_activity_workflow_id).toBe(reply.body.version_job_session_id);
    expect(created.history.map((entry) => [entry.id, entry.reason])).toEqual([
      [1, "(System) Dataset S3 path updated to new version's storage location"],
      [0, `New version of existing item (id=${id}).`],
    ]);
    expect(created.history[1]!.item.s3).toEqual(original.s3);

    const listing = await rootClient(harness).send(
      new ListObjectsV2Command({ Bucket: harness.s3.bucket, Prefix: created.s3.path }),
    );
    expect(listing.Contents?.map((object) => object.Key)).toEqual([`${created.s3.path}metadata.json`]);

    const job = await harness.request<{ job: JobStatusTable }>('GET', '/jobs/user/fetch', {
      token: tokens.alice,
      query: { session_id: reply.body.version_job_session_id },
    });
    expect(job.body.job).toMatchObject({
      job_type: 'REGISTRY',
      job_sub_type: 'REGISTER_VERSION_ACTIVITY',
      status: 'SUCCEEDED',
      payload: {
        from_version_id: id,
        to_version_id: newId,
        version_number: 2,
        reason: 'Second collection run',
      },
      result: { version_activity_id: expect.any(String), lodge_session_id: expect.any(String) },
    });
    const lodge = await harness.request<{ job: JobStatusTable }>('GET', '/jobs/user/fetch', {
      token: tokens.alice,
      query: { session_id: job.body.job.result!.lodge_session_id as string },
    });
    expect(lodge.body.job).toMatchObject({
      job_type: 'PROV_LODGE',
      job_sub_type: 'LODGE_VERSION_ACTIVITY',
      status: 'SUCCEEDED',
      result: {},
    });
  });

  it('refuses to version anything but the latest version, and callers without admin or a person', async () => {
    const id = await mint(harness, tokens.alice!);
    const first = await version(tokens.alice!, { id, reason: 'v2' });
    expect(first.status).toBe(200);
    const stale = await version(tokens.alice!, { id, reason: 'v2 again' });
    expect(stale.status).toBe(400);
    expect(stale.body.detail).toMatch(/which is not the latest version/);
    const stranger = await version(tokens.bob!, { id: first.body.new_version_id, reason: 'mine now' });
    expect(stranger.status).toBe(401);
    expect(stranger.body.detail).toMatch(/^Dataset version failed, not authorised 401/);
    expect((await version(tokens.loner!, { id: first.body.new_version_id, reason: 'x' })).status).toBe(400);
    expect((await version(tokens.alice!, { id: '10378.1/999999', reason: 'x' })).status).toBe(400);
    expect((await version(tokens.reed!, { id, reason: 'x' })).status).toBe(401);
    expect(locations(await version(tokens.alice!, { id }))).toEqual([['body', 'reason']]);
    const third = await version(tokens.alice!, { id: first.body.new_version_id, reason: 'v3' });
    expect((await item(harness, tokens.alice!, third.body.new_version_id)).versioning_info?.version).toBe(3);
  });
});
