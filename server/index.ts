/**
 * The reference data store server: a Provena-compatible HTTP API (data store, search and job routes on one
 * origin) over SQLite and any S3-compatible storage. Used as the embedded local store, by tests, and as a
 * small team server (`npm run server`).
 */
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../main/core/index.ts';
import { buildApp } from './app.ts';
import { createAuthenticator } from './auth/authenticator.ts';
import {
  parseServerConfig,
  type ServerConfig,
  type ServerConfigInput,
  type ServerRuntimeOptions,
} from './config.ts';
import { KeyedLock, type DatasetContext } from './datasets/context.ts';
import { openDatabase, transaction } from './db/database.ts';
import { JobStore } from './jobs/jobs.ts';
import { Registry, type SeededRegistry } from './registry/registry.ts';
import { createStorage } from './storage/storage.ts';

export type {
  IssuedCredentials,
  RegistrySeed,
  ServerConfig,
  ServerConfigInput,
  ServerRuntimeOptions,
} from './config.ts';
export { parseServerConfig } from './config.ts';
export type { SeededRegistry } from './registry/registry.ts';

/** A running server. */
export interface RunningServer {
  /** The origin serving the data store, search and job APIs, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  config: ServerConfig;
  /** Local mode: the bearer token and the user it stands for; null in OIDC mode. */
  local: { token: string; username: string; personId: string; organisationId: string } | null;
  /** The organisations and persons the seed created or found. */
  seeded: SeededRegistry;
  storage: { bucket: string; region: string; endpoint: string | null };
  close(): Promise<void>;
}

/** The local user's Person, link, reviewer entry and (on a fresh store) a default organisation. */
function prepareLocalUser(
  registry: Registry,
  config: ServerConfig,
  database: ReturnType<typeof openDatabase>,
) {
  if (config.auth.mode !== 'local') return null;
  const auth = config.auth;
  return transaction(database, () => {
    const personId =
      registry.linkedPerson(auth.username) ??
      registry.ensurePerson({ first_name: auth.firstName, last_name: auth.lastName, email: auth.email });
    registry.link(auth.username, personId);
    registry.addReviewer(personId);
    const organisation = registry.hasOrganisations()
      ? null
      : registry.ensureOrganisation({ name: auth.organisationName });
    const organisationId =
      organisation?.id ??
      (
        database
          .prepare(
            "SELECT id FROM items WHERE subtype = 'ORGANISATION' ORDER BY created_timestamp, id LIMIT 1",
          )
          .get() as {
          id: string;
        }
      ).id;
    return { personId, organisationId };
  });
}

/** Starts the server; resolves once it listens. */
export async function startServer(
  input: ServerConfigInput,
  runtime: ServerRuntimeOptions = {},
): Promise<RunningServer> {
  const config = parseServerConfig(input);
  const logger = (runtime.logger ?? silentLogger).child({ component: 'server' });
  const database = openDatabase(config.databasePath);
  const storage = createStorage(config.s3, runtime, logger);
  try {
    const registry = new Registry(database, config.handlePrefix);
    const seeded = registry.seed(config.seed ?? {});
    const localUser = prepareLocalUser(registry, config, database);
    const auth = createAuthenticator(config.auth, logger);
    await storage.prepare();
    const context: DatasetContext = {
      database,
      registry,
      storage,
      jobs: new JobStore(database, config.jobs),
      config,
      logger,
      locks: new KeyedLock(),
    };
    const app = buildApp({ auth, datasets: context }, { bodyLimit: config.bodyLimit, logger });
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    logger.info('server.started', { url, authMode: config.auth.mode, bucket: storage.bucket });
    let closed: Promise<void> | null = null;
    return {
      url,
      port,
      config,
      local:
        auth.local && localUser
          ? { token: auth.local.token, username: auth.local.username, ...localUser }
          : null,
      seeded,
      storage: { bucket: storage.bucket, region: storage.region, endpoint: storage.clientEndpoint },
      close() {
        closed ??= (async () => {
          await app.close();
          storage.close();
          database.close();
          logger.info('server.stopped', { url });
        })();
        return closed;
      },
    };
  } catch (error) {
    storage.close();
    database.close();
    throw error;
  }
}
