/** The contestants of the transfer benchmarks: Datadesk's engine, the AWS CLI, rclone and raw parallel PUTs. */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3Data } from '../../../main/transfers/s3-data.ts';
import { createSocketPool } from '../../../main/transfers/socket-pool.ts';
import type { MinioEndpoint } from '../../support/minio.ts';

/** A finished run: wall-clock seconds of the whole process, plus what it reported. */
export interface RunResult {
  seconds: number;
  report: Record<string, unknown> | null;
}

/** The JSON object a runner printed last, if any. */
function parseReport(line: string): Record<string, unknown> | null {
  try {
    return line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Runs a command to completion; rejects with its stderr when it fails. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} exited with ${code}: ${stderr}`));
      const last = stdout.trim().split('\n').at(-1) ?? '';
      resolve({ seconds, report: parseReport(last) });
    });
  });
}

const runner = fileURLToPath(new URL('./engine-runner.ts', import.meta.url));
/** As the CLI's start.mjs does: the compile cache is on before the first TypeScript file loads. */
const compileCacheFirst =
  "data:text/javascript,import{enableCompileCache}from'node:module';enableCompileCache()";

/** Datadesk: the real engine and its workers in a process of their own. */
export function datadesk(options: Record<string, unknown>): Promise<RunResult> {
  return timed(process.execPath, ['--import', compileCacheFirst, runner, JSON.stringify(options)], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
}

/**
 * What a peer signs with: the same scoped STS credentials Datadesk gets for the dataset, as a Provena user would
 * paste them into the tool (MinIO checks a session's policy on every request, so all contestants pay for it).
 */
export interface PeerCredentials extends MinioEndpoint {
  sessionToken?: string | undefined;
}

/** Debian's AWS CLI v2 with its defaults, with nothing from this machine's configuration. */
export function awsCli(access: PeerCredentials, home: string, args: string[]): Promise<RunResult> {
  return timed('/usr/bin/aws', ['--endpoint-url', access.endpoint, ...args], {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: access.accessKeyId,
    AWS_SECRET_ACCESS_KEY: access.secretAccessKey,
    ...(access.sessionToken ? { AWS_SESSION_TOKEN: access.sessionToken } : {}),
    AWS_DEFAULT_REGION: access.region,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  });
}

/**
 * rclone with its defaults (AWS_CA_BUNDLE unset: rclone refuses the machine's bundle), told not to create the
 * bucket (scoped credentials may not, as with Provena).
 */
export function rclone(access: PeerCredentials, home: string, args: string[]): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.AWS_CA_BUNDLE;
  return timed(
    'rclone',
    [
      ...args,
      '--config',
      join(home, 'rclone.conf'),
      '--s3-provider',
      'Minio',
      '--s3-endpoint',
      access.endpoint,
      '--s3-region',
      access.region,
      '--s3-access-key-id',
      access.accessKeyId,
      '--s3-secret-access-key',
      access.secretAccessKey,
      ...(access.sessionToken ? ['--s3-session-token', access.sessionToken] : []),
      '--s3-no-check-bucket',
    ],
    env,
  );
}

/** Sends one PUT of `body` to `key`. */
type RawPut = (key: string, body: Buffer) => Promise<void>;

/** PUTs through node:http with presigned URLs and a keep-alive agent. */
function nodeHttpPuts(access: PeerCredentials, bucket: string, concurrency: number) {
  const client = new S3Client({
    endpoint: access.endpoint,
    region: access.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: access.accessKeyId,
      secretAccessKey: access.secretAccessKey,
      sessionToken: access.sessionToken,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const put: RawPut = async (key, body) => {
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 3600,
    });
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(
        url,
        { method: 'PUT', agent, headers: { 'content-length': body.length } },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`PUT ${response.statusCode}`)),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
  return { put, close: () => (agent.destroy(), client.destroy()) };
}

/** PUTs through the lean keep-alive HTTP client of Datadesk's workers (signed, unsigned payload, no checksum). */
function leanPuts(access: PeerCredentials, bucket: string, concurrency: number) {
  const data = new S3Data(createSocketPool(concurrency), concurrency);
  const credentials = () =>
    Promise.resolve({
      accessKeyId: access.accessKeyId,
      secretAccessKey: access.secretAccessKey,
      ...(access.sessionToken ? { sessionToken: access.sessionToken } : {}),
      expiration: new Date(Date.now() + 3_600_000),
      endpoint: access.endpoint,
      region: access.region,
    });
  const target = { endpoint: access.endpoint, region: access.region, bucket };
  const put: RawPut = async (key, body) => {
    await data.send(target, credentials, { method: 'PUT', key, body, signal: new AbortController().signal });
  };
  return { put, close: () => data.close() };
}

/**
 * The endpoint's ceiling: the same bytes, already in memory, sent as parallel PUTs of `partSize` (no files, no
 * checksums) — the best of two bare HTTP clients (node:http with presigned URLs, and the workers' own lean
 * client, which needs less CPU per byte) at a few concurrencies, over as many rounds as the contestants get.
 */
export async function ceiling(
  access: PeerCredentials,
  bucket: string,
  prefix: string,
  bytes: Buffer,
  partSize: number,
  rounds: number,
  cleanUp: (prefix: string) => Promise<void>,
): Promise<{ seconds: number; concurrency: number; client: string }> {
  let best = { seconds: Infinity, concurrency: 0, client: '' };
  const parts = Math.ceil(bytes.length / partSize);
  const tries = [4, 8, 16].flatMap((concurrency) => [
    { client: 'node:http', open: nodeHttpPuts, concurrency },
    { client: 'lean', open: leanPuts, concurrency },
  ]);
  for (let round = 0; round < rounds; round++) {
    for (const { client, open, concurrency } of tries) {
      const sender = open(access, bucket, concurrency);
      const folder = `${prefix}${client.replace(/\W/g, '')}-c${concurrency}/`;
      const started = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < parts) {
          const index = next++;
          const body = bytes.subarray(index * partSize, Math.min(bytes.length, (index + 1) * partSize));
          await sender.put(`${folder}part-${index}`, body);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const seconds = (performance.now() - started) / 1000;
      sender.close();
      await cleanUp(folder);
      if (seconds < best.seconds) best = { seconds, concurrency, client };
    }
  }
  return best;
}
