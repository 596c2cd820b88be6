/** The contestants of the transfer benchmarks: Datadesk's engine, the AWS CLI, rclone and raw parallel PUTs. */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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

/** Datadesk: the real engine and its workers in a process of their own. */
export function datadesk(options: Record<string, unknown>): Promise<RunResult> {
  return timed(process.execPath, [runner, JSON.stringify(options)], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
}

/** Debian's AWS CLI v2 with its defaults, with nothing from this machine's configuration. */
export function awsCli(minio: MinioEndpoint, home: string, args: string[]): Promise<RunResult> {
  return timed('/usr/bin/aws', ['--endpoint-url', minio.endpoint, ...args], {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: minio.accessKeyId,
    AWS_SECRET_ACCESS_KEY: minio.secretAccessKey,
    AWS_DEFAULT_REGION: minio.region,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  });
}

/** rclone with its defaults (AWS_CA_BUNDLE unset: rclone refuses the machine's bundle). */
export function rclone(minio: MinioEndpoint, home: string, args: string[]): Promise<RunResult> {
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
      minio.endpoint,
      '--s3-region',
      minio.region,
      '--s3-access-key-id',
      minio.accessKeyId,
      '--s3-secret-access-key',
      minio.secretAccessKey,
    ],
    env,
  );
}

/**
 * The endpoint's ceiling: the same bytes, already in memory, sent as parallel PUTs of `partSize` through bare
 * keep-alive HTTP with presigned URLs (no files, no checksums, no SDK on the hot path). Best of a few
 * concurrencies.
 */
export async function ceiling(
  minio: MinioEndpoint,
  bucket: string,
  prefix: string,
  bytes: Buffer,
  partSize: number,
  cleanUp: (prefix: string) => Promise<void>,
): Promise<{ seconds: number; concurrency: number }> {
  const client = new S3Client({
    endpoint: minio.endpoint,
    region: minio.region,
    forcePathStyle: true,
    credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  let best = { seconds: Infinity, concurrency: 0 };
  for (const concurrency of [4, 8, 16]) {
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const parts = Math.ceil(bytes.length / partSize);
    const urls = await Promise.all(
      Array.from({ length: parts }, (_, index) =>
        getSignedUrl(
          client,
          new PutObjectCommand({ Bucket: bucket, Key: `${prefix}c${concurrency}/part-${index}` }),
          { expiresIn: 3600 },
        ),
      ),
    );
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < parts) {
        const index = next++;
        const body = bytes.subarray(index * partSize, Math.min(bytes.length, (index + 1) * partSize));
        await new Promise<void>((resolve, reject) => {
          const put = request(
            urls[index]!,
            { method: 'PUT', agent, headers: { 'content-length': body.length } },
            (response) => {
              response.resume();
              response.on('end', () =>
                response.statusCode === 200 ? resolve() : reject(new Error(`PUT ${response.statusCode}`)),
              );
            },
          );
          put.on('error', reject);
          put.end(body);
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    await cleanUp(`${prefix}c${concurrency}/`);
    if (seconds < best.seconds) best = { seconds, concurrency };
  }
  client.destroy();
  return best;
}
