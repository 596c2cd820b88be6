/**
 * The data store client against the reference server and the test OIDC issuer: every route, and Provena's odd
 * status codes arriving as the bridge's error codes.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatastoreClient } from '../../../main/datastore/index.ts';
import type { CollectionFormat } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startDeployment, type Deployment } from './deployment.ts';

let deployment: Deployment;
let alice: DatastoreClient;
let metadata: (name?: string) => CollectionFormat;
let datasetId: string;

beforeAll(async () => {
  // Nobody but the owner can see a dataset: lets tests meet Provena's 401 for missing item roles.
  deployment = await startDeployment({ config: { generalRoles: [] } });
  alice = await deployment.client('alice');
  metadata = (name) => validCollectionFormat(deployment.harness.organisationId, name) as CollectionFormat;
  const minted = await alice.mintDataset(metadata('Shared fixture dataset'));
  datasetId = minted.handle ?? '';
});

afterAll(async () => {
  await deployment?.stop();
});

const expectError = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  expect(promise).rejects.toMatchObject({
    code,
    ...(message ? { message: expect.stringMatching(message) } : {}),
  });

describe('health and identity', () => {
  it('checks health without signing in', async () => {
    await expect(alice.health()).resolves.toEqual({ message: 'Health check successful.' });
  });

  it('says who the caller is, with roles and the linked person', async () => {
    await expect(alice.whoAmI()).resolves.toEqual({
      username: 'alice',
      email: 'alice@example.org',
      roles: ['entity-registry-read', 'entity-registry-write'],
      personId: deployment.harness.personIds.alice,
    });
    await expect((await deployment.client('loner')).whoAmI()).resolves.toMatchObject({
      username: 'loner',
      personId: null,
    });
  });

  it('puts the linked person and the roles into the sign-in state', async () => {
    await deployment.dataStores.refreshIdentity(deployment.profileIds.rita ?? '');
    expect(deployment.auth.state(deployment.profileIds.rita ?? '')).toMatchObject({
      status: 'signed-in',
      personId: deployment.harness.personIds.rita,
      user: { username: 'rita', name: 'Rita Reviewer' },
    });
  });
});

describe('minting and validating', () => {
  it('mints a dataset and follows its registration and lodge jobs to success', async () => {
    const minted = await alice.mintDataset(metadata('Minted in a test'));
    expect(minted.status.success).toBe(true);
    expect(minted.s3_location?.path).toMatch(/^datasets\/.+\/$/);
    const jobs = await alice.awaitMintJobs(minted.register_create_activity_session_id ?? '', { pollMs: 100 });
    expect(jobs.registration).toMatchObject({
      status: 'SUCCEEDED',
      job_sub_type: 'REGISTER_CREATE_ACTIVITY',
    });
    expect(jobs.lodge).toMatchObject({ status: 'SUCCEEDED', job_sub_type: 'LODGE_CREATE_ACTIVITY' });
  });

  it("turns Provena's 200 with success=false on mint into an invalid error carrying the server's details", async () => {
    const bad = metadata('Bad approvals');
    bad.approvals.ethics_access = { relevant: true, obtained: false };
    const error = await alice.mintDataset(bad).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid', details: { details: expect.stringContaining('ethics') } });
  });

  it('maps a body the server cannot parse (422) to invalid with the field errors', async () => {
    const broken = { ...metadata(), unexpected: true } as unknown as CollectionFormat;
    const error = await alice.mintDataset(broken).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid', details: { status: 422, errors: expect.any(Array) } });
  });

  it('answers a dry run with success or the reason, never as an error', async () => {
    await expect(alice.validateMetadata(metadata())).resolves.toMatchObject({ success: true });
    const bad = metadata();
    bad.approvals.export_controls = { relevant: false, obtained: true };
    await expect(alice.validateMetadata(bad)).resolves.toMatchObject({
      success: false,
      details: expect.stringContaining('export'),
    });
  });

  it('maps a missing realm role to forbidden', async () => {
    await expectError((await deployment.client('reed')).mintDataset(metadata()), 'forbidden', /permission/);
    await expectError((await deployment.client('nobody')).validateMetadata(metadata()), 'forbidden');
  });
});

describe('fetching, editing, reverting and versioning', () => {
  it("fetches a dataset with the caller's item roles and the lock", async () => {
    const fetched = await alice.fetchDataset(datasetId);
    expect(fetched.item.id).toBe(datasetId);
    expect(fetched.roles).toEqual(expect.arrayContaining(['admin', 'metadata-read', 'dataset-data-write']));
    expect(fetched.locked).toBe(false);
  });

  it('maps an unknown id (Provena answers 400) to not_found, and no item role (401) to forbidden', async () => {
    await expectError(alice.fetchDataset('10378.1/999999'), 'not_found', /dataset was not found/);
    await expectError((await deployment.client('bob')).fetchDataset(datasetId), 'forbidden');
  });

  it('updates metadata with a reason, newest history entry first, and refuses writers without a role on it', async () => {
    const changed = metadata('Renamed with a reason');
    await alice.updateMetadata(datasetId, 'Fix the name', changed);
    const { item } = await alice.fetchDataset(datasetId);
    expect(item.display_name).toBe('Renamed with a reason');
    expect(item.history[0]).toMatchObject({ reason: 'Fix the name', username: 'alice' });
    await expectError(
      (await deployment.client('bob')).updateMetadata(datasetId, 'Not mine', changed),
      'forbidden',
    );
    await expectError(alice.updateMetadata('10378.1/999999', 'No such', changed), 'not_found');
  });

  it('reverts to a history entry, and maps an unknown history id to not_found', async () => {
    const result = await alice.revertMetadata({ id: datasetId, historyId: 0, reason: 'Back to the start' });
    expect(result.status.success).toBe(true);
    const { item } = await alice.fetchDataset(datasetId);
    expect(item.display_name).toBe('Shared fixture dataset');
    expect(item.history[0]?.reason).toMatch(/Reverting dataset to history id 0/);
    await expectError(
      alice.revertMetadata({ id: datasetId, historyId: 999, reason: 'Nowhere' }),
      'not_found',
      /history entry/,
    );
  });

  it('creates a new version and follows its jobs; versioning an old version is invalid', async () => {
    const own = (await alice.mintDataset(metadata('Versioned'))).handle ?? '';
    const version = await alice.versionDataset({ id: own, reason: 'Next year' });
    await alice.awaitVersionJobs(version.version_job_session_id, { pollMs: 100 });
    const { item } = await alice.fetchDataset(version.new_version_id);
    expect(item.versioning_info).toMatchObject({ previous_version: own, version: 2 });
    await expectError(alice.versionDataset({ id: own, reason: 'Again' }), 'invalid');
  });
});

describe('listing', () => {
  it('returns one raw page and keeps paging through short and empty pages to the end', async () => {
    const bob = await deployment.client('bob');
    const mine = (await bob.mintDataset(metadata('Only bob can see this'))).handle;
    // Alice's datasets fill the first pages but bob may not see them: those pages come back short or empty.
    const firstPage = await bob.listDatasets({
      pageSize: 2,
      sortBy: { sort_type: 'CREATED_TIME', ascending: true },
    });
    expect(firstPage.items ?? []).toHaveLength(0);
    expect(firstPage.pagination_key).toBeTruthy();
    const all: string[] = [];
    for await (const item of bob.listAllDatasets({
      pageSize: 2,
      sortBy: { sort_type: 'CREATED_TIME', ascending: true },
    }))
      all.push(item.id);
    expect(all).toEqual([mine]);
  });

  it('stops after the limit', async () => {
    const seen: string[] = [];
    for await (const item of alice.listAllDatasets({ limit: 2, pageSize: 1 })) seen.push(item.id);
    expect(seen).toHaveLength(2);
  });

  it('maps an unsupported sort (the registry fails with 500) to a server error', async () => {
    await expectError(
      alice.listDatasets({ sortBy: { sort_type: 'RELEASE_TIMESTAMP', ascending: false } }),
      'server',
      /HTTP 500/,
    );
  });
});

describe('files: presigned URLs and credentials', () => {
  it('makes a download link that really downloads the file', async () => {
    const link = await alice.presignedUrl({ datasetId, filePath: 'metadata.json', expiresIn: 600 });
    const response = await fetch(link.presigned_url);
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ dataset_info: { name: expect.any(String) } });
    await expectError(
      alice.presignedUrl({ datasetId, filePath: 'missing/file.txt' }),
      'not_found',
      /file was not found/,
    );
  });

  it('hands out read and write credentials naming the S3 endpoint and region', async () => {
    const read = await alice.readCredentials(datasetId);
    expect(read.credentials.aws_access_key_id).toBeTruthy();
    expect(read).toMatchObject({
      s3_endpoint_url: deployment.harness.s3.endpoint,
      s3_region: deployment.harness.s3.region,
    });
    await expect(alice.writeCredentials(datasetId)).resolves.toMatchObject({ status: { success: true } });
    await expectError((await deployment.client('bob')).readCredentials(datasetId), 'forbidden');
  });
});

describe('release review', () => {
  it('lists reviewers, and only system administrators add or remove them', async () => {
    const rita = deployment.harness.personIds.rita ?? '';
    const ada = await deployment.client('ada');
    expect(await alice.listReviewers()).toContain(rita);
    await expectError(alice.addReviewer(deployment.harness.personIds.bob ?? ''), 'forbidden');
    await ada.addReviewer(deployment.harness.personIds.bob ?? '');
    expect(await alice.listReviewers()).toContain(deployment.harness.personIds.bob);
    await ada.removeReviewer(deployment.harness.personIds.bob ?? '');
    expect(await alice.listReviewers()).not.toContain(deployment.harness.personIds.bob);
  });

  it('requests approval, refuses write credentials while pending (403) and lets the reviewer approve', async () => {
    // Ada administers the registry, so she can see the dataset she is asked to review.
    const ada = await deployment.client('ada');
    const adaPerson = deployment.harness.personIds.ada ?? '';
    await ada.addReviewer(adaPerson);
    const id = (await alice.mintDataset(metadata('To be released'))).handle ?? '';
    await alice.requestApproval({ datasetId: id, approverId: adaPerson, notes: 'Please review' });
    expect((await alice.fetchDataset(id)).item.release_status).toBe('PENDING');
    await expectError(
      alice.writeCredentials(id),
      'forbidden',
      /awaiting review or has been released.*new version/,
    );
    await expectError(
      alice.requestApproval({ datasetId: id, approverId: adaPerson, notes: 'Again' }),
      'invalid',
    );

    const answer = await ada.actionApproval({ datasetId: id, approve: true, notes: 'Looks good' });
    expect(answer.approved).toBe(true);
    expect((await alice.fetchDataset(id)).item.release_status).toBe('RELEASED');
  });

  it('maps a reviewer who cannot see the dataset (401) to forbidden', async () => {
    const id = (await alice.mintDataset(metadata('Hidden from the reviewer'))).handle ?? '';
    await alice.requestApproval({
      datasetId: id,
      approverId: deployment.harness.personIds.rita ?? '',
      notes: '',
    });
    await expectError(
      (await deployment.client('rita')).actionApproval({ datasetId: id, approve: false, notes: '' }),
      'forbidden',
    );
  });

  it('explains that minting and review requests need a linked person', async () => {
    const loner = await deployment.client('loner');
    await expectError(loner.mintDataset(metadata('Unlinked')), 'invalid');
    await expectError(
      loner.requestApproval({ datasetId, approverId: deployment.harness.personIds.rita ?? '', notes: '' }),
      'invalid',
      /linked Person/,
    );
  });
});

describe('search', () => {
  it('fetches every hit and sorts them into items and authorisation errors, in score order', async () => {
    await alice.mintDataset(metadata('Searchable wetlands survey'));
    await (await deployment.client('bob')).mintDataset(metadata('Searchable wetlands bob'));
    const results = await alice.search('wetlands', 10);
    expect(results.items.map((hit) => hit.item.display_name)).toContain('Searchable wetlands survey');
    expect(results.authErrors.length).toBe(1);
    const scores = [...results.items, ...results.authErrors].map((hit) => hit.score);
    expect(results.miscErrors).toEqual([]);
    expect(scores.every((score) => typeof score === 'number')).toBe(true);
  });
});

describe('registry look-ups for the metadata form', () => {
  it('finds organisations and persons by search and by id', async () => {
    const organisationId = deployment.harness.organisationId;
    const rita = deployment.harness.personIds.rita ?? '';
    expect(await alice.searchRegistry('ORGANISATION', 'Test Organisation')).toContainEqual(
      expect.objectContaining({ id: organisationId, name: 'Test Organisation', subtype: 'ORGANISATION' }),
    );
    expect(await alice.searchRegistry('PERSON', 'rita')).toContainEqual(
      expect.objectContaining({ id: rita, detail: 'rita@example.org', subtype: 'PERSON' }),
    );
    await expect(alice.fetchRegistryEntity(organisationId)).resolves.toMatchObject({
      subtype: 'ORGANISATION',
    });
    await expect(alice.fetchRegistryEntity(rita)).resolves.toMatchObject({
      subtype: 'PERSON',
      name: expect.stringContaining('rita'),
    });
    await expect(alice.fetchRegistryEntity('10378.1/999999')).resolves.toBeNull();
  });
});

describe('the transfer engine view', () => {
  it("locates a dataset's files and hands out credentials that really open them", async () => {
    const storage = deployment.dataStores.datasetStorage(deployment.profileIds.alice ?? '');
    const location = await storage.locate(datasetId);
    expect(location).toMatchObject({
      bucket: expect.any(String),
      prefix: expect.stringMatching(/^datasets\/.+\/$/),
      releaseStatus: 'NOT_RELEASED',
    });
    const credentials = await storage.credentials(datasetId, 'read');
    expect(credentials).toMatchObject({
      endpoint: deployment.harness.s3.endpoint,
      region: deployment.harness.s3.region,
    });
    expect(credentials.expiration.getTime()).toBeGreaterThan(Date.now());
    const s3 = new S3Client({
      endpoint: credentials.endpoint ?? undefined,
      region: credentials.region,
      forcePathStyle: true,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      },
    });
    const object = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}metadata.json` }),
    );
    expect(JSON.parse((await object.Body?.transformToString()) ?? '{}')).toMatchObject({
      associations: expect.any(Object),
    });
    s3.destroy();
  });
});

describe('jobs', () => {
  it('maps an unknown job (400 "Item was not found.") to not_found', async () => {
    await expectError(alice.fetchJob('no-such-session'), 'not_found', /job was not found/);
  });
});
