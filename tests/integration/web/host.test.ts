import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../../../main/services.ts';
import { startWebHost, type WebHost } from '../../../main/web/index.ts';
import { tempDir } from '../../support/temp-dir.ts';

let app: App;
let host: WebHost;
let cleanup: () => Promise<void>;
let uploadsSeen = 0;

beforeAll(async () => {
  const dir = await tempDir();
  cleanup = dir.remove;
  const rendererDir = join(dir.path, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    join(rendererDir, 'index.html'),
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'"><title>Datadesk</title>`,
  );
  await writeFile(join(dir.path, 'secret.txt'), 'outside the renderer');
  app = await createApp({ host: 'test', dataDir: join(dir.path, 'data') });
  host = await startWebHost({
    router: app.router,
    hub: app.hub,
    logger: app.logger,
    rendererDir,
    routes: [
      {
        method: 'POST',
        path: '/upload',
        handle: async (_request, response) => {
          uploadsSeen++;
          response.writeHead(204).end();
        },
      },
    ],
  });
});

afterAll(async () => {
  await host.dispose();
  await app.dispose();
  await cleanup();
});

/** Opens a bridge socket; resolves with the socket, or with the HTTP status the host refused it with. */
function connect(query: string, origin: string | undefined): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/bridge${query}`, {
      headers: origin ? { origin } : {},
    });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

function callOver(socket: WebSocket, name: string, input: unknown): Promise<unknown> {
  const id = Math.random().toString(36).slice(2);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { t: string; id?: string; result?: unknown };
      if (message.t === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message.result);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ t: 'call', id, name, input }));
  });
}

describe('web host', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a bridge connection without the token', async () => {
    expect(await connect('', host.origin)).toBe(401);
  });

  it('refuses a bridge connection with a wrong token', async () => {
    expect(await connect(`?token=${host.token.slice(0, -1)}x`, host.origin)).toBe(401);
  });

  it('refuses a bridge connection from a foreign Origin, even with the token', async () => {
    expect(await connect(`?token=${host.token}`, 'http://evil.example')).toBe(403);
    expect(await connect(`?token=${host.token}`, `http://localhost:${host.port}`)).toBe(403);
  });

  it('serves calls over the bridge with the token and our Origin', async () => {
    const socket = await connect(`?token=${host.token}`, host.origin);
    expect(socket).toBeInstanceOf(WebSocket);
    const result = await callOver(socket as WebSocket, 'app.info', {});
    expect(result).toMatchObject({ ok: true, value: { name: 'Datadesk', host: 'test' } });
    (socket as WebSocket).close();
  });

  it('answers invalid bridge input with an invalid error', async () => {
    const socket = (await connect(`?token=${host.token}`, host.origin)) as WebSocket;
    expect(await callOver(socket, 'app.openExternal', { url: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await callOver(socket, 'no.such.call', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    socket.close();
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it("rewrites the page's CSP meta tag so the bridge WebSocket is allowed in web mode only", async () => {
    const page = await (await fetch(`${host.origin}/`)).text();
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '';
    expect(meta).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(meta).not.toContain('frame-ancestors');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await fetch(`${host.origin}${path}`);
      expect(await response.text()).not.toContain('outside the renderer');
    }
  });

  it('guards extra routes with the token header and Origin', async () => {
    const before = uploadsSeen;
    expect((await fetch(`${host.origin}/upload`, { method: 'POST' })).status).toBe(403);
    const wrongOrigin = await fetch(`${host.origin}/upload`, {
      method: 'POST',
      headers: { 'x-datadesk-token': host.token, origin: 'http://evil.example' },
    });
    expect(wrongOrigin.status).toBe(403);
    expect(uploadsSeen).toBe(before);
    const ok = await fetch(`${host.origin}/upload`, {
      method: 'POST',
      headers: { 'x-datadesk-token': host.token },
    });
    expect(ok.status).toBe(204);
    expect(uploadsSeen).toBe(before + 1);
  });
});
