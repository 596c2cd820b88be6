/** The workers' keep-alive HTTP client against a real TCP server that answers in awkward ways on purpose. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { HttpPool } from '../../../main/transfers/http-pool.ts';

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that hands each request's raw text to `answer`, which writes the response on the socket. */
async function serve(answer: (request: string, socket: Socket, index: number) => void): Promise<number> {
  let index = 0;
  server = createServer((socket) => {
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(end + 4 + length);
        answer(request, socket, index++);
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as { port: number }).port;
}

function pool(port: number): HttpPool {
  return new HttpPool({ host: '127.0.0.1', port, maxSockets: 4, bufferSize: 16 });
}

test('reads a body split into many small reads and reuses the connection for the next request', async () => {
  const body = 'x'.repeat(1000);
  const port = await serve((_request, socket) =>
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
  );
  const client = pool(port);
  for (let round = 0; round < 3; round++) {
    let received = '';
    const response = await client.request({
      method: 'GET',
      path: '/a',
      headers: { host: 'x' },
      onBody: (slice) => void (received += slice.toString()),
    });
    expect(response.status).toBe(200);
    expect(received).toBe(body);
  }
  expect(client.opened).toBe(1);
  client.close();
});

test('parses a response head that arrives a byte at a time', async () => {
  const port = await serve((_request, socket) => {
    const text = 'HTTP/1.1 200 OK\r\nETag: "abc"\r\nContent-Length: 2\r\n\r\nok';
    let at = 0;
    const next = () => {
      if (at < text.length) socket.write(text[at++]!, () => setImmediate(next));
    };
    next();
  });
  const client = pool(port);
  let received = '';
  const response = await client.request({
    method: 'GET',
    path: '/a',
    headers: { host: 'x' },
    onBody: (slice) => void (received += slice.toString()),
  });
  expect(response.headers.get('etag')).toBe('"abc"');
  expect(received).toBe('ok');
  client.close();
});

test('keeps the body of an error answer, chunked or not, and does not hand it to the body consumer', async () => {
  const xml = '<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>';
  const port = await serve((request, socket, index) => {
    if (index === 0) socket.write(`HTTP/1.1 503 Slow Down\r\nContent-Length: ${xml.length}\r\n\r\n${xml}`);
    else
      socket.write(
        `HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n${(10).toString(16)}\r\n${xml.slice(0, 10)}\r\n${(xml.length - 10).toString(16)}\r\n${xml.slice(10)}\r\n0\r\n\r\n`,
      );
  });
  const client = pool(port);
  const delivered: string[] = [];
  const first = await client.request({
    method: 'GET',
    path: '/a',
    headers: { host: 'x' },
    onBody: (slice) => void delivered.push(slice.toString()),
  });
  expect(first.status).toBe(503);
  expect(first.errorBody?.toString()).toBe(xml);
  const second = await client.request({
    method: 'GET',
    path: '/b',
    headers: { host: 'x' },
    onBody: (slice) => void delivered.push(slice.toString()),
  });
  expect(second.status).toBe(404);
  expect(second.errorBody?.toString()).toBe(xml);
  expect(delivered).toEqual([]);
  client.close();
});

test('answers HEAD without waiting for a body its content-length describes', async () => {
  const port = await serve((_request, socket) =>
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 123456\r\n\r\n'),
  );
  const client = pool(port);
  const response = await client.request({ method: 'HEAD', path: '/a', headers: { host: 'x' } });
  expect(response.headers.get('content-length')).toBe('123456');
  client.close();
});

test('retries once on a fresh connection when a kept-alive one was closed by the server', async () => {
  const port = await serve((_request, socket, index) => {
    if (index === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    // The second request arrives on the reused connection, which the server drops without answering.
    else if (index === 1) socket.destroy();
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  const client = pool(port);
  const put = (path: string, text: string) =>
    client.request({
      method: 'PUT',
      path,
      headers: { host: 'x', 'content-length': String(text.length) },
      body: Buffer.from(text),
    });
  expect((await put('/a', 'a')).status).toBe(200);
  expect((await put('/b', 'b')).status).toBe(200);
  expect(client.opened).toBe(2);
  client.close();
});

test('fails with a network error when the connection drops in the middle of a body', async () => {
  const port = await serve((_request, socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part');
    setTimeout(() => socket.destroy(), 20);
  });
  const client = pool(port);
  await expect(
    client.request({ method: 'GET', path: '/a', headers: { host: 'x' }, onBody: () => undefined }),
  ).rejects.toMatchObject({ code: 'ECONNRESET' });
  client.close();
});

test('stops a request when its signal is aborted', async () => {
  const port = await serve(() => undefined);
  const client = pool(port);
  const controller = new AbortController();
  const pending = client.request({
    method: 'GET',
    path: '/a',
    headers: { host: 'x' },
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 20);
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  client.close();
});

test('waits for the bandwidth limit before reading more of a body', async () => {
  const body = 'y'.repeat(64);
  const port = await serve((_request, socket) =>
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
  );
  const client = pool(port);
  const started = performance.now();
  let slices = 0;
  await client.request({
    method: 'GET',
    path: '/a',
    headers: { host: 'x' },
    onBody: () => {
      slices += 1;
      return new Promise((resolve) => setTimeout(resolve, 10));
    },
  });
  expect(slices).toBeGreaterThan(1);
  expect(performance.now() - started).toBeGreaterThanOrEqual(slices * 9);
  client.close();
});
