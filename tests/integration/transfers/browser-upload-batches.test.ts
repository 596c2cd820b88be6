/**
 * Web-mode drops of very large folders: the file list travels over the real web host's WebSocket in batches
 * (one message may carry at most 4 MiB), the job starts with the first batch and finishes only after the
 * batch that says the list is complete.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../../main/services.ts';
import type { WebHost } from '../../../main/web/index.ts';
import { startAppHost } from '../../../main/web/serve.ts';
import type { TransferJob } from '../../../preload/contract.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, firstOrganisationId } from '../../support/test-app.ts';

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
type Started = { job: TransferJob; uploadPath: string };

let app: App;
let host: WebHost;
let dir: { path: string; remove(): Promise<void> };
let socket: WebSocket;
let datasetId: string;
let nextId = 0;

/** One bridge call over the web host's WebSocket, as the browser makes it. */
function callOver<T>(name: string, input: unknown): Promise<Result<T>> {
  const id = `call-${nextId++}`;
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { t: string; id?: string; result?: Result<T> };
      if (message.t === 'result' && message.id === id) {
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve(message.result!);
      }
    };
    const onClose = (code: number) =>
      reject(new Error(`The web host closed the bridge (${code}) during ${name}.`));
    socket.on('message', onMessage);
    socket.once('close', onClose);
    socket.send(JSON.stringify({ t: 'call', id, name, input }));
  });
}

async function value<T>(name: string, input: unknown): Promise<T> {
  const result = await callOver<T>(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function sendBytes(started: Started, relativePath: string, body: string): Promise<number> {
  const url = `${host.origin}${started.uploadPath}?job=${started.job.id}&path=${encodeURIComponent(relativePath)}`;
  return (await fetch(url, { method: 'PUT', body, headers: { 'x-datadesk-token': host.token } })).status;
}

const detail = async (jobId: string) =>
  (await value<{ job: TransferJob }>('transfers.detail', { jobId })).job;

beforeAll(async () => {
  dir = await tempDir('datadesk-browser-batches-');
  app = await createTestApp(join(dir.path, 'data'));
  host = await startAppHost(app, { rendererDir: dir.path });
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, {
    headers: { origin: host.origin },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const organisationId = await firstOrganisationId(app);
  datasetId = (
    await value<{ handle: string }>('datasets.mint', {
      metadata: validCollectionFormat(organisationId),
    })
  ).handle;
});

afterAll(async () => {
  socket?.close();
  await host?.dispose();
  await app?.dispose();
  await dir?.remove();
});

test('lists a 100,000-file browser drop in batches over the web host without losing the connection', async () => {
  const total = 100_000;
  const batch = 5_000;
  const entry = (index: number) => ({
    relativePath: `survey/site-${index % 100}/reading-${index}.csv`,
    size: 1,
  });
  const batchOf = (start: number) => Array.from({ length: batch }, (_, offset) => entry(start + offset));
  // All of it in one call is refused by its bounds (and would exceed the 4 MiB message cap once listed in full).
  const whole = await callOver('transfers.startBrowserUpload', {
    datasetId,
    files: batchOf(0).concat(batchOf(batch)),
    complete: true,
  });
  expect(whole).toMatchObject({ ok: false, error: { code: 'invalid' } });

  const started = await value<Started>('transfers.startBrowserUpload', {
    datasetId,
    remotePath: 'big-drop',
    files: batchOf(0),
    complete: false,
  });
  expect(started.job).toMatchObject({ state: 'running', totalFiles: batch, title: 'Upload survey' });
  expect(await sendBytes(started, 'survey/site-0/reading-0.csv', 'x')).toBe(204);
  for (let start = batch; start < total; start += batch) {
    const job = await value<TransferJob>('transfers.addBrowserFiles', {
      jobId: started.job.id,
      files: batchOf(start),
      complete: start + batch === total,
    });
    expect(job.totalFiles).toBe(start + batch);
  }
  // A file of the last batch can be sent, and the list is closed to further batches.
  expect(await sendBytes(started, `survey/site-99/reading-${total - 1}.csv`, 'y')).toBe(204);
  const late = await callOver('transfers.addBrowserFiles', {
    jobId: started.job.id,
    files: [entry(total)],
    complete: true,
  });
  expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });
  await expect.poll(async () => (await detail(started.job.id)).doneFiles, { timeout: 30_000 }).toBe(2);
  const job = await detail(started.job.id);
  expect(job).toMatchObject({ state: 'running', planning: false, totalFiles: total, totalBytes: total });
  expect(socket.readyState).toBe(WebSocket.OPEN);
  expect((await value<TransferJob>('transfers.cancel', { jobId: started.job.id })).state).toBe('cancelled');
});

test('a browser upload whose list is incomplete waits for the rest, then finishes', async () => {
  const started = await value<Started>('transfers.startBrowserUpload', {
    datasetId,
    remotePath: 'in-parts',
    files: [{ relativePath: 'a.txt', size: 1 }],
    complete: false,
  });
  expect(await sendBytes(started, 'a.txt', 'a')).toBe(204);
  await expect.poll(async () => (await detail(started.job.id)).doneFiles, { timeout: 30_000 }).toBe(1);
  // Everything listed so far has arrived and is uploaded, but the list is not complete: the job keeps running.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await detail(started.job.id)).toMatchObject({ state: 'running', planning: true });
  const duplicate = await callOver('transfers.addBrowserFiles', {
    jobId: started.job.id,
    files: [{ relativePath: 'a.txt', size: 1 }],
    complete: true,
  });
  expect(duplicate).toMatchObject({
    ok: false,
    error: { code: 'invalid', message: expect.stringContaining('listed twice') },
  });
  await value('transfers.addBrowserFiles', {
    jobId: started.job.id,
    files: [{ relativePath: 'b.txt', size: 1 }],
    complete: true,
  });
  expect(await sendBytes(started, 'b.txt', 'b')).toBe(204);
  const done = await app.transfers.waitFor(started.job.id);
  expect(done).toMatchObject({ state: 'done', doneFiles: 2, totalFiles: 2 });
});
