/** Transfers through the whole app: bridge calls, the embedded local store (reference server + its S3). */
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { App } from '../../../main/services.ts';
import type { WebHost } from '../../../main/web/index.ts';
import { startAppHost } from '../../../main/web/serve.ts';
import type { TransferJob } from '../../../preload/contract.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue, firstOrganisationId } from '../../support/test-app.ts';
import { treeDigest, writeTestFile } from '../../support/transfer-harness.ts';

const mib = 1024 * 1024;
let app: App;
let host: WebHost;
let dir: { path: string; remove(): Promise<void> };
let datasetId: string;

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

async function settled(job: TransferJob): Promise<TransferJob> {
  const final = await app.transfers.waitFor(job.id);
  return (await dispatch<{ job: TransferJob }>('transfers.detail', { jobId: final.id })).job;
}

beforeAll(async () => {
  dir = await tempDir('datadesk-app-transfers-');
  app = await createTestApp(join(dir.path, 'data'));
  host = await startAppHost(app, { rendererDir: dir.path });
  const organisationId = await firstOrganisationId(app);
  const minted = await dispatch<{ handle: string }>('datasets.mint', {
    metadata: validCollectionFormat(organisationId),
  });
  datasetId = minted.handle;
});

afterAll(async () => {
  await host?.dispose();
  await app?.dispose();
  await dir?.remove();
});

test('uploads and downloads through the bridge against the embedded local store', async () => {
  const source = join(dir.path, 'survey');
  await writeTestFile(join(source, 'readings.csv'), 'site,value\n1,0.4\n');
  await writeTestFile(join(source, 'raw', 'big.bin'), 21 * mib + 9);
  const events: TransferJob[] = [];
  const subscription = app.hub.subscribe((stream, payloads) => {
    if (stream === 'transfers.job') events.push(...(payloads as TransferJob[]));
  });
  const up = await settled(
    await dispatch<TransferJob>('transfers.startUpload', {
      datasetId,
      sources: [{ path: source }],
      remotePath: 'incoming',
    }),
  );
  expect(up.state, up.error ?? '').toBe('done');
  expect(up.doneFiles).toBe(2);

  const destination = join(dir.path, 'downloaded');
  const down = await settled(
    await dispatch<TransferJob>('transfers.startDownload', {
      datasetId,
      remotePath: 'incoming/survey',
      destination,
    }),
  );
  expect(down.state, down.error ?? '').toBe('done');
  expect(await treeDigest(join(destination, 'survey'))).toEqual(await treeDigest(source));
  subscription.dispose();
  expect(events.some((event) => event.id === up.id && event.state === 'done')).toBe(true);

  const list = await dispatch<{ jobs: TransferJob[] }>('transfers.list', {});
  expect(list.jobs.map((job) => job.id)).toEqual([down.id, up.id]);
  const report = await dispatch<{ identical: number; missing: { count: number } }>('transfers.verify', {
    datasetId,
    source: { path: source },
    remotePath: 'incoming',
  });
  expect(report).toMatchObject({ identical: 2, missing: { count: 0 } });
});

test('a browser upload sends each file over the web host and lands in the dataset', async () => {
  const files = [
    { relativePath: 'from-browser/a.txt', body: Buffer.from('browser file a') },
    { relativePath: 'from-browser/nested/b.bin', body: Buffer.alloc(7 * mib, 3) },
  ];
  const created = await dispatch<{ job: TransferJob; uploadPath: string }>('transfers.startBrowserUpload', {
    datasetId,
    remotePath: 'web',
    files: files.map((file) => ({ relativePath: file.relativePath, size: file.body.length })),
  });
  expect(created.job.state).toBe('running');
  for (const file of files) {
    const url = `${host.origin}${created.uploadPath}?job=${created.job.id}&path=${encodeURIComponent(file.relativePath)}`;
    const response = await fetch(url, {
      method: 'PUT',
      body: file.body,
      headers: { 'x-datadesk-token': host.token },
    });
    expect(response.status).toBe(204);
  }
  const done = await settled(created.job);
  expect(done.state, done.error ?? '').toBe('done');
  const destination = join(dir.path, 'browser-back');
  await settled(
    await dispatch<TransferJob>('transfers.startDownload', { datasetId, remotePath: 'web/', destination }),
  );
  const back = await treeDigest(destination);
  expect([...back.keys()].sort()).toEqual(['from-browser/a.txt', 'from-browser/nested/b.bin']);
});

test('the browser upload route refuses requests without the token and bytes that do not match', async () => {
  const created = await dispatch<{ job: TransferJob; uploadPath: string }>('transfers.startBrowserUpload', {
    datasetId,
    files: [{ relativePath: 'x.txt', size: 5 }],
  });
  const url = `${host.origin}${created.uploadPath}?job=${created.job.id}&path=x.txt`;
  expect((await fetch(url, { method: 'PUT', body: 'hello' })).status).toBe(403);
  expect(
    (await fetch(url, { method: 'PUT', body: 'too long', headers: { 'x-datadesk-token': host.token } }))
      .status,
  ).toBe(400);
  expect(
    (
      await fetch(`${host.origin}${created.uploadPath}?job=${created.job.id}&path=other.txt`, {
        method: 'PUT',
        body: 'hello',
        headers: { 'x-datadesk-token': host.token },
      })
    ).status,
  ).toBe(404);
  expect(
    (await fetch(url, { method: 'PUT', body: 'hello', headers: { 'x-datadesk-token': host.token } })).status,
  ).toBe(204);
  expect((await settled(created.job)).state).toBe('done');
});

test('a browser file whose bytes stop half-way fails with that reason, and can be sent again', async () => {
  const body = Buffer.alloc(2 * mib, 9);
  const created = await dispatch<{ job: TransferJob; uploadPath: string }>('transfers.startBrowserUpload', {
    datasetId,
    remotePath: 'interrupted',
    files: [
      { relativePath: 'whole.txt', size: 5 },
      { relativePath: 'cut.bin', size: body.length },
    ],
  });
  const url = (path: string) =>
    `${host.origin}${created.uploadPath}?job=${created.job.id}&path=${encodeURIComponent(path)}`;
  expect(
    (
      await fetch(url('whole.txt'), {
        method: 'PUT',
        body: 'whole',
        headers: { 'x-datadesk-token': host.token },
      })
    ).status,
  ).toBe(204);
  // Half of the bytes, then the connection goes away.
  await new Promise<void>((resolve) => {
    const request = httpRequest(url('cut.bin'), {
      method: 'PUT',
      headers: { 'x-datadesk-token': host.token, 'content-length': body.length },
    });
    request.on('error', () => resolve());
    request.write(body.subarray(0, mib), () =>
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 200),
    );
  });
  const failed = await settled(created.job);
  expect(failed.state).toBe('failed');
  expect(failed.doneFiles).toBe(1);
  const detail = await dispatch<{ items: Array<{ relativePath: string; error: string }> }>(
    'transfers.detail',
    { jobId: created.job.id },
  );
  expect(detail.items).toEqual([
    expect.objectContaining({
      relativePath: 'cut.bin',
      error: expect.stringMatching(/stopped sending|incomplete/),
    }),
  ]);

  expect(
    (await fetch(url('cut.bin'), { method: 'PUT', body, headers: { 'x-datadesk-token': host.token } }))
      .status,
  ).toBe(204);
  await expect
    .poll(
      async () =>
        (await dispatch<{ job: TransferJob }>('transfers.detail', { jobId: created.job.id })).job.state,
      { timeout: 30_000 },
    )
    .toBe('done');
});
