/**
 * Starts the reference server for a test file: real HTTP on 127.0.0.1, a real SQLite file in a temp folder, a
 * fresh bucket on MinIO or on the embedded S3 endpoint, a registry seeded with users' Persons and one
 * organisation, and tokens per user from the test JWT issuer (or the local-mode token).
 */
import { randomBytes } from 'node:crypto';
import {
  startServer,
  type RunningServer,
  type ServerConfigInput,
  type ServerRuntimeOptions,
} from '../../server/index.ts';
import { startS3Endpoint } from '../../server/s3/index.ts';
import { allRoles, readWriteRoles, startJwtIssuer, type JwtIssuer } from './jwt-issuer.ts';
import type { MinioEndpoint } from './minio.ts';
import { tempDir } from './temp-dir.ts';

/** A user of the test deployment. */
export interface HarnessUser {
  username: string;
  roles: string[];
  /** Link the user to a Person (default true). */
  linked?: boolean;
  /** Put the user's Person in the reviewers table. */
  reviewer?: boolean;
}

/** Users most tests need: an owner, a second writer, a reviewer, a reader, an admin, a user with no roles. */
export const defaultUsers: HarnessUser[] = [
  { username: 'alice', roles: readWriteRoles },
  { username: 'bob', roles: readWriteRoles },
  { username: 'rita', roles: readWriteRoles, reviewer: true },
  { username: 'reed', roles: ['entity-registry-read'] },
  { username: 'ada', roles: allRoles },
  { username: 'nobody', roles: [] },
  { username: 'loner', roles: readWriteRoles, linked: false },
];

/** Where objects live. */
export type HarnessStorage = { kind: 'minio'; minio: MinioEndpoint } | { kind: 'embedded' };

/** Options for a harness. */
export interface HarnessOptions {
  storage: HarnessStorage;
  users?: HarnessUser[];
  /** Overrides merged into the server configuration. */
  config?: Partial<ServerConfigInput>;
}

/** An HTTP reply, body parsed when it is JSON. */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** Options for one request. */
export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

/** A running deployment for tests. */
export interface Harness {
  url: string;
  server: RunningServer;
  issuer: JwtIssuer;
  organisationId: string;
  /** Person id per linked username. */
  personIds: Record<string, string>;
  /** A fresh token for a user (options: lifetime, claim changes). */
  token(
    username: string,
    options?: { expiresInSeconds?: number; claims?: Record<string, unknown> },
  ): Promise<string>;
  /** The S3 endpoint and root keys, to check objects directly. */
  s3: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
  stop(): Promise<void>;
}

/** Sends one request to the server. */
export async function sendRequest<T>(
  url: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply<T>> {
  const target = new URL(path, url);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) target.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(target, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (response.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** Starts issuer, storage and server. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const users = options.users ?? defaultUsers;
  const folder = await tempDir('datadesk-server-');
  const issuer = await startJwtIssuer();
  const cleanups: (() => Promise<void>)[] = [() => folder.remove(), () => issuer.stop()];
  try {
    const bucket = `datadesk-test-${randomBytes(5).toString('hex')}`;
    let s3: Harness['s3'];
    let issueCredentials: ServerRuntimeOptions['issueCredentials'];
    if (options.storage.kind === 'minio') {
      s3 = { ...options.storage.minio, bucket };
    } else {
      const embedded = await startS3Endpoint({ dataDir: `${folder.path}/objects` });
      cleanups.unshift(() => embedded.close());
      issueCredentials = (request) => embedded.issueCredentials(request);
      s3 = {
        endpoint: embedded.endpoint,
        region: embedded.region,
        bucket,
        accessKeyId: embedded.accessKeyId,
        secretAccessKey: embedded.secretAccessKey,
      };
    }
    const server = await startServer(
      {
        databasePath: `${folder.path}/server.sqlite`,
        s3: {
          endpoint: s3.endpoint,
          region: s3.region,
          bucket,
          accessKeyId: s3.accessKeyId,
          secretAccessKey: s3.secretAccessKey,
          credentials: 'sts',
        },
        auth: { mode: 'oidc', issuer: issuer.issuer },
        seed: {
          organisations: [{ name: 'Test Organisation' }],
          persons: users
            .filter((user) => user.linked !== false)
            .map((user) => ({
              first_name: user.username,
              last_name: 'Tester',
              email: `${user.username}@example.org`,
              username: user.username,
              reviewer: user.reviewer ?? false,
            })),
        },
        jobs: { appearAfterMs: 0, pendingMs: 0, inProgressMs: 0 },
        ...options.config,
      },
      issueCredentials ? { issueCredentials } : {},
    );
    cleanups.unshift(() => server.close());
    const personIds = Object.fromEntries(
      server.seeded.persons
        .filter((person) => person.username)
        .map((person) => [person.username!, person.id]),
    );
    const rolesOf = new Map(users.map((user) => [user.username, user.roles]));
    return {
      url: server.url,
      server,
      issuer,
      organisationId: server.seeded.organisations[0]!.id,
      personIds,
      s3,
      token: (username, tokenOptions = {}) =>
        issuer.mint({ username, roles: rolesOf.get(username) ?? [], ...tokenOptions }),
      request: (method, path, requestOptions) => sendRequest(server.url, method, path, requestOptions),
      async stop() {
        for (const cleanup of cleanups) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}
