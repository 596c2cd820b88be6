/**
 * MinIO for tests: a real S3 endpoint on 127.0.0.1 with a temporary folder and a fixed root user.
 * The binary is built once by `.ci/run` (go install, pinned commit) and cached under ~/.cache/datadesk-tools.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a running MinIO can be reached. */
export interface MinioEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** A MinIO this process started. */
export interface MinioServer extends MinioEndpoint {
  /** The server's process id (the benchmarks read its CPU time). */
  pid: number;
  /** Where it keeps its data (the benchmarks empty its trash). */
  dataDir: string;
  stop(): Promise<void>;
}

/** The MinIO binary: $MINIO_BINARY, else the cached build. */
export function minioBinary(): string {
  const candidates = [process.env.MINIO_BINARY, join(homedir(), '.cache', 'datadesk-tools', 'minio')];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error(
      'MinIO is not installed. Run .ci/run, or: GOBIN=~/.cache/datadesk-tools go install ' +
        'github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c',
    );
  }
  return found;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Where MinIO keeps its data: a temporary folder under `parent` (default: the OS temp folder). */
export interface MinioOptions {
  parent?: string;
}

/** Starts MinIO on 127.0.0.1 and waits until it answers its readiness probe. */
export async function startMinio(options: MinioOptions = {}): Promise<MinioServer> {
  const dataDir = await mkdtemp(join(options.parent ?? tmpdir(), 'datadesk-minio-'));
  const port = await freePort();
  const consolePort = await freePort();
  const credentials = {
    accessKeyId: 'datadesk-test-root',
    secretAccessKey: 'datadesk-test-root-secret-0123',
  };
  const child: ChildProcess = spawn(
    minioBinary(),
    [
      'server',
      dataDir,
      '--address',
      `127.0.0.1:${port}`,
      '--console-address',
      `127.0.0.1:${consolePort}`,
      '--quiet',
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dataDir,
        MINIO_ROOT_USER: credentials.accessKeyId,
        MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
        MINIO_REGION: 'us-east-1',
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
        MINIO_CALLHOME_ENABLE: 'off',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // Stops with this process even when it dies without calling stop() (a crashed script, a failed setup).
  const stopWithUs = () => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', stopWithUs);
  child.once('exit', () => process.off('exit', stopWithUs));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`MinIO exited: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/minio/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`MinIO did not become ready: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    region: 'us-east-1',
    ...credentials,
    pid: child.pid!,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
