/**
 * `npm run server`: the reference data store server as a standalone process. Configuration comes from a JSON
 * file (`--config file.json`) and/or the environment (DATADESK_SERVER_*; environment wins). With no S3 settings
 * it serves objects from the embedded S3 endpoint under the data folder; with no OIDC issuer it runs in local
 * mode and writes its token to `<data folder>/local-token` (mode 0600). Logs are JSON lines on stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, stderrSink } from '../main/core/index.ts';
import { startServer, type ServerConfigInput } from './index.ts';
import { startS3Endpoint, type S3Endpoint } from './s3/index.ts';

const usage = `Usage: npm run server -- [--config file.json] [--data-dir folder] [--port n] [--seed seed.json]

Environment (overrides the file): DATADESK_SERVER_HOST, DATADESK_SERVER_PORT, DATADESK_SERVER_DATA_DIR,
DATADESK_SERVER_DATABASE, DATADESK_SERVER_HANDLE_PREFIX, DATADESK_SERVER_SEED_FILE,
DATADESK_SERVER_GENERAL_ROLES (comma separated), DATADESK_SERVER_AUTH (local | oidc),
DATADESK_SERVER_OIDC_ISSUER, DATADESK_SERVER_OIDC_JWKS_URL, DATADESK_SERVER_LOCAL_TOKEN,
DATADESK_SERVER_S3_ENDPOINT, DATADESK_SERVER_S3_PUBLIC_ENDPOINT, DATADESK_SERVER_S3_REGION,
DATADESK_SERVER_S3_BUCKET, DATADESK_SERVER_S3_ACCESS_KEY_ID, DATADESK_SERVER_S3_SECRET_ACCESS_KEY,
DATADESK_SERVER_S3_CREDENTIALS (auto | sts | static), DATADESK_SERVER_S3_ROLE_ARN.
Health check: GET / answers {"message": "Health check successful."}.`;

type Json = Record<string, unknown>;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Sets `target[key] = value` when the value is defined. */
function put(target: Json, key: string, value: unknown): void {
  if (value !== undefined && value !== '') target[key] = value;
}

function configFromEnvironment(base: Json, env: NodeJS.ProcessEnv): Json {
  const config: Json = { ...base };
  put(config, 'host', env.DATADESK_SERVER_HOST);
  put(config, 'port', env.DATADESK_SERVER_PORT ? Number(env.DATADESK_SERVER_PORT) : undefined);
  put(config, 'databasePath', env.DATADESK_SERVER_DATABASE);
  put(config, 'handlePrefix', env.DATADESK_SERVER_HANDLE_PREFIX);
  if (env.DATADESK_SERVER_GENERAL_ROLES !== undefined) {
    config.generalRoles = env.DATADESK_SERVER_GENERAL_ROLES.split(',')
      .map((role) => role.trim())
      .filter(Boolean);
  }
  const s3: Json = { ...((base.s3 as Json | undefined) ?? {}) };
  put(s3, 'endpoint', env.DATADESK_SERVER_S3_ENDPOINT);
  put(s3, 'publicEndpoint', env.DATADESK_SERVER_S3_PUBLIC_ENDPOINT);
  put(s3, 'region', env.DATADESK_SERVER_S3_REGION);
  put(s3, 'bucket', env.DATADESK_SERVER_S3_BUCKET);
  put(s3, 'accessKeyId', env.DATADESK_SERVER_S3_ACCESS_KEY_ID);
  put(s3, 'secretAccessKey', env.DATADESK_SERVER_S3_SECRET_ACCESS_KEY);
  put(s3, 'credentials', env.DATADESK_SERVER_S3_CREDENTIALS);
  put(s3, 'roleArn', env.DATADESK_SERVER_S3_ROLE_ARN);
  if (Object.keys(s3).length > 0) config.s3 = s3;
  const mode =
    env.DATADESK_SERVER_AUTH ??
    (env.DATADESK_SERVER_OIDC_ISSUER || env.DATADESK_SERVER_OIDC_JWKS_URL ? 'oidc' : undefined);
  if (mode === 'oidc') {
    const auth: Json = { mode: 'oidc' };
    put(auth, 'issuer', env.DATADESK_SERVER_OIDC_ISSUER);
    put(auth, 'jwksUrl', env.DATADESK_SERVER_OIDC_JWKS_URL);
    config.auth = auth;
  } else if (mode === 'local') {
    config.auth = { mode: 'local' };
  }
  if (env.DATADESK_SERVER_LOCAL_TOKEN && (config.auth as Json | undefined)?.mode !== 'oidc') {
    config.auth = {
      ...((config.auth as Json | undefined) ?? { mode: 'local' }),
      token: env.DATADESK_SERVER_LOCAL_TOKEN,
    };
  }
  return config;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const logger = createLogger({ sinks: [stderrSink] });
  const env = process.env;
  logger.redact(env.DATADESK_SERVER_S3_SECRET_ACCESS_KEY);
  logger.redact(env.DATADESK_SERVER_LOCAL_TOKEN);

  const configPath = values.config ? resolve(values.config) : null;
  const fromFile = configPath ? readJson(configPath) : {};
  const config = configFromEnvironment(fromFile, env) as Json & { s3?: Json; auth?: Json };
  if (values.port !== undefined) config.port = Number(values.port);
  config.port ??= 8080;
  config.auth ??= { mode: 'local' };
  const relativeTo = configPath ? dirname(configPath) : process.cwd();
  const dataDir = resolve(
    relativeTo,
    values['data-dir'] ??
      env.DATADESK_SERVER_DATA_DIR ??
      (config.dataDir as string | undefined) ??
      '.datadesk-server',
  );
  delete config.dataDir;
  await mkdir(dataDir, { recursive: true });
  const databasePath = (config.databasePath as string | undefined) ?? join(dataDir, 'datastore.sqlite');
  config.databasePath =
    isAbsolute(databasePath) || databasePath === ':memory:'
      ? databasePath
      : resolve(relativeTo, databasePath);
  const seedFile = values.seed ?? env.DATADESK_SERVER_SEED_FILE ?? (config.seedFile as string | undefined);
  delete config.seedFile;
  if (seedFile) config.seed = readJson(resolve(relativeTo, seedFile));

  let embedded: S3Endpoint | null = null;
  if (!config.s3?.accessKeyId) {
    // No S3 configured: serve objects from the embedded endpoint under the data folder.
    const bucket = (config.s3?.bucket as string | undefined) ?? 'datadesk';
    embedded = await startS3Endpoint({ dataDir: join(dataDir, 'objects'), buckets: [bucket], logger });
    config.s3 = {
      ...config.s3,
      endpoint: embedded.endpoint,
      region: embedded.region,
      bucket,
      accessKeyId: embedded.accessKeyId,
      secretAccessKey: embedded.secretAccessKey,
    };
  }
  const endpoint = embedded;
  const server = await startServer(config as unknown as ServerConfigInput, {
    logger,
    ...(endpoint ? { issueCredentials: (request) => endpoint.issueCredentials(request) } : {}),
  });
  if (server.local) {
    const tokenFile = join(dataDir, 'local-token');
    writeFileSync(tokenFile, `${server.local.token}\n`, { mode: 0o600 });
    logger.info('server.local_token_written', { username: server.local.username, file: tokenFile });
  }
  logger.info('server.ready', {
    url: server.url,
    health: `${server.url}/`,
    storage: server.storage.endpoint ?? 'AWS',
  });

  const stop = async (signal: string) => {
    logger.info('server.stopping', { signal });
    await server.close();
    await embedded?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'server.failed', message: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exit(1);
});
