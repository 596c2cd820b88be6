import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionFormatInput, MintResponse } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { storageBackends } from './backends.ts';
import { fetchDataset, item, locations, mint, rootClient } from './helpers.ts';

type Body = CollectionFormatInput & Record<string, unknown>;

describe.each(storageBackends())('mint, validate and schema on $name', ({ storage }) => {
  let harness: Harness;
  let alice: string;
  const body = (change?: (value: Body) => void): Body => {
    const value = validCollectionFormat(harness.organisationId) as Body;
    change?.(value);
    return value;
  };
  const mintReply = (token: string, value: unknown) =>
    harness.request<MintResponse>('POST', '/register/mint-dataset', { token, body: value });

  beforeAll(async () => {
    harness = await startHarness({ storage });
    alice = await harness.token('alice');
  });
  afterAll(async () => harness?.stop());

  it('mints a dataset under the handle prefix with its storage prefix and a job', async () => {
    const reply = await mintReply(alice, body());
    expect(reply.status).toBe(200);
    const handle = reply.body.handle!;
    expect(handle).toMatch(/^10378\.1\/\d+$/);
    const sanitised = handle.replace(/[./]/g, '-');
    expect(reply.body).toEqual({
      status: { success: true, details: 'Successfully seeded location - see location details.' },
      handle,
      s3_location: {
        bucket_name: harness.s3.bucket,
        path: `datasets/${sanitised}/`,
        s3_uri: `s3://${harness.s3.bucket}/datasets/${sanitised}/`,
      },
      register_create_activity_session_id: expect.any(String),
    });
  });

  it('writes metadata.json with indent 2, defaults applied and nulls omitted', async () => {
    const handle = await mint(
      harness,
      alice,
      body((value) => {
        delete (value.approvals.ethics_access as { obtained?: boolean }).obtained;
        value.dataset_info.purpose = null;
      }),
    );
    const stored = await item(harness, alice, handle);
    const object = await rootClient(harness).send(
      new GetObjectCommand({ Bucket: harness.s3.bucket, Key: `${stored.s3.path}metadata.json` }),
    );
    const text = await object.Body!.transformToString();
    const expected = body((value) => delete (value.dataset_info as { purpose?: unknown }).purpose);
    expect(text).toBe(JSON.stringify(expected, null, 2));
  });

  it('returns the minted record with nulls present, history from id 0 and every role for the owner', async () => {
    const handle = await mint(harness, alice);
    const reply = await fetchDataset(harness, alice, handle);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toEqual({
      success: true,
      details: `Successfully fetched data for handle '${handle}'`,
    });
    expect(reply.body.roles.sort()).toEqual([
      'admin',
      'dataset-data-read',
      'dataset-data-write',
      'metadata-read',
      'metadata-write',
    ]);
    expect(reply.body.locked).toBe(false);
    const record = reply.body.item;
    expect(record).toMatchObject({
      id: handle,
      owner_username: 'alice',
      item_category: 'ENTITY',
      item_subtype: 'DATASET',
      record_type: 'COMPLETE_ITEM',
      display_name: 'Soil moisture 2024',
      release_status: 'NOT_RELEASED',
      release_history: [],
      release_approver: null,
      release_timestamp: null,
      access_info_uri: null,
      user_metadata: null,
      versioning_info: { previous_version: null, version: 1, reason: null, next_version: null },
    });
    expect(record.collection_format.associations.data_custodian_id).toBeNull();
    expect(record.history).toHaveLength(1);
    expect(record.history[0]).toMatchObject({ id: 0, reason: 'Initial record creation', username: 'alice' });
    expect(record.history[0]!.item.collection_format).toEqual(record.collection_format);
  });

  it('lets a reader fetch but gives them only metadata-read', async () => {
    const handle = await mint(harness, alice);
    const reply = await fetchDataset(harness, await harness.token('reed'), handle);
    expect(reply.status).toBe(200);
    expect(reply.body.roles).toEqual(['metadata-read']);
  });

  it.each([
    ['ethics_registration', true, false, /without appropriate permissions and consent for it's registration/],
    ['ethics_registration', false, true, /was not marked as containing ethics and privacy sensitive data/],
    ['ethics_access', true, false, /for it's access in the system/],
    ['ethics_access', false, true, /was not marked as containing ethics and privacy sensitive data/],
    ['indigenous_knowledge', true, false, /^Please obtain mandatory consent/],
    [
      'indigenous_knowledge',
      false,
      true,
      /does not contain Indigenous knowledge, but consent has been obtained/,
    ],
    ['export_controls', true, false, /subject to export controls but have not performed/],
    ['export_controls', false, true, /marked as not containing sensitive data but has obtained consents/],
  ] as const)(
    'answers 200 with success=false when %s is relevant=%s obtained=%s',
    async (key, relevant, obtained, message) => {
      const reply = await mintReply(
        alice,
        body((value) => (value.approvals[key] = { relevant, obtained })),
      );
      expect(reply.status).toBe(200);
      expect(reply.body.status.success).toBe(false);
      expect(reply.body.status.details).toMatch(/^Failed field value validation\. Error: /);
      expect(reply.body.status.details.replace('Failed field value validation. Error: ', '')).toMatch(
        message,
      );
      expect(reply.body).toMatchObject({
        handle: null,
        s3_location: null,
        register_create_activity_session_id: null,
      });
    },
  );

  it('answers 200 with success=false for a published date before the created date', async () => {
    const reply = await mintReply(
      alice,
      body((value) => (value.dataset_info.published_date = { relevant: true, value: '2020-01-01' })),
    );
    expect(reply.body.status).toEqual({
      success: false,
      details: 'Failed field value validation. Error: The published date cannot be before the creation date.',
    });
  });

  it.each([
    ['organisation_id', (value: Body) => (value.associations.organisation_id = '10378.1/999999')],
    ['publisher_id', (value: Body) => (value.dataset_info.publisher_id = '10378.1/999999')],
    ['data_custodian_id', (value: Body) => (value.associations.data_custodian_id = '10378.1/999999')],
  ])('answers 200 with success=false when %s is not in the registry', async (field, change) => {
    const reply = await mintReply(alice, body(change));
    expect(reply.status).toBe(200);
    expect(reply.body.status.success).toBe(false);
    expect(reply.body.status.details).toMatch(
      /^Registry API responded with an error during validation, error: /,
    );
    expect(reply.body.status.details).toContain(field);
  });

  it('refuses a custodian id that names an organisation, not a person', async () => {
    const reply = await mintReply(
      alice,
      body((value) => (value.associations.data_custodian_id = harness.organisationId)),
    );
    expect(reply.body.status.success).toBe(false);
    expect(reply.body.status.details).toContain('not a registered Person');
  });

  it('accepts a custodian who is a registered person', async () => {
    const reply = await mintReply(
      alice,
      body((value) => (value.associations.data_custodian_id = harness.personIds.bob)),
    );
    expect(reply.body.status.success).toBe(true);
  });

  it.each<[string, (value: Body) => void, unknown[]]>([
    [
      'a missing name',
      (value) => delete (value.dataset_info as { name?: string }).name,
      ['body', 'dataset_info', 'name'],
    ],
    ['an extra field', (value) => (value.colour = 'blue'), ['body', 'colour']],
    [
      'an empty description',
      (value) => (value.dataset_info.description = ''),
      ['body', 'dataset_info', 'description'],
    ],
    [
      'a URI on reposited data',
      (value) => (value.dataset_info.access_info = { reposited: true, uri: 'https://x.org/d' }),
      ['body', 'dataset_info', 'access_info', '__root__'],
    ],
    [
      'external data without a description',
      (value) => (value.dataset_info.access_info = { reposited: false, uri: 'https://x.org/d' }),
      ['body', 'dataset_info', 'access_info', '__root__'],
    ],
    [
      'a relevant date without a value',
      (value) => (value.dataset_info.created_date = { relevant: true }),
      ['body', 'dataset_info', 'created_date', '__root__'],
    ],
    [
      'a date value that is not relevant',
      (value) => (value.dataset_info.created_date = { relevant: false, value: '2024-01-01' }),
      ['body', 'dataset_info', 'created_date', '__root__'],
    ],
    [
      'an ftp licence',
      (value) => (value.dataset_info.license = 'ftp://x.org/l'),
      ['body', 'dataset_info', 'license'],
    ],
    [
      'EWKT longer than 50,000 characters',
      (value) => (value.dataset_info.spatial_info = { extent: 'x'.repeat(50_001) }),
      ['body', 'dataset_info', 'spatial_info', 'extent'],
    ],
    [
      'a negative spatial resolution',
      (value) => (value.dataset_info.spatial_info = { resolution: '-0.5' }),
      ['body', 'dataset_info', 'spatial_info', 'resolution'],
    ],
    [
      'a temporal resolution that is not an ISO duration',
      (value) => (value.dataset_info.temporal_info = { resolution: 'hourly' }),
      ['body', 'dataset_info', 'temporal_info', 'resolution'],
    ],
    [
      'a duration ending before it begins',
      (value) =>
        (value.dataset_info.temporal_info = {
          duration: { begin_date: '2024-05-01', end_date: '2024-04-01' },
        }),
      ['body', 'dataset_info', 'temporal_info', 'duration', '__root__'],
    ],
    [
      'a date that does not exist',
      (value) => (value.dataset_info.published_date = { relevant: true, value: '2024-13-01' }),
      ['body', 'dataset_info', 'published_date', 'value'],
    ],
  ])('refuses %s with a 422 naming the field', async (_name, change, location) => {
    expect(locations(await mintReply(alice, body(change)))).toEqual([location]);
  });

  it('answers 422 with a pydantic-style body for a missing body and for JSON that does not parse', async () => {
    const missing = await harness.request('POST', '/register/mint-dataset', { token: alice });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }],
    });
    const broken = await harness.request<{ detail: { loc: unknown[]; type: string }[] }>(
      'POST',
      '/register/mint-dataset',
      {
        token: alice,
        rawBody: '{"associations": ',
      },
    );
    expect(broken.status).toBe(422);
    expect(broken.body.detail[0]).toMatchObject({ loc: ['body', 17], type: 'value_error.jsondecode' });
  });

  it('refuses to mint for a user who is not linked to a person', async () => {
    const reply = await mintReply(await harness.token('loner'), body());
    expect(reply.status).toBe(400);
    expect((reply.body as unknown as { detail: string }).detail).toMatch(/link your user account/);
  });

  it('refuses with 400 when the storage prefix already holds objects, leaving a seed item', async () => {
    // White-box: a mint uses two handles (the dataset and its creation activity), so the next is known.
    const previous = await mint(harness, alice);
    const [prefix, number] = previous.split('/') as [string, string];
    const next = `${prefix}/${Number(number) + 2}`;
    await rootClient(harness).send(
      new PutObjectCommand({
        Bucket: harness.s3.bucket,
        Key: `datasets/${next.replace(/[./]/g, '-')}/stray.txt`,
        Body: 'left over',
      }),
    );
    const reply = await harness.request<{ detail: string }>('POST', '/register/mint-dataset', {
      token: alice,
      body: body(),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(
      /^Failed to find a unique S3 path - is your dataset name a duplicate\? Error: /,
    );
    const seed = await fetchDataset(harness, alice, next);
    expect(seed.status).toBe(400);
    expect(seed.body).toEqual({
      detail: 'The requested dataset is an incomplete item (seed item). It is not a valid dataset.',
    });
  });

  it('validates metadata with a bare Status and writes nothing', async () => {
    const reader = await harness.token('reed');
    const ok = await harness.request('POST', '/metadata/validate-metadata', { token: reader, body: body() });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: true, details: 'Validation successful.' });
    const bad = await harness.request('POST', '/metadata/validate-metadata', {
      token: reader,
      body: body((value) => (value.approvals.export_controls = { relevant: true, obtained: false })),
    });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({
      success: false,
      details: expect.stringMatching(/^Failed field value validation/),
    });
    const unknown = await harness.request('POST', '/metadata/validate-metadata', {
      token: reader,
      body: body((value) => (value.associations.organisation_id = 'nope')),
    });
    expect(unknown.body).toMatchObject({
      success: false,
      details: expect.stringMatching(/^Registry API responded/),
    });
    expect(
      locations(
        await harness.request('POST', '/metadata/validate-metadata', {
          token: reader,
          body: { associations: {} },
        }),
      ),
    ).toContainEqual(['body', 'associations', 'organisation_id']);
    expect(
      (
        await harness.request('POST', '/metadata/validate-metadata', {
          token: await harness.token('nobody'),
          body: body(),
        })
      ).status,
    ).toBe(401);
  });

  it('serves the CollectionFormat JSON schema to readers', async () => {
    const reply = await harness.request<{
      json_schema: { properties: Record<string, unknown>; required: string[] };
    }>('GET', '/metadata/dataset-schema', { token: await harness.token('reed') });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.json_schema.properties)).toEqual([
      'associations',
      'approvals',
      'dataset_info',
    ]);
    expect(reply.body.json_schema.required).toEqual(['associations', 'approvals', 'dataset_info']);
  });
});
