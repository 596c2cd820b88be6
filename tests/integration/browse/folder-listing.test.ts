/**
 * The Files tab's listing through the whole app: folder by folder with a '/' delimiter, 1,000 entries a page,
 * sizes and times, read credentials from the embedded local store; paths that could escape are refused.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { App } from '../../../main/services.ts';
import type { FolderListing, TransferJob } from '../../../preload/contract.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue, firstOrganisationId } from '../../support/test-app.ts';

let app: App;
let dir: { path: string; remove(): Promise<void> };
let datasetId: string;
const manyFiles = 2_345;

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

beforeAll(async () => {
  dir = await tempDir('datadesk-browse-');
  app = await createTestApp(join(dir.path, 'data'));
  const organisationId = await firstOrganisationId(app);
  datasetId = (
    await dispatch<{ handle: string }>('datasets.mint', {
      metadata: validCollectionFormat(organisationId),
    })
  ).handle;
  const source = join(dir.path, 'survey');
  await mkdir(join(source, 'frames'), { recursive: true });
  await mkdir(join(source, 'notes', 'day 1'), { recursive: true });
  await writeFile(join(source, 'readme.txt'), 'twelve bytes');
  await writeFile(join(source, 'notes', 'day 1', 'a.txt'), 'a');
  for (let index = 0; index < manyFiles; index++)
    await writeFile(join(source, 'frames', `frame-${String(index).padStart(5, '0')}.dat`), String(index));
  const job = await dispatch<TransferJob>('transfers.startUpload', {
    datasetId,
    sources: [{ path: source, contentsOnly: true }],
  });
  const done = await app.transfers.waitFor(job.id);
  expect(done.state).toBe('done');
}, 180_000);

afterAll(async () => {
  await app?.dispose();
  await dir?.remove();
});

test('lists one level of the dataset root: its folders and files, nothing deeper', async () => {
  const root = await dispatch<FolderListing>('files.list', { datasetId, path: '' });
  expect(root.folders).toEqual([
    { name: 'frames', path: 'frames/' },
    { name: 'notes', path: 'notes/' },
  ]);
  expect(root.files.map((file) => [file.name, file.path])).toEqual([
    ['metadata.json', 'metadata.json'],
    ['readme.txt', 'readme.txt'],
  ]);
  const readme = root.files.find((file) => file.name === 'readme.txt')!;
  expect(readme.size).toBe(12);
  expect(Math.abs(readme.modified! - Date.now())).toBeLessThan(10 * 60_000);
  expect(root.nextPage).toBeNull();
});

test('pages through a folder of thousands of files a thousand at a time, each exactly once', async () => {
  const names: string[] = [];
  let page: string | null = null;
  let pages = 0;
  do {
    const listing: FolderListing = await dispatch<FolderListing>('files.list', {
      datasetId,
      path: 'frames/',
      page,
      limit: 1000,
    });
    expect(listing.folders).toEqual([]);
    expect(listing.files.length).toBeLessThanOrEqual(1000);
    names.push(...listing.files.map((file) => file.path));
    page = listing.nextPage;
    pages++;
  } while (page);
  expect(pages).toBe(Math.ceil(manyFiles / 1000));
  expect(names.length).toBe(manyFiles);
  expect(new Set(names).size).toBe(manyFiles);
  expect(names[0]).toBe('frames/frame-00000.dat');
});

test('lists a nested folder relative to the dataset root', async () => {
  const notes = await dispatch<FolderListing>('files.list', { datasetId, path: 'notes/' });
  expect(notes.folders).toEqual([{ name: 'day 1', path: 'notes/day 1/' }]);
  const day = await dispatch<FolderListing>('files.list', { datasetId, path: 'notes/day 1/' });
  expect(day.files.map((file) => [file.path, file.size])).toEqual([['notes/day 1/a.txt', 1]]);
});

test('refuses folder paths that could leave the dataset or are not folders', async () => {
  await expect(dispatch('files.list', { datasetId, path: '../' })).rejects.toMatchObject({ code: 'invalid' });
  await expect(dispatch('files.list', { datasetId, path: 'notes/../../other/' })).rejects.toMatchObject({
    code: 'invalid',
  });
  await expect(dispatch('files.list', { datasetId, path: '/abs/' })).rejects.toMatchObject({
    code: 'invalid',
  });
  await expect(dispatch('files.list', { datasetId, path: 'readme.txt' })).rejects.toMatchObject({
    code: 'invalid',
  });
});

test('says plainly when the dataset does not exist', async () => {
  await expect(
    dispatch('files.list', { datasetId: '10378.1/does-not-exist', path: '' }),
  ).rejects.toMatchObject({ code: 'not_found' });
});

test('finds organisations and people in the registry and names them by id', async () => {
  const organisations = await dispatch<{ available: boolean; items: Array<{ id: string; name: string }> }>(
    'registry.search',
    { kind: 'organisation', query: '' },
  );
  expect(organisations.available).toBe(true);
  const first = organisations.items[0]!;
  const words = first.name.split(/\s+/)[0]!;
  const found = await dispatch<{ items: Array<{ id: string }> }>('registry.search', {
    kind: 'organisation',
    query: words,
  });
  expect(found.items.map((item) => item.id)).toContain(first.id);
  const people = await dispatch<{ items: Array<{ id: string; name: string }> }>('registry.search', {
    kind: 'person',
    query: '',
  });
  expect(people.items.length).toBeGreaterThan(0);
  const names = await dispatch<{ names: Record<string, string> }>('registry.names', {
    ids: [first.id, people.items[0]!.id, '10378.1/unknown'],
  });
  expect(names.names).toEqual({ [first.id]: first.name, [people.items[0]!.id]: people.items[0]!.name });
});
