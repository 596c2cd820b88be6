import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionFormatInput } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { fetchDataset, item, locations, mint, rootClient } from './helpers.ts';

describe.each(storageBackends())('fetch, update and revert on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  const metadata = (name: string, change?: (value: CollectionFormatInput) => void) => {
    const value = validCollectionFormat(harness.organisationId, name);
    change?.(value);
    return value;
  };
  const update = (token: string, id: string, reason: string, body: unknown) =>
    harness.request<Record<string, unknown>>('POST', '/register/update-metadata', {
      token,
      query: { handle_id: id, reason },
      body,
    });
  const revert = (token: string, body: unknown) =>
    harness.request<Record<string, unknown>>('PUT', '/register/revert-metadata', { token, body });
  const metadataFile = async (path: string) => {
    const object = await rootClient(harness).send(
      new GetObjectCommand({ Bucket: harness.s3.bucket, Key: `${path}metadata.json` }),
    );
    return JSON.parse(await object.Body!.transformToString()) as CollectionFormatInput;
  };

  beforeAll(async () => {
    harness = await startHarness({ storage });
    alice = await harness.token('alice');
    bob = await harness.token('bob');
  });
  afterAll(async () => harness?.stop());

  it('answers 400 for an empty, unknown or non-dataset id and 422 for a missing one', async () => {
    const empty = await fetchDataset(harness, alice, '');
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ detail: 'Empty string received for query handle_id' });
    const unknown = await fetchDataset(harness, alice, '10378.1/999999');
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as { detail: string }).detail).toMatch(
      /^The registry API responded with status success False during dataset fetching\. Details: /,
    );
    expect((await fetchDataset(harness, alice, harness.organisationId)).status).toBe(400);
    const missing = await harness.request('GET', '/registry/items/fetch-dataset', { token: alice });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [{ loc: ['query', 'handle_id'], msg: 'field required', type: 'value_error.missing' }],
    });
  });

  it('updates metadata, rewrites metadata.json and prepends a history entry', async () => {
    const id = await mint(harness, alice, metadata('First name'));
    const changed = metadata(
      'Second name',
      (value) => (value.dataset_info.user_metadata = { site: 'north' }),
    );
    const reply = await update(alice, id, 'Renamed for clarity', changed);
    expect(reply.status).toBe(200);
    const record = await item(harness, alice, id);
    expect(reply.body).toEqual({
      status: {
        success: true,
        details: 'Successfully updated metadata in Registry and S3 bucket - see location details.',
      },
      handle: id,
      s3_location: record.s3,
    });
    expect(record.display_name).toBe('Second name');
    expect(record.user_metadata).toEqual({ site: 'north' });
    expect(record.history.map((entry) => [entry.id, entry.reason])).toEqual([
      [1, 'Renamed for clarity'],
      [0, 'Initial record creation'],
    ]);
    expect(record.history[0]!.item.display_name).toBe('Second name');
    expect(record.history[1]!.item.display_name).toBe('First name');
    expect(await metadataFile(record.s3.path)).toEqual(changed);
  });

  it('answers 400 (not 200) for field-rule and registry failures on update, and 422 for parse failures', async () => {
    const id = await mint(harness, alice);
    const rule = await update(
      alice,
      id,
      'r',
      metadata('x', (value) => (value.approvals.ethics_access = { relevant: true, obtained: false })),
    );
    expect(rule.status).toBe(400);
    expect(rule.body.detail).toMatch(/^Failed field value validation\. Error: /);
    const registry = await update(
      alice,
      id,
      'r',
      metadata('x', (value) => (value.dataset_info.publisher_id = 'nobody/1')),
    );
    expect(registry.status).toBe(400);
    expect(registry.body.detail).toMatch(/^Registry API responded with an error during validation, error: /);
    const both = await harness.request('POST', '/register/update-metadata', {
      token: alice,
      query: { handle_id: id },
      body: {},
    });
    expect(locations(both)).toEqual([
      ['query', 'reason'],
      ['body', 'associations'],
      ['body', 'approvals'],
      ['body', 'dataset_info'],
    ]);
    expect((await item(harness, alice, id)).history).toHaveLength(1);
  });

  it('answers 400 for an unknown dataset and 401 for users without a metadata write role', async () => {
    const id = await mint(harness, alice);
    expect((await update(alice, '10378.1/999999', 'r', metadata('x'))).status).toBe(400);
    const stranger = await update(bob, id, 'r', metadata('x'));
    expect(stranger.status).toBe(401);
    expect(stranger.body).toEqual({ detail: 'You are not authorised to write metadata for this dataset!' });
    expect((await update(await harness.token('reed'), id, 'r', metadata('x'))).status).toBe(401);
  });

  it('refuses updates and reverts of a locked dataset with 401 until it is unlocked', async () => {
    const id = await mint(harness, alice);
    const lock = await harness.request('PUT', '/registry/entity/dataset/locks/lock', {
      token: alice,
      body: { id, reason: 'audit' },
    });
    expect(lock.status).toBe(200);
    expect((await fetchDataset(harness, alice, id)).body.locked).toBe(true);
    const locked = await update(alice, id, 'r', metadata('x'));
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual({
      detail: 'This dataset is locked - you cannot update the metadata. Unlock the dataset first.',
    });
    expect((await revert(alice, { id, history_id: 0, reason: 'r' })).status).toBe(401);
    expect(
      (
        await harness.request('PUT', '/registry/entity/dataset/locks/lock', {
          token: bob,
          body: { id, reason: 'x' },
        })
      ).status,
    ).toBe(401);
    await harness.request('PUT', '/registry/entity/dataset/locks/unlock', {
      token: alice,
      body: { id, reason: 'done' },
    });
    expect((await update(alice, id, 'r', metadata('x'))).status).toBe(200);
  });

  it('reverts to an earlier entry as a new update with the documented reason', async () => {
    const id = await mint(harness, alice, metadata('Original'));
    await update(
      alice,
      id,
      'first change',
      metadata('Changed', (value) => (value.dataset_info.keywords = ['new'])),
    );
    const reply = await revert(alice, { id, history_id: 0, reason: 'wrong change' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: {
        success: true,
        details: 'Successfully reverted metadata in Registry and S3 bucket - see location details.',
      },
    });
    const record = await item(harness, alice, id);
    expect(record.history.map((entry) => entry.id)).toEqual([2, 1, 0]);
    expect(record.history[0]!.reason).toBe('Reverting dataset to history id 0. Reason: wrong change.');
    expect(record.display_name).toBe('Original');
    expect(record.collection_format).toEqual(record.history[2]!.item.collection_format);
    expect(await metadataFile(record.s3.path)).toEqual(metadata('Original'));
  });

  it('answers 400 for a history id the dataset does not have, 401 for strangers and 422 for bad bodies', async () => {
    const id = await mint(harness, alice);
    const unknown = await revert(alice, { id, history_id: 7, reason: 'r' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      detail: `The item with id ${id} does not have a history entry with id matching 7. No action taken.`,
    });
    expect((await revert(bob, { id, history_id: 0, reason: 'r' })).status).toBe(401);
    expect(locations(await revert(alice, { id, history_id: 'zero' }))).toEqual([
      ['body', 'history_id'],
      ['body', 'reason'],
    ]);
  });

  it('hides a dataset whose general access is removed and shows it to a user granted a role', async () => {
    const id = await mint(harness, alice);
    const configure = (users: Record<string, string[]>) =>
      harness.request('PUT', '/registry/entity/dataset/auth/configure', {
        token: alice,
        query: { id },
        body: { owner: 'alice', general: [], groups: {}, users },
      });
    expect((await configure({})).status).toBe(200);
    const hidden = await fetchDataset(harness, bob, id);
    expect(hidden.status).toBe(401);
    expect((hidden.body as unknown as { detail: string }).detail).toMatch(
      /^Registry did not grant access to the dataset/,
    );
    expect((await configure({ bob: ['metadata-write'] })).status).toBe(200);
    const granted = await fetchDataset(harness, bob, id);
    expect(granted.body.roles).toEqual(['metadata-read', 'metadata-write']);
    expect((await update(bob, id, 'bob edits', metadata('Bob was here'))).status).toBe(200);
    const settings = await harness.request('GET', '/registry/entity/dataset/auth/configuration', {
      token: alice,
      query: { id },
    });
    expect(settings.body).toEqual({
      owner: 'alice',
      general: [],
      groups: {},
      users: { bob: ['metadata-read', 'metadata-write'] },
    });
  });
});
