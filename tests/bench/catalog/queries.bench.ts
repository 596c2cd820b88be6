/**
 * Catalog query benchmark: with 100,000 datasets in a real catalog file, every sort, filter and search page
 * (with its total count) should take ≤ 50 ms. Prints p50/p95/max per query kind and which targets are met.
 * Run: `npx node tests/bench/catalog/queries.bench.ts [count]`.
 */
import { performance } from 'node:perf_hooks';
import {
  ProfileCatalog,
  type DatasetQuery,
  type FetchedDataset,
  type Viewer,
} from '../../../main/catalog/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { generateItem, people, random } from './generate.ts';
import { measure, printTable, summarise, type Figures } from './figures.ts';

const count = Number(process.argv[2] ?? 100_000);
const targetMs = 50;
const folder = await tempDir('datadesk-bench-catalog-');
const catalog = new ProfileCatalog('bench', `${folder.path}/catalog.sqlite`);
const viewer: Viewer = { username: people[0]!.username, personId: people[0]!.personId };

try {
  const fillStarted = performance.now();
  for (let start = 0; start < count; start += 2_000) {
    const batch: FetchedDataset[] = [];
    for (let index = start; index < Math.min(count, start + 2_000); index++)
      batch.push({ item: generateItem(index) });
    await catalog.writeThrough(batch);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  console.log(
    `catalog: ${count.toLocaleString('en')} datasets written in ${fillSeconds.toFixed(1)} s (${Math.round(count / fillSeconds).toLocaleString('en')}/s)`,
  );

  const next = random(42);
  const offset = () => Math.floor(next() * Math.max(1, count - 50));
  const words = [
    'ocean',
    'reef coral',
    'soil carbon tas',
    'drought',
    'koala',
    'rainfall queensland',
    'lidar',
    'ozone',
  ];
  const kinds: Array<{ name: string; query: () => DatasetQuery }> = [
    { name: 'updated ↓, first page', query: () => ({ sort: 'updated', direction: 'desc', offset: 0 }) },
    {
      name: 'updated ↓, deep offset',
      query: () => ({ sort: 'updated', direction: 'desc', offset: offset() }),
    },
    {
      name: 'created ↑, deep offset',
      query: () => ({ sort: 'created', direction: 'asc', offset: offset() }),
    },
    { name: 'name ↑, deep offset', query: () => ({ sort: 'name', direction: 'asc', offset: offset() }) },
    {
      name: 'status PENDING, name',
      query: () => ({ sort: 'name', releaseStatus: ['PENDING'], offset: Math.floor(next() * 10_000) }),
    },
    { name: 'mine, updated', query: () => ({ sort: 'updated', mine: true, offset: 0 }) },
    { name: 'awaiting my review', query: () => ({ sort: 'updated', awaitingMyReview: true }) },
    {
      name: 'search word, updated',
      query: () => ({ search: words[Math.floor(next() * words.length)], sort: 'updated' }),
    },
    {
      name: 'search word, relevance',
      query: () => ({ search: words[Math.floor(next() * words.length)], sort: 'relevance' }),
    },
    {
      name: 'search 1st letter (typing)',
      query: () => ({ search: 'abcdefghiklmnoprstw'[Math.floor(next() * 19)], sort: 'updated' }),
    },
    {
      name: 'search 2 letters (typing)',
      query: () => ({ search: ['oc', 'so', 'ra', 'dr', 'ko', 'gr'][Math.floor(next() * 6)], sort: 'name' }),
    },
    { name: 'search id', query: () => ({ search: `10378.1/${Math.floor(next() * count)}` }) },
    {
      name: 'search + filter + deep',
      query: () => ({
        search: 'data',
        releaseStatus: ['NOT_RELEASED'],
        sort: 'created',
        offset: Math.floor(next() * 5_000),
      }),
    },
  ];

  const figures: Figures[] = [];
  let revision = 0;
  for (const kind of kinds) {
    for (let warm = 0; warm < 3; warm++) catalog.queries.page(kind.query(), viewer, --revision);
    const samples: Array<{ wallMs: number; cpuMs: number }> = [];
    let total = 0;
    for (let run = 0; run < 40; run++) {
      const query = { limit: 50, ...kind.query() };
      // A new revision each time: the total is counted afresh, as on the first page of a new search.
      const measured = measure(() => catalog.queries.page(query, viewer, --revision));
      samples.push(measured);
      total = measured.result.total;
    }
    figures.push(summarise(kind.name, samples, targetMs, `${total.toLocaleString('en')} match`));
  }
  printTable(
    `catalog queries on ${count.toLocaleString('en')} datasets (page of 50 + total count; target ≤ ${targetMs} ms)`,
    figures,
  );
} finally {
  catalog.close();
  await folder.remove();
}
