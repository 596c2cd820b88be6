import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { CredentialResponse, MintResponse } from '../../../shared/provena/index.ts';
import { startJwtIssuer } from '../../support/jwt-issuer.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { sendRequest } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  logs(): string;
  /** Sends SIGTERM to the process group and resolves with the first process's exit code. */
  stop(): Promise<number | null>;
}

/** Spawns a command in its own process group and waits for the server's `server.ready` log line. */
async function spawnServer(command: string, args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const check = () => {
      const ready = output.split('\n').find((line) => line.includes('"event":"server.ready"'));
      if (ready) {
        clearTimeout(timer);
        resolve((JSON.parse(ready) as { url: string }).url);
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return {
    child,
    url,
    logs: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/** The JSON log lines among everything the process printed. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm run server', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('starts from a clean checkout in local mode on the embedded store and stops on SIGTERM', async () => {
    const folder = await tempDir();
    cleanups.push(() => folder.remove());
    const server = await spawnServer(
      'npm',
      ['run', 'server', '--', '--data-dir', folder.path, '--port', '0'],
      {},
    );
    cleanups.push(() => server.stop());
    const health = await sendRequest(server.url, 'GET', '/');
    expect(health.body).toEqual({ message: 'Health check successful.' });

    const tokenFile = `${folder.path}/local-token`;
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    const minted = await sendRequest<MintResponse>(server.url, 'POST', '/register/mint-dataset', {
      token,
      body: validCollectionFormat(
        (
          await sendRequest<{ results: { id: string }[] }>(server.url, 'GET', '/search/entity-registry', {
            token,
            query: { query: 'organisation', subtype_filter: 'ORGANISATION' },
          })
        ).body.results[0]!.id,
      ),
    });
    expect(minted.body.status.success).toBe(true);
    const credentials = await sendRequest<CredentialResponse>(
      server.url,
      'POST',
      '/registry/credentials/generate-write-access-credentials',
      {
        token,
        body: { dataset_id: minted.body.handle, console_session_required: false },
      },
    );
    expect(credentials.status).toBe(200);
    expect(credentials.body.s3_endpoint_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // npm does not pass SIGTERM on, so the whole process group gets it (as a service manager would send it).
    await server.stop();
    for (let attempt = 0; attempt < 50 && !server.logs().includes('"event":"server.stopped"'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const output = server.logs();
    expect(output).not.toContain(token);
    expect(output).not.toContain(credentials.body.credentials.aws_secret_access_key);
    const events = logLines(output).map((line) => line.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'server.started',
        'server.ready',
        'http.request',
        'server.stopping',
        'server.stopped',
      ]),
    );
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('starts from a config file with an OIDC issuer, MinIO and a seed file, logging no secrets', async () => {
    const minio = inject('minio');
    const folder = await tempDir();
    const issuer = await startJwtIssuer();
    cleanups.push(
      () => folder.remove(),
      () => issuer.stop(),
    );
    writeFileSync(
      `${folder.path}/seed.json`,
      JSON.stringify({
        organisations: [{ id: '10378.1/500', name: 'Team Lab' }],
        persons: [
          {
            first_name: 'Alice',
            last_name: 'A',
            email: 'alice@example.org',
            username: 'alice',
            reviewer: true,
          },
        ],
      }),
    );
    writeFileSync(
      `${folder.path}/server.json`,
      JSON.stringify({
        port: 0,
        databasePath: 'team.sqlite',
        handlePrefix: '20.500',
        seedFile: 'seed.json',
        auth: { mode: 'oidc', issuer: issuer.issuer },
        s3: {
          endpoint: minio.endpoint,
          region: minio.region,
          bucket: 'datadesk-cli-test',
          accessKeyId: minio.accessKeyId,
          credentials: 'sts',
        },
      }),
    );
    const server = await spawnServer(
      process.execPath,
      ['server/cli.ts', '--config', `${folder.path}/server.json`],
      {
        DATADESK_SERVER_S3_SECRET_ACCESS_KEY: minio.secretAccessKey,
      },
    );
    cleanups.push(() => server.stop());
    const token = await issuer.mint({
      username: 'alice',
      roles: ['entity-registry-read', 'entity-registry-write'],
    });
    const minted = await sendRequest<MintResponse>(server.url, 'POST', '/register/mint-dataset', {
      token,
      body: validCollectionFormat('10378.1/500'),
    });
    expect(minted.body.status.success).toBe(true);
    expect(minted.body.handle).toMatch(/^20\.500\/\d+$/);
    expect(statSync(`${folder.path}/team.sqlite`).isFile()).toBe(true);
    const reviewers = await sendRequest<string[]>(server.url, 'GET', '/release/sys-reviewers/list', {
      token,
    });
    expect(reviewers.body).toHaveLength(1);
    const credentials = await sendRequest<CredentialResponse>(
      server.url,
      'POST',
      '/registry/credentials/generate-read-access-credentials',
      {
        token,
        body: { dataset_id: minted.body.handle, console_session_required: false },
      },
    );
    expect(credentials.body.credentials.aws_session_token.length).toBeGreaterThan(20);

    expect(await server.stop()).toBe(0);
    const output = server.logs();
    for (const secret of [
      minio.secretAccessKey,
      token,
      credentials.body.credentials.aws_secret_access_key,
      credentials.body.credentials.aws_session_token,
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(
      logLines(output).every((line) => typeof line.time === 'string' && typeof line.event === 'string'),
    ).toBe(true);
  });

  it('refuses an invalid configuration with a message naming the field and exit code 1', async () => {
    const folder = await tempDir();
    cleanups.push(() => folder.remove());
    writeFileSync(
      `${folder.path}/bad.json`,
      JSON.stringify({ port: 0, auth: { mode: 'oidc' }, s3: { bucket: 'x', accessKeyId: 'k' } }),
    );
    const child = spawn(process.execPath, ['server/cli.ts', '--config', `${folder.path}/bad.json`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('s3.secretAccessKey');
  });
});
