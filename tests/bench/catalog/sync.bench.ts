/**
 * Sync benchmark against the reference server (its own process, over real HTTP) holding 10,000 datasets:
 * a first full sync should take ≤ 15 s, and a sync with nothing changed should write no rows and take ≤ 1/3 of
 * that. Runs a few page sizes and prints the figures, the rows written and which targets are met.
 * Run: `npx node tests/bench/catalog/sync.bench.ts [count]`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { CatalogService, remoteSourceFor } from '../../../main/catalog/index.ts';
import { silentLogger } from '../../../main/core/index.ts';
import { createDatastoreClient } from '../../../main/datastore/index.ts';
import { ItemDataset } from '../../../shared/provena/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { generateItem } from './generate.ts';

const count = Number(process.argv[2] ?? 10_000);
const pageSizes = [100, 250, 500];
const firstTargetMs = 15_000;
const folder = await tempDir('datadesk-bench-sync-');
const root = new URL('../../../', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await freePort();
const token = randomBytes(24).toString('hex');
const databasePath = join(folder.path, 'server', 'datastore.sqlite');
const server = spawn(
  process.execPath,
  [join(root, 'server/cli.ts'), '--data-dir', join(folder.path, 'server'), '--port', String(port)],
  {
    env: {
      ...process.env,
      DATADESK_SERVER_AUTH: 'local',
      DATADESK_SERVER_LOCAL_TOKEN: token,
      DATADESK_SERVER_DATABASE: databasePath,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  },
);
const url = `http://127.0.0.1:${port}`;

try {
  for (let attempt = 0; ; attempt++) {
    const healthy = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (attempt > 100) throw new Error('The reference server did not start.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Seeded straight into the server's database: minting 10,000 datasets over HTTP would measure the mint route.
  ItemDataset.parse(generateItem(0));
  const seeding = performance.now();
  const database = new DatabaseSync(databasePath, { timeout: 10_000 });
  const insert = database.prepare(
    `INSERT INTO items (id, subtype, record_type, owner_username, created_timestamp, updated_timestamp, display_name,
       access_info_uri, locked, general_roles, record) VALUES (?, 'DATASET', 'COMPLETE_ITEM', ?, ?, ?, ?, NULL, 0, ?, ?)`,
  );
  database.exec('BEGIN');
  for (let index = 0; index < count; index++) {
    const item = generateItem(index);
    insert.run(
      item.id,
      item.owner_username,
      item.created_timestamp,
      item.updated_timestamp,
      item.display_name,
      '["metadata-read"]',
      JSON.stringify(item),
    );
  }
  database.exec('COMMIT');
  database.close();
  console.log(
    `server: ${count.toLocaleString('en')} datasets seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  const client = createDatastoreClient({
    endpoints: { dataApiUrl: url, searchApiUrl: url, jobApiUrl: url, authApiUrl: url, registryApiUrl: url },
    tokens: { accessToken: async () => token, afterUnauthorized: async () => null },
    logger: silentLogger,
  });

  console.log(
    `\nsync of ${count.toLocaleString('en')} datasets from the reference server (targets: first ≤ ${firstTargetMs / 1000} s; unchanged writes 0 rows, ≤ 1/3 of first)`,
  );
  console.log(
    '  page size   first s  pages  rows written  loop stall ms   unchanged s (remote s)  rows written  ratio   targets',
  );
  // Time spent waiting for pages (server, HTTP and the client's parsing), apart from the catalog's own work.
  let remoteMs = 0;
  const inner = remoteSourceFor(async () => client);
  const source: typeof inner = {
    async listPage(request, signal) {
      const started = performance.now();
      try {
        return await inner.listPage(request, signal);
      } finally {
        remoteMs += performance.now() - started;
      }
    },
  };
  for (const pageSize of pageSizes) {
    const catalogFolder = join(folder.path, `catalog-${pageSize}`);
    const service = new CatalogService({
      directory: catalogFolder,
      context: {
        current: () => ({ profileId: 'bench', username: 'local', personId: null, source }),
        onDidChange: () => ({ dispose() {} }),
      },
      logger: silentLogger,
      pageSize,
      schedule: false,
    });
    try {
      const stall = monitorEventLoopDelay({ resolution: 10 });
      stall.enable();
      let started = performance.now();
      const first = await service.sync('manual');
      const firstMs = performance.now() - started;
      stall.disable();
      if (first.status !== 'succeeded' || first.seen !== count)
        throw new Error(`first sync: ${JSON.stringify(first)}`);

      const syncStart = Date.now();
      remoteMs = 0;
      started = performance.now();
      const unchanged = await service.sync('manual');
      const unchangedMs = performance.now() - started;
      // Counted independently of the session's own tally: rows the second run touched in the catalog file.
      const probe = new DatabaseSync(
        join(
          catalogFolder,
          (await import('node:fs')).readdirSync(catalogFolder).find((name) => name.endsWith('.sqlite'))!,
        ),
      );
      const touched = Number(
        (
          probe.prepare('SELECT count(*) AS n FROM datasets WHERE written_at >= ?').get(syncStart) as {
            n: number;
          }
        ).n,
      );
      const staged = Number(
        (probe.prepare('SELECT count(*) AS n FROM staged_datasets').get() as { n: number }).n,
      );
      probe.close();
      const ratio = unchangedMs / firstMs;
      const met = [
        firstMs <= firstTargetMs ? 'first met' : 'first MISSED',
        unchanged.rowsWritten === 0 && touched === 0 && staged === 0 ? 'no writes met' : 'no writes MISSED',
        ratio <= 1 / 3 ? 'ratio met' : 'ratio MISSED',
      ].join(', ');
      console.log(
        `  ${String(pageSize).padStart(9)} ${(firstMs / 1000).toFixed(2).padStart(9)} ${String(first.pages).padStart(6)} ${String(first.rowsWritten).padStart(13)} ${(stall.max / 1e6).toFixed(0).padStart(14)} ${(unchangedMs / 1000).toFixed(2).padStart(13)} ${`(${(remoteMs / 1000).toFixed(2)})`.padStart(10)} ${String(unchanged.rowsWritten + touched).padStart(13)} ${ratio.toFixed(2).padStart(6)}   ${met}`,
      );
    } finally {
      await service.dispose();
    }
  }
  console.log(
    '  (rows written on a first sync count staging and applying; loop stall = longest event-loop block)',
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await folder.remove();
}
