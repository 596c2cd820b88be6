/**
 * The reachability guard against a real HTTP data store that goes away and comes back on the same address:
 * refusals are quick and worded the same, a failure of the storage alone is not called "offline", and while
 * offline the data store is probed in the background until it answers again, with no action from anyone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CatalogService, ReachabilityGuard } from '../../../main/catalog/index.ts';
import { AppError, Emitter, silentLogger } from '../../../main/core/index.ts';
import { createDatastoreClient } from '../../../main/datastore/index.ts';
import { tempDir } from '../../support/temp-dir.ts';

let folder: Awaited<ReturnType<typeof tempDir>>;
let catalog: CatalogService;
let guard: ReachabilityGuard;
let server: Server | null = null;
let port = 0;
let probes = 0;

/** A data store whose health route answers, listening on `port` (0: a free one). */
async function listen(): Promise<void> {
  server = createServer((request, response) => {
    if (request.url === '/') probes++;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"message":"Health check successful."}');
  });
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  port = (server!.address() as AddressInfo).port;
}

async function close(): Promise<void> {
  const closing = server;
  server = null;
  closing?.closeAllConnections();
  await new Promise<void>((resolve) => closing?.close(() => resolve()) ?? resolve());
}

beforeAll(async () => {
  await listen();
  folder = await tempDir('datadesk-reachability-');
  catalog = new CatalogService({
    directory: folder.path,
    context: {
      current: () => ({ profileId: 'remote', username: 'alice', personId: null, source: null }),
      onDidChange: (listener) => new Emitter<void>().on(listener),
    },
    logger: silentLogger,
    schedule: false,
  });
  const url = () => `http://127.0.0.1:${port}`;
  const client = () =>
    createDatastoreClient({
      endpoints: {
        dataApiUrl: url(),
        searchApiUrl: url(),
        jobApiUrl: url(),
        authApiUrl: url(),
        registryApiUrl: url(),
      },
      tokens: { accessToken: async () => 'token', afterUnauthorized: async () => null },
      logger: silentLogger,
      retry: { attempts: 1, baseDelayMs: 10 },
    });
  guard = new ReachabilityGuard({
    catalog,
    profileId: () => 'remote',
    probe: (signal) =>
      client()
        .health(signal)
        .then(() => true),
    logger: silentLogger,
    reprobe: { firstDelayMs: 100, maxDelayMs: 400 },
  });
});

afterAll(async () => {
  guard?.dispose();
  await catalog?.dispose();
  await folder?.remove();
  await close();
});

it('does not call the data store offline when only the storage failed', async () => {
  const storageDown = new AppError('network', 'The dataset’s storage could not be reached.');
  await expect(
    guard.run('Listing the dataset’s files', undefined, () => Promise.reject(storageDown)),
  ).rejects.toBe(storageDown);
  expect(catalog.offlineSince('remote')).toBeNull();
});

it('turns a failure for want of an answer into the offline refusal, then refuses up front', async () => {
  await close();
  const unanswered = new AppError('network', 'Could not save the metadata: 127.0.0.1 cannot be reached.');
  const first = await guard
    .run('Saving metadata', undefined, () => Promise.reject(unanswered))
    .catch((error: unknown) => error);
  expect(first).toMatchObject({
    code: 'network',
    message: expect.stringMatching(
      /^Saving metadata needs the data store, which has been unreachable since .*Browsing and search work from the saved catalog/,
    ),
    details: expect.objectContaining({ cause: unanswered.message }),
  });
  expect(catalog.status().state).toBe('offline');

  let called = false;
  const second = await guard
    .run('Making a share link', undefined, async () => {
      called = true;
      return 'link';
    })
    .catch((error: unknown) => error);
  expect(second).toMatchObject({
    code: 'network',
    message: expect.stringMatching(/^Making a share link needs the data store/),
  });
  expect(called).toBe(false);
});

it('probes in the background while offline and comes back online by itself when the data store answers', async () => {
  const before = probes;
  await listen();
  await vi.waitFor(() => expect(catalog.offlineSince('remote')).toBeNull(), { timeout: 5_000, interval: 50 });
  expect(probes).toBeGreaterThan(before);
  expect(await guard.run('Making a share link', undefined, async () => 'link')).toBe('link');
  // Online again: the background probing stops.
  const settled = probes;
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(probes).toBe(settled);
});
