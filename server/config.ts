/**
 * The server's configuration: one JSON shape for the config file, the environment and programmatic callers
 * (the embedded local store and tests). Validated with zod so a typo fails at start, not at the first request.
 */
import { z } from 'zod';
import type { Logger } from '../main/core/index.ts';
import { itemRoles } from '../shared/provena/index.ts';

const itemRole = z.enum(Object.values(itemRoles) as [string, ...string[]]);

/** Organisations, persons, user↔person links and reviewers to create (idempotently) at start. */
export const RegistrySeed = z.strictObject({
  organisations: z
    .array(
      z.strictObject({
        id: z.string().min(1).optional(),
        name: z.string().min(1),
        ror: z.string().min(1).optional(),
      }),
    )
    .default([]),
  persons: z
    .array(
      z.strictObject({
        id: z.string().min(1).optional(),
        first_name: z.string().min(1),
        last_name: z.string().min(1),
        email: z.string().min(3),
        orcid: z.string().min(1).optional(),
        /** Link this person to a user (their `preferred_username`). */
        username: z.string().min(1).optional(),
        /** Put this person in the dataset reviewers table. */
        reviewer: z.boolean().default(false),
      }),
    )
    .default([]),
  links: z.array(z.strictObject({ username: z.string().min(1), person_id: z.string().min(1) })).default([]),
  reviewers: z.array(z.string().min(1)).default([]),
});
export type RegistrySeed = z.input<typeof RegistrySeed>;

/** Static S3 credentials (`credentials: "static"`, and the server's own access for metadata.json). */
const S3Settings = z.strictObject({
  /** null or absent for AWS; e.g. `http://127.0.0.1:9000` for MinIO. */
  endpoint: z.string().url().nullish(),
  /** The endpoint URL handed to clients when it differs from the one the server uses. */
  publicEndpoint: z.string().url().nullish(),
  region: z.string().min(1).default('us-east-1'),
  bucket: z.string().min(3),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
  /** Path-style addressing; default true when an endpoint is set. */
  forcePathStyle: z.boolean().optional(),
  /** Create the bucket at start when it does not exist (default true). */
  createBucket: z.boolean().default(true),
  /**
   * How dataset credentials are made: `sts` (AssumeRole with a session policy scoped to the dataset),
   * `static` (the configured keys with an expiry) or `auto` (STS, falling back to static when refused).
   */
  credentials: z.enum(['auto', 'sts', 'static']).default('auto'),
  /** Lifetime of dataset credentials in seconds (Provena: 8 h). */
  credentialLifetimeSeconds: z.int().min(900).max(43_200).default(28_800),
  /** Role ARN passed to AssumeRole (MinIO ignores it; AWS needs a real role). */
  roleArn: z.string().min(1).default('arn:aws:iam::000000000000:role/datadesk-dataset-access'),
});

const Auth = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('oidc'),
    /** The issuer (Keycloak realm URL); its discovery document names the JWKS. */
    issuer: z.string().url().optional(),
    /** A JWKS URL to use instead of discovery. */
    jwksUrl: z.string().url().optional(),
  }),
  z.strictObject({
    mode: z.literal('local'),
    /** The bearer token; a random one is generated at each start when absent. */
    token: z.string().min(16).optional(),
    username: z.string().min(1).default('local-user'),
    email: z.string().min(3).default('local-user@localhost'),
    firstName: z.string().min(1).default('Local'),
    lastName: z.string().min(1).default('User'),
    organisationName: z.string().min(1).default('My organisation'),
  }),
]);

/** Everything `startServer` needs; see README "Server" for the file and environment forms. */
export const ServerConfigSchema = z.strictObject({
  /** Always a loopback or explicitly chosen address; default 127.0.0.1. */
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port. */
  port: z.int().min(0).max(65_535).default(0),
  /** The SQLite file (created with its folder); `:memory:` for throwaway servers. */
  databasePath: z.string().min(1),
  /** Handles are minted as `<handlePrefix>/<n>`. */
  handlePrefix: z
    .string()
    .regex(/^[A-Za-z0-9.]+$/)
    .default('10378.1'),
  s3: S3Settings,
  auth: Auth,
  seed: RegistrySeed.optional(),
  /** Item roles every signed-in user holds on every dataset (Provena's default general access). */
  generalRoles: z.array(itemRole).default(['metadata-read']),
  /** Job timing, so clients exercise polling: hidden, then PENDING, then IN_PROGRESS, then SUCCEEDED. */
  jobs: z
    .strictObject({
      appearAfterMs: z.int().min(0).default(0),
      pendingMs: z.int().min(0).default(300),
      inProgressMs: z.int().min(0).default(700),
    })
    .default({ appearAfterMs: 0, pendingMs: 300, inProgressMs: 700 }),
  /** Maximum request body in bytes. */
  bodyLimit: z
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
});

/** The configuration as written (defaults optional). */
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
/** The configuration with defaults applied. */
export type ServerConfig = z.output<typeof ServerConfigSchema>;

/** Temporary credentials an embedded S3 endpoint issues for one prefix. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Parts only a program can pass (functions and loggers cannot live in a JSON file). */
export interface ServerRuntimeOptions {
  logger?: Logger;
  /** Issues dataset credentials instead of STS or static keys (the embedded S3 endpoint). */
  issueCredentials?: (request: {
    bucket: string;
    prefix: string;
    access: 'read' | 'write';
    durationSeconds: number;
  }) => Promise<IssuedCredentials> | IssuedCredentials;
}

/** Validates a configuration, naming every problem. */
export function parseServerConfig(input: unknown): ServerConfig {
  const result = ServerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new Error(`The server configuration is not valid:\n  ${problems.join('\n  ')}`);
}
