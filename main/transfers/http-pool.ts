/**
 * A small keep-alive HTTP/1.1 client for the transfer workers' data path on plain-HTTP endpoints (MinIO, the
 * embedded store). Each socket reads into one fixed buffer (`net.Socket`'s `onread`), so a gigabyte download
 * does not allocate sixteen thousand 64 KiB buffers for the garbage collector: measured on this project's
 * 2-core machine, about a quarter of node:http's CPU per byte, and a fifth per small request.
 */
import { connect, type Socket } from 'node:net';
import { ChunkedDecoder } from './chunked-decoder.ts';

/** One request. Header names are lowercase. */
export interface PoolRequest {
  method: 'GET' | 'PUT' | 'HEAD';
  /** Path and query, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Receives the body of a 2xx response, slice by slice; a slice is valid only during the call. */
  onBody?(slice: Buffer): void | Promise<void>;
  signal?: AbortSignal;
}

/** A response; `errorBody` holds (the start of) the body of a non-2xx answer. */
export interface PoolResponse {
  status: number;
  headers: Map<string, string>;
  errorBody: Buffer | null;
}

interface Connection {
  socket: Socket;
  buffer: Buffer;
  /** Handles bytes for the request in progress; null while idle. */
  onData: ((slice: Buffer) => void | Promise<void>) | null;
  onClose: ((error: Error) => void) | null;
  reused: boolean;
}

const maxErrorBody = 64 * 1024;
const idleMs = 20_000;

