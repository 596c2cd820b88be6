/**
 * A test deployment for the catalog: the reference server over real HTTP (embedded S3), a data store client per
 * user, and a small real HTTP proxy in front of the server that can fail a chosen list request or go away.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import { createLogger } from '../../../main/core/index.ts';
import { createDatastoreClient, type DatastoreClient } from '../../../main/datastore/index.ts';
import type { CollectionFormat } from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';

/** The reference server plus what catalog tests do to it. */
export interface CatalogDeployment {
  harness: Harness;
  /** A client for `username`, talking to `url` (the server, or a proxy in front of it). */
  client(username: string, url?: string): DatastoreClient;
  /** Mints a dataset as `username` and returns its handle. */
  mint(username: string, name: string, keywords?: string[]): Promise<string>;
  metadata(name: string, keywords?: string[]): CollectionFormat;
  /** Sets who may read a dataset besides its owner (general roles; [] hides it from everyone else). */
  setGeneralAccess(owner: string, id: string, general: string[]): Promise<void>;
  /** Deletes a dataset the way a registry admin would (the data store API has no delete route). */
  deleteDataset(id: string): void;
  stop(): Promise<void>;
}

const quiet = createLogger({ sinks: [] });

/** Starts the server with the default users (alice, bob, rita the reviewer, …). */
export async function startCatalogDeployment(): Promise<CatalogDeployment> {
  const harness = await startHarness({ storage: { kind: 'embedded' } });
  const metadata = (name: string, keywords?: string[]) => {
    const body = validCollectionFormat(harness.organisationId, name) as CollectionFormat;
    if (keywords) body.dataset_info.keywords = keywords;
    return body;
  };
  const client = (username: string, url = harness.url) =>
    createDatastoreClient({
      endpoints: { dataApiUrl: url, searchApiUrl: url, jobApiUrl: url, authApiUrl: url, registryApiUrl: url },
      tokens: { accessToken: () => harness.token(username), afterUnauthorized: async () => null },
      logger: quiet,
      retry: { attempts: 2, baseDelayMs: 20 },
    });
  return {
    harness,
    client,
    metadata,
    async mint(username, name, keywords) {
      const minted = await client(username).mintDataset(metadata(name, keywords));
      return minted.handle!;
    },
    async setGeneralAccess(owner, id, general) {
      const reply = await harness.request('PUT', '/registry/entity/dataset/auth/configure', {
        token: await harness.token(owner),
        query: { id },
        body: { owner, general, groups: {}, users: {} },
      });
      if (reply.status !== 200) throw new Error(`configure access: ${reply.status} ${reply.text}`);
    },
    deleteDataset(id) {
      const database = new DatabaseSync(harness.server.config.databasePath, { timeout: 5_000 });
      try {
        database.prepare('DELETE FROM items WHERE id = ?').run(id);
      } finally {
        database.close();
      }
    },
    stop: () => harness.stop(),
  };
}

/** A real HTTP proxy in front of the server that can answer a chosen list request with a 500. */
export interface ListProxy {
  url: string;
  /** List requests seen since the last reset, with how many items each answer held. */
  listPages: number[];
  /** Answer the `n`-th list request (1-based, counted from now) with Provena's bare 500. */
  failListRequest(n: number | null): void;
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target`. */
export async function startListProxy(target: string): Promise<ListProxy> {
  const upstream = new URL(target);
  let failAt: number | null = null;
  let listCount = 0;
  const listPages: number[] = [];
  const server = createServer((incoming, outgoing) => {
    const isList = incoming.url?.startsWith('/registry/items/list') ?? false;
    if (isList && failAt !== null && ++listCount === failAt) {
      incoming.resume();
      outgoing.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (isList && answer.statusCode === 200) {
            listPages.push((JSON.parse(body.toString('utf8')) as { items?: unknown[] }).items?.length ?? 0);
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
        });
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listPages,
    failListRequest(n) {
      failAt = n;
      listCount = 0;
      listPages.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
