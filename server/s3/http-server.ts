/**
 * The HTTP side: one request at a time through parse → authenticate → route, S3 error documents for every
 * failure, `100 Continue` only after authentication, and a close that ends in-flight requests (their
 * temporary files are removed by the handlers' own cleanup) before the stores shut.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './authenticate.ts';
import type { EndpointState, RequestContext } from './context.ts';
import type { CredentialStore } from './credentials.ts';
import { errorDocument, toS3Error } from './errors.ts';
import { parseRequestTarget, type RequestTarget } from './request-target.ts';
import { route } from './router.ts';

/** A listening endpoint server. */
export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Starts serving S3 on 127.0.0.1:`port` (0 = any free port). */
export async function serve(
  state: EndpointState,
  credentials: CredentialStore,
  port: number,
): Promise<RunningServer> {
  const inFlight = new Map<IncomingMessage, Promise<void>>();
  const handle = (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean): void => {
    const work = handleRequest(state, credentials, request, response, expectsContinue).finally(() =>
      inFlight.delete(request),
    );
    inFlight.set(request, work);
  };
  const server: Server = createServer({
    requestTimeout: 0,
    headersTimeout: 60_000,
    keepAliveTimeout: 30_000,
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    handle(request, response, false),
  );
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) =>
    handle(request, response, true),
  );
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const request of inFlight.keys()) request.socket.destroy();
      await Promise.allSettled([...inFlight.values()]);
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handleRequest(
  state: EndpointState,
  credentials: CredentialStore,
  request: IncomingMessage,
  response: ServerResponse,
  expectsContinue: boolean,
): Promise<void> {
  const started = performance.now();
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  response.setHeader('x-amz-request-id', requestId);
  response.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
  response.setHeader('server', 'Datadesk-S3');
  let target: RequestTarget | undefined;
  try {
    target = parseRequestTarget(request.url ?? '/');
    const authenticated = await authenticate(request, target, credentials, state.region);
    const context: RequestContext = { request, response, target, ...authenticated, expectsContinue, state };
    await route(context);
    state.logger.debug('s3.request', {
      method: request.method,
      bucket: target.bucket,
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
    });
  } catch (thrown) {
    const error = toS3Error(thrown);
    const level = error.status >= 500 ? 'warn' : 'debug';
    state.logger[level]('s3.request.failed', {
      method: request.method,
      bucket: target?.bucket,
      code: error.code,
      reason: error === thrown ? undefined : thrown instanceof Error ? thrown.message : String(thrown),
      durationMs: Math.round(performance.now() - started),
    });
    if (response.headersSent || !request.socket || request.socket.destroyed) {
      response.destroy();
      return;
    }
    const body =
      request.method === 'HEAD'
        ? ''
        : errorDocument(error, requestId, (request.url ?? '/').split('?')[0] ?? '/');
    const headers: Record<string, string> = {
      'content-type': 'application/xml',
      'content-length': String(Buffer.byteLength(body)),
    };
    if (error.code === 'InvalidRange' && error.fields.ActualObjectSize !== undefined) {
      headers['content-range'] = `bytes */${error.fields.ActualObjectSize}`;
    }
    // An unread body would have to be drained before the connection could carry another request.
    if (!request.complete) headers.connection = 'close';
    response.writeHead(error.status, headers);
    response.end(body);
  }
}
