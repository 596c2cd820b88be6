/**
 * Sync benchmark against the reference server (its own process, over real HTTP) holding 10,000 datasets:
 * a first full sync should take ≤ 15 s, and a sync with nothing changed should write no rows and take ≤ 1/3 of
 * that. Runs a few page sizes and prints the figures, the rows written and which targets are met.
 * Run: `npx node tests/bench/catalog/sync.bench.ts [count]`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
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
const pageSizes = [100, 200, 500]; // 200 is the catalog's default
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

  const source = remoteSourceFor(async () => client);
  /** Reads the whole remote list and nothing else: the floor under any sync (server, HTTP, client parsing). */
  const listOnly = async (pageSize: number) => {
    const started = performance.now();
    let key: unknown = null;
    do
      key = (await source.listPage({ paginationKey: key, pageSize }, new AbortController().signal))
        .paginationKey;
    while (key !== null);
    return performance.now() - started;
  };
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const rows: string[][] = [];
  const verdicts: string[] = [];
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
      const listMs = await listOnly(pageSize);
      const stall = monitorEventLoopDelay({ resolution: 10 });
      stall.enable();
      let started = performance.now();
      const first = await service.sync('manual');
      const firstMs = performance.now() - started;
      stall.disable();
      if (first.status !== 'succeeded' || first.seen !== count)
        throw new Error(`first sync: ${JSON.stringify(first)}`);

      const unchangedFrom = Date.now();
      started = performance.now();
      const unchanged = await service.sync('manual');
      const unchangedMs = performance.now() - started;
      // Counted in the file itself, apart from the session's own tally: rows the second run wrote or staged.
      const file = readdirSync(catalogFolder).find((name) => name.endsWith('.sqlite'))!;
      const probe = new DatabaseSync(join(catalogFolder, file), { readOnly: true });
      const countRows = (sql: string, ...values: number[]) =>
        Number((probe.prepare(sql).get(...values) as { n: number }).n);
      const written = countRows('SELECT count(*) AS n FROM datasets WHERE written_at >= ?', unchangedFrom);
      const staged = countRows('SELECT count(*) AS n FROM staged_datasets');
      probe.close();
      const noWrites = unchanged.rowsWritten === 0 && written === 0 && staged === 0;
      rows.push([
        String(pageSize),
        seconds(listMs),
        seconds(firstMs),
        String(first.pages),
        String(first.rowsWritten),
        (stall.max / 1e6).toFixed(0),
        seconds(unchangedMs),
        String(unchanged.rowsWritten + written + staged),
        (unchangedMs / firstMs).toFixed(2),
      ]);
      verdicts.push(
        `  page size ${pageSize}: first ${firstMs <= firstTargetMs ? 'met' : 'MISSED'}; unchanged writes no rows ` +
          `${noWrites ? 'met' : 'MISSED'}; unchanged ≤ 1/3 of the 15 s budget ${unchangedMs <= firstTargetMs / 3 ? 'met' : 'MISSED'}; ` +
          `unchanged ≤ 1/3 of this first sync ${unchangedMs <= firstMs / 3 ? 'met' : 'not met'} ` +
          `(reading the list alone takes ${((listMs / unchangedMs) * 100).toFixed(0)} % of the unchanged sync)`,
      );
    } finally {
      await service.dispose();
    }
  }
  const header = [
    'page size',
    'list only s',
    'first s',
    'pages',
    'rows written',
    'loop stall ms',
    'unchanged s',
    'rows written',
    'unchanged/first',
  ];
  console.log(
    `\nsync of ${count.toLocaleString('en')} datasets from the reference server (own process, local HTTP)`,
  );
  console.log(`  ${header.join('  ')}`);
  for (const row of rows)
    console.log(`  ${row.map((cell, index) => cell.padStart(header[index]!.length)).join('  ')}`);
  console.log('  targets: first ≤ 15 s; unchanged sync writes 0 rows and takes ≤ 1/3 of 15 s');
  for (const verdict of verdicts) console.log(verdict);
  console.log(
    '  (first-sync rows = staged + applied; loop stall = the longest the event loop was blocked during it)',
  );
  console.log(
    `  machine load average: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ')} (2 cores)`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await folder.remove();
}
