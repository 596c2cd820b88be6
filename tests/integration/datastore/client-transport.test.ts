/**
 * How the client behaves on the wire: renewal after a 401, a session ended at the issuer, retries for reads only,
 * timeouts, cancellation, and job polling through "not yet queued" and PENDING.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/index.ts';
import { createDatastoreClient, type DatastoreClient } from '../../../main/datastore/index.ts';
import type { CollectionFormat, JobStatus } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startDeployment, type Deployment } from './deployment.ts';

let deployment: Deployment;
let alice: DatastoreClient;
let datasetId: string;

beforeAll(async () => {
  // Jobs appear only after 800 ms and then pass through PENDING and IN_PROGRESS, like Provena's queue.
  deployment = await startDeployment({
    users: ['alice'],
    config: { jobs: { appearAfterMs: 800, pendingMs: 300, inProgressMs: 300 } },
  });
  alice = await deployment.client('alice');
  datasetId =
    (await alice.mintDataset(validCollectionFormat(deployment.harness.organisationId) as CollectionFormat))
      .handle ?? '';
});

afterAll(async () => {
  await deployment?.stop();
});

const refreshes = () => deployment.issuer.tokenRequests('refresh_token');
const tokens = () => deployment.auth.tokenSource(deployment.profileIds.alice ?? '');

describe('renewing the sign-in', () => {
  it('renews the token once after the data store answers 401 to it, and the call succeeds', async () => {
    // The next token looks valid for minutes to the client but is already expired for the server.
    deployment.issuer.expireNextAccessTokens(1);
    await tokens().afterUnauthorized(await tokens().accessToken());
    const before = refreshes();
    await expect(alice.fetchDataset(datasetId)).resolves.toMatchObject({ item: { id: datasetId } });
    expect(refreshes()).toBe(before + 1);
  });

  it('renews only once per call: a second 401 becomes an auth error', async () => {
    deployment.issuer.expireNextAccessTokens(2);
    await tokens().afterUnauthorized(await tokens().accessToken());
    const before = refreshes();
    await expect(alice.fetchDataset(datasetId)).rejects.toMatchObject({
      code: 'auth',
      message: expect.stringMatching(/Sign in again/),
    });
    expect(refreshes()).toBe(before + 1);
    await expect(alice.fetchDataset(datasetId)).resolves.toBeTruthy();
  });
});

describe('polling jobs', () => {
  it('tolerates "not yet queued", then waits through PENDING and IN_PROGRESS to success', async () => {
    const minted = await alice.mintDataset(
      validCollectionFormat(deployment.harness.organisationId, 'Slow jobs') as CollectionFormat,
    );
    const seen = new Set<JobStatus>();
    const jobs = await alice.awaitMintJobs(minted.register_create_activity_session_id ?? '', {
      pollMs: 100,
      onUpdate: (job) => seen.add(job.status),
    });
    expect(jobs.lodge.status).toBe('SUCCEEDED');
    expect([...seen]).toEqual(expect.arrayContaining(['PENDING', 'IN_PROGRESS', 'SUCCEEDED']));
  });

  it('gives up with a plain message when a job never appears', async () => {
    const minted = await alice.mintDataset(
      validCollectionFormat(deployment.harness.organisationId, 'Never waited for') as CollectionFormat,
    );
    await expect(
      alice.awaitJob(minted.register_create_activity_session_id ?? '', { pollMs: 50, appearTimeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'server', message: expect.stringMatching(/never started/) });
  });

  it('stops polling when cancelled', async () => {
    const minted = await alice.mintDataset(
      validCollectionFormat(deployment.harness.organisationId, 'Cancelled wait') as CollectionFormat,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(
      alice.awaitJob(minted.register_create_activity_session_id ?? '', {
        pollMs: 50,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('an ended session', () => {
  it('signs out cleanly when the refresh token was revoked at the issuer', async () => {
    deployment.issuer.expireNextAccessTokens(1);
    await tokens().afterUnauthorized(await tokens().accessToken());
    await deployment.issuer.revokeUser('alice');
    await expect(alice.fetchDataset(datasetId)).rejects.toMatchObject({ code: 'auth' });
    expect(deployment.auth.state(deployment.profileIds.alice ?? '')).toMatchObject({
      status: 'signed-out',
      user: null,
      problem: expect.stringMatching(/has ended/),
    });
  });
});

/** A tiny real HTTP server whose behaviour each test chooses; counts the requests it gets. */
async function scriptedServer(
  handle: (request: IncomingMessage, response: ServerResponse, count: number) => void,
) {
  let count = 0;
  const server = createServer((request, response) => handle(request, response, ++count));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests: () => count,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const clientFor = (url: string, options: { timeoutMs?: number; offline?: () => boolean } = {}) =>
  createDatastoreClient({
    endpoints: { dataApiUrl: url, searchApiUrl: url, jobApiUrl: url, authApiUrl: url, registryApiUrl: url },
    tokens: {
      accessToken: () => Promise.resolve('static-test-token'),
      afterUnauthorized: () => Promise.resolve(null),
    },
    logger: createLogger({ sinks: [] }),
    retry: { attempts: 3, baseDelayMs: 10 },
    ...options,
  });

describe('network trouble', () => {
  it('retries an idempotent read after dropped connections and 503s, then succeeds', async () => {
    const server = await scriptedServer((_request, response, count) => {
      if (count === 1) return response.socket?.destroy();
      if (count === 2) return response.writeHead(503).end();
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"message":"Health check successful."}');
    });
    try {
      await expect(clientFor(server.url).health()).resolves.toEqual({ message: 'Health check successful.' });
      expect(server.requests()).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it('never repeats a write: one attempt, then a network error', async () => {
    const server = await scriptedServer((_request, response) => response.socket?.destroy());
    try {
      await expect(clientFor(server.url).versionDataset({ id: 'x', reason: 'y' })).rejects.toMatchObject({
        code: 'network',
      });
      expect(server.requests()).toBe(1);
      await expect(clientFor(server.url).fetchDataset('x')).rejects.toMatchObject({
        code: 'network',
        message: expect.stringMatching(/cannot be reached/),
      });
      expect(server.requests()).toBe(4);
    } finally {
      await server.stop();
    }
  });

  it('gives up after the timeout with a message that says so', async () => {
    const server = await scriptedServer(() => undefined);
    try {
      await expect(
        clientFor(server.url, { timeoutMs: 200 }).mintDataset({} as CollectionFormat),
      ).rejects.toMatchObject({
        code: 'network',
        message: expect.stringMatching(/did not answer within/),
      });
    } finally {
      await server.stop();
    }
  });

  it('makes one short try per read while the data store is known to be offline, and retries again once it is back', async () => {
    let offline = true;
    // Offline it swallows requests (a data store that never answers); back online it drops connections.
    const server = await scriptedServer((_request, response) => {
      if (!offline) response.socket?.destroy();
    });
    try {
      const client = createDatastoreClient({
        endpoints: {
          dataApiUrl: server.url,
          searchApiUrl: server.url,
          jobApiUrl: server.url,
          authApiUrl: server.url,
          registryApiUrl: server.url,
        },
        tokens: {
          accessToken: () => Promise.resolve('static-test-token'),
          afterUnauthorized: () => Promise.resolve(null),
        },
        logger: createLogger({ sinks: [] }),
        retry: { attempts: 3, baseDelayMs: 10 },
        timeoutMs: 60_000,
        offline: () => offline,
      });
      // Online, the client's own limit (60 s, three tries) would apply; offline, one try with the short limit.
      await expect(client.fetchDataset('x')).rejects.toMatchObject({
        code: 'network',
        message: expect.stringMatching(/did not answer within 5 seconds/),
      });
      expect(server.requests()).toBe(1);
      offline = false;
      await expect(client.fetchDataset('x')).rejects.toMatchObject({
        code: 'network',
        message: expect.stringMatching(/cannot be reached/),
      });
      expect(server.requests()).toBe(4);
    } finally {
      await server.stop();
    }
  });

  it('cancels a request when its signal is aborted, without retrying', async () => {
    const server = await scriptedServer(() => undefined);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await expect(clientFor(server.url).fetchDataset('x', controller.signal)).rejects.toMatchObject({
        code: 'cancelled',
      });
      expect(server.requests()).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('maps an answer in an unexpected shape to a server error', async () => {
    const server = await scriptedServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"unexpected":true}');
    });
    try {
      await expect(clientFor(server.url).health()).rejects.toMatchObject({
        code: 'server',
        message: expect.stringMatching(/does not understand/),
      });
    } finally {
      await server.stop();
    }
  });
});
