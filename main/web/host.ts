import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Disposable, Logger } from '../core/index.ts';
import { parseClientMessage, type EventHub, type Router, type ServerMessage } from '../ipc/index.ts';
import { bridgeLimits } from '../../preload/contract.ts';
import { contentSecurityPolicy } from './csp.ts';
import { serveIndexPage, serveStaticFile } from './static-files.ts';

/** An extra HTTP endpoint of the web host (for example browser uploads); only reached with the token. */
export interface HostRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** Exact path, e.g. `/upload`. */
  path: string;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void>;
}

/** Options for the browser-mode host. */
export interface WebHostOptions {
  router: Router;
  hub: EventHub;
  logger: Logger;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 or absent picks a free port. */
  port?: number;
  /** A fixed token, for tests; a random one otherwise. */
  token?: string;
  routes?: HostRoute[];
}

/** A running web host. */
export interface WebHost extends Disposable {
  /** The URL to open, carrying the per-run token. */
  url: string;
  origin: string;
  port: number;
  token: string;
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const securityHeaders = (origin: string) => ({
  'content-security-policy': contentSecurityPolicy(origin),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});

/** Starts the host on 127.0.0.1: static renderer, the bridge over WebSocket at `/bridge`, extra routes. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logger = options.logger.child({ component: 'web-host' });
  logger.redact(token);
  let origin = '';

  const isOriginAllowed = (value: string | undefined) => value === undefined || value === origin;

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      logger.error('web.request_failed', { error });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    for (const [name, value] of Object.entries(securityHeaders(origin))) response.setHeader(name, value);
    const route = options.routes?.find((r) => r.path === url.pathname && r.method === request.method);
    if (route) {
      const given = request.headers['x-datadesk-token'];
      if (
        !sameToken(token, Array.isArray(given) ? given[0] : given) ||
        !isOriginAllowed(request.headers.origin)
      ) {
        response.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"forbidden"}');
        return;
      }
      await route.handle(request, response, url);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    // The page itself (and unknown paths, so a reload on any route works) gets web mode's policy.
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (!isPage && (await serveStaticFile(options.rendererDir, url.pathname, response))) return;
    if (!url.pathname.startsWith('/assets/') && (await serveIndexPage(options.rendererDir, origin, response)))
      return;
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }

  const sockets = new WebSocketServer({
    noServer: true,
    // One call's input at most, plus the envelope around it.
    maxPayload: bridgeLimits.messageBytes + 64 * 1024,
  });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const refuse = (status: number, reason: string) => {
      logger.warn('web.socket_refused', { status, reason });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/bridge') return refuse(404, 'Not Found');
    if (request.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (!sameToken(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => serveConnection(ws));
  });

  function serveConnection(ws: WebSocket) {
    const inFlight = new Map<string, AbortController>();
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    for (const { stream, payloads } of options.hub.snapshot()) send({ t: 'event', stream, payloads });
    const subscription = options.hub.subscribe((stream, payloads) => send({ t: 'event', stream, payloads }));
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? null : parseClientMessage(data.toString());
      if (!message) {
        logger.warn('web.bad_message');
        return;
      }
      if (message.t === 'cancel') {
        inFlight.get(message.id)?.abort();
        return;
      }
      const controller = new AbortController();
      inFlight.set(message.id, controller);
      void options.router
        .dispatch(message.name, message.input, { signal: controller.signal, transport: 'web' })
        .then((result) => send({ t: 'result', id: message.id, result }))
        .finally(() => inFlight.delete(message.id));
    });
    ws.on('close', () => {
      subscription.dispose();
      for (const controller of inFlight.values()) controller.abort();
      inFlight.clear();
    });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  logger.info('web.started', { origin });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async dispose() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}