function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Parses the status line and headers. */
function parseHead(head: string): { status: number; headers: Map<string, string> } {
  const lines = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? NaN);
  if (!Number.isInteger(status))
    throw networkError('EPROTO', `Not an HTTP response: ${lines[0]?.slice(0, 40)}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status, headers };
}

/** Connections to one host and port, reused while they stay open. */
export class HttpPool {
  private readonly host: string;
  private readonly port: number;
  private readonly maxSockets: number;
  private readonly bufferSize: number;
  private readonly idle: Connection[] = [];
  private open = 0;
  /** Connections opened so far (they are reused while they stay open). */
  opened = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(options: { host: string; port: number; maxSockets: number; bufferSize: number }) {
    this.host = options.host;
    this.port = options.port;
    this.maxSockets = options.maxSockets;
    this.bufferSize = options.bufferSize;
  }

  /** Sends a request; retries once on a fresh connection when a reused one turns out to be closed. */
  async request(request: PoolRequest): Promise<PoolResponse> {
    try {
      return await this.attempt(request, true);
    } catch (error) {
      if ((error as { staleConnection?: boolean }).staleConnection && !request.signal?.aborted)
        return this.attempt(request, false);
      throw error;
    }
  }

  private async connection(allowReuse: boolean): Promise<Connection> {
    for (;;) {
      if (this.closed) throw networkError('ECONNABORTED', 'The transfer connections were closed.');
      const idle = allowReuse ? this.idle.pop() : undefined;
      if (idle) {
        idle.socket.setTimeout(0);
        idle.reused = true;
        return idle;
      }
      if (this.open < this.maxSockets) return this.connect();
      if (!allowReuse && this.idle.length > 0) {
        this.idle.pop()!.socket.destroy();
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private connect(): Promise<Connection> {
    this.open += 1;
    this.opened += 1;
    const buffer = Buffer.allocUnsafe(this.bufferSize);
    const connection: Connection = {
      socket: undefined as unknown as Socket,
      buffer,
      onData: null,
      onClose: null,
      reused: false,
    };
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: this.host,
        port: this.port,
        noDelay: true,
        onread: {
          buffer,
          callback: (bytes: number, chunk: Uint8Array) => {
            const pending = connection.onData?.((chunk as Buffer).subarray(0, bytes));
            if (pending) {
              // Wait (bandwidth limit) before reading more.
              socket.pause();
              void pending.then(
                () => socket.resume(),
                (error: unknown) => socket.destroy(error as Error),
              );
            }
            return true;
          },
        },
      } as unknown as Parameters<typeof connect>[0]);
      connection.socket = socket;
      // Requests are written whole; Nagle's algorithm would hold their last segment for an ACK.
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(connection));
      socket.on('error', (error) => {
        connection.onClose?.(error);
        reject(error);
      });
      socket.on('timeout', () =>
        socket.destroy(Object.assign(new Error('The storage stopped answering.'), { name: 'TimeoutError' })),
      );
      socket.on('close', () => {
        this.open -= 1;
        const index = this.idle.indexOf(connection);
        if (index >= 0) this.idle.splice(index, 1);
        connection.onClose?.(
          networkError('ECONNRESET', 'The connection to the storage closed unexpectedly.'),
        );
        this.waiting.shift()?.();
      });
    });
  }

  private release(connection: Connection, keepAlive: boolean): void {
    connection.onData = null;
    connection.onClose = null;
    if (!keepAlive || this.closed || connection.socket.destroyed) {
      connection.socket.destroy();
      return;
    }
    connection.socket.setTimeout(idleMs);
    this.idle.push(connection);
    this.waiting.shift()?.();
  }

  private async attempt(request: PoolRequest, allowReuse: boolean): Promise<PoolResponse> {
    request.signal?.throwIfAborted();
    const connection = await this.connection(allowReuse);
    const { socket } = connection;
    return new Promise<PoolResponse>((resolve, reject) => {
      let pendingHead: Buffer | null = null;
      let response: PoolResponse | null = null;
      let remaining = -1;
      let chunked: ChunkedDecoder | null = null;
      const errorParts: Buffer[] = [];
      let errorBytes = 0;
      let settled = false;
      // A connection may be reused only once the whole request body is out (S3 can answer early).
      let bodySent = !request.body || request.body.length === 0;
      const finish = (error: Error | null) => {
        if (settled) return;
        settled = true;
        request.signal?.removeEventListener('abort', onAbort);
        if (error) {
          socket.destroy();
          if (connection.reused && response === null && pendingHead === null)
            (error as { staleConnection?: boolean }).staleConnection = true;
          reject(error);
          return;
        }
        // An answer to a request whose body is still leaving would mix with the next request's bytes.
        const keepAlive =
          (bodySent || socket.writableLength === 0) &&
          response!.headers.get('connection')?.toLowerCase() !== 'close';
        if (errorParts.length > 0) response!.errorBody = Buffer.concat(errorParts);
        this.release(connection, keepAlive);
        resolve(response!);
      };
      const onAbort = () =>
        finish(Object.assign(new Error('The transfer was stopped.'), { name: 'AbortError' }));
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const deliver = (slice: Buffer): void | Promise<void> => {
        if (slice.length === 0) return;
        if (response!.status >= 200 && response!.status < 300) return request.onBody?.(slice);
        if (errorBytes < maxErrorBody) {
          errorParts.push(Buffer.from(slice.subarray(0, maxErrorBody - errorBytes)));
          errorBytes += slice.length;
        }
      };
      const body = (slice: Buffer): void | Promise<void> => {
        if (chunked) {
          const result = chunked.push(slice, deliver);
          if (chunked.done) finish(null);
          return result;
        }
        const take = remaining >= 0 ? slice.subarray(0, remaining) : slice;
        if (remaining >= 0) remaining -= take.length;
        const result = deliver(take);
        if (remaining === 0) {
          if (result) return result.then(() => finish(null));
          finish(null);
        }
        return result;
      };
      connection.onClose = (error) => {
        // A body without a length ends with the connection.
        if (response && remaining < 0 && !chunked) finish(null);
        else finish(error);
      };
      const onHead = (slice: Buffer): void | Promise<void> => {
        // A head split across reads is kept (copied: the read buffer is reused); usually it arrives whole.
        const combined = pendingHead ? Buffer.concat([pendingHead, slice]) : slice;
        const end = combined.indexOf('\r\n\r\n');
        if (end < 0) {
          if (combined.length > 64 * 1024)
            finish(networkError('EPROTO', 'The storage sent an oversized response head.'));
          else pendingHead = Buffer.from(combined);
          return;
        }
        pendingHead = null;
        try {
          response = { ...parseHead(combined.toString('latin1', 0, end)), errorBody: null };
        } catch (error) {
          finish(error as Error);
          return;
        }
        const rest = combined.subarray(end + 4);
        if (response.status === 100) {
          response = null;
          return rest.length > 0 ? onHead(rest) : undefined;
        }
        const noBody = request.method === 'HEAD' || response.status === 204 || response.status === 304;
        const length = response.headers.get('content-length');
        if (noBody || length === '0') {
          finish(null);
          return;
        }
        if (response.headers.get('transfer-encoding')?.toLowerCase().includes('chunked'))
          chunked = new ChunkedDecoder();
        else if (length !== undefined) remaining = Number(length);
        return rest.length > 0 ? body(rest) : undefined;
      };
      connection.onData = (slice) => {
        if (settled) return;
        return response ? body(slice) : onHead(slice);
      };
      socket.setTimeout(120_000);
      const lines = [`${request.method} ${request.path} HTTP/1.1`];
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
      // Head and body leave in one system call.
      socket.cork();
      socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
      if (request.body && request.body.length > 0) {
        socket.write(request.body, () => {
          bodySent = true;
        });
      }
      socket.uncork();
    });
  }

  /** Closes every connection. */
  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.socket.destroy();
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
