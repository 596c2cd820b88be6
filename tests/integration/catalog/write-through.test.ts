/**
 * Write-through against the reference server: after mint, update, revert, version, release request and review
 * done through the app's handlers, the catalog shows the server's answer at once, with no sync in between.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CatalogService,
  fetchForCatalog,
  remoteSourceFor,
  withWriteThrough,
  type Viewer,
} from '../../../main/catalog/index.ts';
import { Emitter, silentLogger } from '../../../main/core/index.ts';
import { datastoreHandlers } from '../../../main/datastore/index.ts';
import type { CallContext } from '../../../main/ipc/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { startCatalogDeployment, type CatalogDeployment } from './catalog-fixture.ts';

let deployment: CatalogDeployment;
let folder: Awaited<ReturnType<typeof tempDir>>;
let service: CatalogService;
let current = 'alice';
const changed = new Emitter<void>();
const context: CallContext = { signal: new AbortController().signal, transport: 'direct' };

/** The app's data store handlers for one user, wrapped the way the composition root wraps them. */
function handlersFor(username: string) {
  const client = deployment.client(username);
  return withWriteThrough(
    datastoreHandlers(async () => client),
    {
      catalog: service,
      current: () => ({
        profileId: username,
        fetchDataset: (id, signal) => fetchForCatalog(client, id, signal),
      }),
      probe: async (signal) => (await client.health(signal).then(() => true)) as boolean,
      logger: silentLogger,
    },
  );
}

const viewerOf = (username: string): Viewer => ({
  username,
  personId: deployment.harness.personIds[username] ?? null,
});
const stored = (username: string, id: string) =>
  service.catalog(username).queries.dataset(id, viewerOf(username));

beforeAll(async () => {
  deployment = await startCatalogDeployment();
  folder = await tempDir('datadesk-catalog-write-');
  service = new CatalogService({
    directory: folder.path,
    context: {
      current: () => ({
        profileId: current,
        username: current,
        personId: deployment.harness.personIds[current] ?? null,
        source: remoteSourceFor(async () => deployment.client(current)),
      }),
      onDidChange: (listener) => changed.on(listener),
    },
    logger: silentLogger,
    schedule: false,
  });
});

afterAll(async () => {
  await service?.dispose();
  await folder?.remove();
  await deployment?.stop();
});

describe('write-through from the app to the catalog', () => {
  it('shows a dataset through mint, update, revert, version and release without a sync', async () => {
    const alice = handlersFor('alice');
    const metadata = deployment.metadata('Groundwater levels', ['water']);

    const minted = await alice['datasets.mint']({ metadata }, context);
    const id = minted.handle!;
    expect(stored('alice', id)?.summary).toMatchObject({
      displayName: 'Groundwater levels',
      releaseStatus: 'NOT_RELEASED',
      mine: true,
    });
    expect(stored('alice', id)?.summary.roles).toContain('admin');

    await alice['datasets.updateMetadata'](
      { id, reason: 'Better name', metadata: deployment.metadata('Groundwater levels, Perth basin') },
      context,
    );
    expect(stored('alice', id)?.summary.displayName).toBe('Groundwater levels, Perth basin');
    expect(
      service
        .catalog('alice')
        .queries.page({ search: 'perth' }, viewerOf('alice'), Date.now())
        .items.map((item) => item.id),
    ).toEqual([id]);

    await alice['datasets.revert']({ id, historyId: 0, reason: 'Back to the first name' }, context);
    expect(stored('alice', id)?.summary.displayName).toBe('Groundwater levels');
    expect((stored('alice', id)?.item.history as unknown[]).length).toBe(3);

    const version = await alice['datasets.version']({ id, reason: 'New survey year' }, context);
    expect(stored('alice', id)?.summary.nextVersion).toBe(version.new_version_id);
    expect(stored('alice', version.new_version_id)?.summary).toMatchObject({
      version: 2,
      previousVersion: id,
    });
    const latest = service
      .catalog('alice')
      .queries.page({ latestVersionsOnly: true, search: 'groundwater' }, viewerOf('alice'), Date.now());
    expect(latest.items.map((item) => item.id)).toEqual([version.new_version_id]);

    const rita = deployment.harness.personIds.rita!;
    await alice['release.requestApproval'](
      { datasetId: id, approverId: rita, notes: 'Ready for release' },
      context,
    );
    expect(stored('alice', id)?.summary).toMatchObject({
      releaseStatus: 'PENDING',
      releaseApprover: rita,
      releaseRequester: deployment.harness.personIds.alice,
    });

    // Rita's catalog learns of the request by syncing; her decision then writes through to it.
    current = 'rita';
    changed.fire();
    await service.sync('manual');
    const queue = () =>
      service.catalog('rita').queries.page({ awaitingMyReview: true }, viewerOf('rita'), Date.now());
    expect(queue().items.map((item) => item.id)).toEqual([id]);
    await handlersFor('rita')['release.actionApproval'](
      { datasetId: id, approve: true, notes: 'Looks good' },
      context,
    );
    expect(stored('rita', id)?.summary.releaseStatus).toBe('RELEASED');
    expect(queue().total).toBe(0);
    current = 'alice';
    changed.fire();
  });

  it('refreshes a dataset on every fetch and forgets one the data store no longer knows', async () => {
    const alice = handlersFor('alice');
    const id = (await alice['datasets.mint']({ metadata: deployment.metadata('Soon gone') }, context))
      .handle!;
    await deployment
      .client('alice')
      .updateMetadata(id, 'Outside the app', deployment.metadata('Changed elsewhere'));
    expect(stored('alice', id)?.summary.displayName).toBe('Soon gone');
    await alice['datasets.fetch']({ id }, context);
    expect(stored('alice', id)?.summary.displayName).toBe('Changed elsewhere');

    deployment.deleteDataset(id);
    await expect(alice['datasets.fetch']({ id }, context)).rejects.toMatchObject({ code: 'not_found' });
    expect(stored('alice', id)).toBeNull();
  });

  it('keeps a dataset when a wrong address answers 404, because that says nothing about the dataset', async () => {
    const alice = handlersFor('alice');
    const id = (await alice['datasets.mint']({ metadata: deployment.metadata('Still here') }, context))
      .handle!;
    expect(stored('alice', id)).not.toBeNull();
    const notFoundEverywhere = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    });
    await new Promise<void>((resolve) => notFoundEverywhere.listen(0, '127.0.0.1', resolve));
    const wrongAddress = `http://127.0.0.1:${(notFoundEverywhere.address() as AddressInfo).port}`;
    try {
      const misdirected = deployment.client('alice', wrongAddress);
      const handlers = withWriteThrough(
        datastoreHandlers(async () => misdirected),
        {
          catalog: service,
          current: () => ({
            profileId: 'alice',
            fetchDataset: (datasetId, signal) => fetchForCatalog(misdirected, datasetId, signal),
          }),
          probe: async () => true,
          logger: silentLogger,
        },
      );
      await expect(handlers['datasets.fetch']({ id }, context)).rejects.toMatchObject({ code: 'not_found' });
      expect(stored('alice', id)?.summary.displayName).toBe('Still here');
    } finally {
      notFoundEverywhere.close();
    }
  });
});
