/**
 * Removing a data store leaves nothing of it behind: its catalog file (with SQLite's companions) is deleted at
 * once, and catalog files of data stores removed while Datadesk was closed are deleted at the next start.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { App } from '../../../main/services.ts';
import type { Profile, ProfileList } from '../../../preload/contract.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue } from '../../support/test-app.ts';

let app: App | null = null;
let dir: { path: string; remove(): Promise<void> };
const catalogDir = () => join(dir.path, 'catalog');

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app!, name, input);

const open = () => createTestApp(dir.path);

/** The catalog's SQLite files (and their -wal / -shm companions) on disk now. */
const catalogFiles = async () => (await readdir(catalogDir())).filter((name) => name.includes('.sqlite'));

beforeAll(async () => {
  dir = await tempDir('datadesk-profile-removal-');
});

afterAll(async () => {
  await app?.dispose();
  await dir?.remove();
});

it('deletes a removed data store’s catalog file and keeps the others', async () => {
  app = await open();
  const team = await dispatch<Profile>('profiles.add', {
    name: 'Team store',
    dataApiUrl: 'http://127.0.0.1:9/data',
    issuerUrl: 'http://127.0.0.1:9/realms/team',
  });
  await dispatch<ProfileList>('profiles.switch', { id: team.id });
  // Using a data store opens its catalog: the file exists while the profile does.
  await dispatch('catalog.status', {});
  await dispatch('catalog.datasets', {});
  const teamFiles = (await catalogFiles()).filter((name) =>
    name.startsWith(team.id.replace(/[^A-Za-z0-9_-]/g, '_')),
  );
  expect(teamFiles.some((name) => name.endsWith('.sqlite'))).toBe(true);

  await dispatch<ProfileList>('profiles.switch', { id: 'local' });
  await dispatch('catalog.status', {});
  await dispatch<ProfileList>('profiles.remove', { id: team.id });
  await vi.waitFor(async () => {
    const left = await catalogFiles();
    for (const name of teamFiles) expect(left).not.toContain(name);
  });
  expect((await catalogFiles()).some((name) => name.startsWith('local-'))).toBe(true);
  expect(await dispatch('catalog.status', {})).toMatchObject({ profileId: 'local' });
});

it('deletes at start-up the catalog files of data stores removed while Datadesk was closed', async () => {
  await app!.dispose();
  app = null;
  await mkdir(catalogDir(), { recursive: true });
  const orphan = join(catalogDir(), 'gone-profile-0123456789.sqlite');
  await writeFile(orphan, 'not really a database');
  await writeFile(`${orphan}-wal`, '');
  await writeFile(join(catalogDir(), 'notes.txt'), 'not a catalog file');
  app = await open();
  expect(existsSync(orphan)).toBe(false);
  expect(existsSync(`${orphan}-wal`)).toBe(false);
  expect(existsSync(join(catalogDir(), 'notes.txt'))).toBe(true);
  expect((await catalogFiles()).some((name) => name.startsWith('local-'))).toBe(true);
});
