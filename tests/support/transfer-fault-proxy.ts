/**
 * A real HTTP proxy in front of MinIO for transfer tests: forwards every request unchanged (the Host header is
 * kept, so signatures stay valid), records what passed, and injects faults on request — 503 SlowDown,
 * connection resets in the middle of a body, ExpiredToken for chosen access keys, or a made-up response.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it passed the proxy. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query, decoded (`/bucket/key`). */
  path: string;
  query: URLSearchParams;
  accessKeyId: string | null;
  /** The Range header of a GET, if any. */
  range: string | null;
  status: number;
  /** Request body bytes that reached MinIO. */
  bytesIn: number;
  /** What the proxy did instead of forwarding, if anything. */
  fault: FaultAction['kind'] | null;
}

/** What to do with a matching request. */
export type FaultAction =
  | { kind: 'status'; status: number; code: string; message?: string }
  | { kind: 'reset-request'; afterBytes: number }
  | { kind: 'reset-response'; afterBytes: number }
  /** Forward the request (so the endpoint completes it) but never answer the client. */
  | { kind: 'swallow-response' }
  /** Forward the request only once `until` settles (keeps a transfer in flight as long as a test needs). */
  | { kind: 'hold'; until: Promise<unknown> }
  | { kind: 'respond'; status: number; body: string; contentType?: string };

/** A fault for the next `times` requests that match. */
export interface FaultRule {
  match(request: {
    method: string;
    path: string;
    query: URLSearchParams;
    accessKeyId: string | null;
  }): boolean;
  action: FaultAction;
  times: number;
}

export interface FaultProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Access keys answered with ExpiredToken (as S3 does after a session token's expiry). */
  expiredKeys: Set<string>;
  addFault(rule: FaultRule): void;
  close(): Promise<void>;
}

function accessKeyOf(request: IncomingMessage): string | null {
  const authorization = request.headers.authorization ?? '';
  const match = /Credential=([^/]+)\//.exec(authorization);
  return match?.[1] ?? null;
}

function s3Error(response: ServerResponse, status: number, code: string, message = code): void {
  response.writeHead(status, {
    'content-type': 'application/xml',
    connection: 'close',
    // As MinIO (behind this proxy) does: a HEAD answer has no body, so the error is named in headers too.
    'x-minio-error-code': code,
    'x-minio-error-desc': `"${message}"`,
  });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>proxy</RequestId></Error>`,
  );
}

/** Passes a request on to the endpoint and its answer back, applying the response-side faults. */
function forward(
  target: URL,
  action: FaultAction | null,
  request: IncomingMessage,
  response: ServerResponse,
  record: ProxiedRequest,
): void {
  const upstreamRequest = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (upstreamResponse) => {
      record.status = upstreamResponse.statusCode ?? 0;
      if (action?.kind === 'swallow-response') {
        record.fault = 'swallow-response';
        upstreamResponse.resume();
        return;
      }
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      if (action?.kind === 'reset-response') {
        record.fault = 'reset-response';
        let sent = 0;
        upstreamResponse.on('data', (chunk: Buffer) => {
          sent += chunk.length;
          if (sent >= (action as { afterBytes: number }).afterBytes) {
            upstreamResponse.destroy();
            response.socket?.destroy();
          } else response.write(chunk);
        });
        return;
      }
      upstreamResponse.pipe(response);
    },
  );
  upstreamRequest.on('error', () => response.socket?.destroy());
  request.on('data', (chunk: Buffer) => {
    record.bytesIn += chunk.length;
  });
  request.pipe(upstreamRequest);
}

/** Starts a proxy on 127.0.0.1 in front of `upstream` (e.g. http://127.0.0.1:9000). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: FaultRule[] = [];
  const requests: ProxiedRequest[] = [];
  const expiredKeys = new Set<string>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const info = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      accessKeyId: accessKeyOf(request),
    };
    const range = request.headers.range;
    const record: ProxiedRequest = {
      ...info,
      range: typeof range === 'string' ? range : null,
      status: 0,
      bytesIn: 0,
      fault: null,
    };
    requests.push(record);
    let action: FaultAction | null = null;
    if (info.accessKeyId && expiredKeys.has(info.accessKeyId)) {
      action = {
        kind: 'status',
        status: 400,
        code: 'ExpiredToken',
        message: 'The provided token has expired.',
      };
    } else {
      const rule = rules.find((candidate) => candidate.times > 0 && candidate.match(info));
      if (rule) {
        rule.times -= 1;
        action = rule.action;
      }
    }
    if (
      action &&
      action.kind !== 'reset-response' &&
      action.kind !== 'swallow-response' &&
      action.kind !== 'hold'
    ) {
      record.fault = action.kind;
      if (action.kind === 'reset-request') {
        request.on('data', (chunk: Buffer) => {
          record.bytesIn += chunk.length;
          if (record.bytesIn >= (action as { afterBytes: number }).afterBytes) request.socket.destroy();
        });
        return;
      }
      // Read the body first, as S3 does, so the client sees the answer rather than a broken pipe.
      request.resume();
      request.on('end', () => {
        record.status = action.status;
        if (action.kind === 'status') s3Error(response, action.status, action.code, action.message);
        else {
          response.writeHead(action.status, { 'content-type': action.contentType ?? 'application/xml' });
          response.end(action.body);
        }
      });
      return;
    }
    if (action?.kind === 'hold') {
      record.fault = 'hold';
      const held = action;
      void held.until.finally(() => forward(target, held, request, response, record));
    } else forward(target, action, request, response, record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    expiredKeys,
    addFault: (rule) => rules.push(rule),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
