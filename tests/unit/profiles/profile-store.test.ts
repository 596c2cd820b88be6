import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/index.ts';
import { localProfileId, openProfileStore } from '../../../main/profiles/index.ts';
import { profileInput } from '../../../preload/contract/profiles.ts';
import { tempDir } from '../../support/temp-dir.ts';

const logger = createLogger({ sinks: [] });
let dir: { path: string; remove(): Promise<void> };

beforeEach(async () => {
  dir = await tempDir('datadesk-profiles-');
});
afterEach(async () => {
  await dir.remove();
});

const provena = {
  name: 'Provena test',
  dataApiUrl: 'https://data-api.example.org/',
  issuerUrl: 'https://auth.example.org/auth/realms/provena/',
};

describe('profile store', () => {
  it('starts with the built-in local store as the current data store and no file needed', async () => {
    const store = await openProfileStore({ dataDir: dir.path, logger });
    expect(store.list()).toMatchObject({
      currentId: localProfileId,
      profiles: [{ id: 'local', kind: 'local', name: 'This computer' }],
    });
    expect(store.current().kind).toBe('local');
  });

  it('adds, edits, switches and removes data stores and keeps them across restarts', async () => {
    const store = await openProfileStore({ dataDir: dir.path, logger });
    const added = await store.add(provena);
    // Trailing slashes are removed: an issuer with one does not match its discovery document.
    expect(added).toMatchObject({
      kind: 'remote',
      dataApiUrl: 'https://data-api.example.org',
      issuerUrl: 'https://auth.example.org/auth/realms/provena',
      clientId: 'client-tools',
    });
    await store.switchTo(added.id);
    await store.update(added.id, { ...provena, name: 'Provena production', clientId: 'datadesk' });

    const reopened = await openProfileStore({ dataDir: dir.path, logger });
    expect(reopened.current()).toMatchObject({
      id: added.id,
      name: 'Provena production',
      clientId: 'datadesk',
    });

    const afterRemove = await reopened.remove(added.id);
    expect(afterRemove.currentId).toBe(localProfileId);
    expect((await openProfileStore({ dataDir: dir.path, logger })).list().profiles).toHaveLength(1);
  });

  it('tells listeners about every change', async () => {
    const store = await openProfileStore({ dataDir: dir.path, logger });
    const seen: string[] = [];
    store.onDidChange.on((list) => seen.push(list.currentId));
    const added = await store.add(provena);
    await store.switchTo(added.id);
    expect(seen).toEqual([localProfileId, added.id]);
  });

  it('refuses to edit or remove the built-in store, duplicate names and unknown ids', async () => {
    const store = await openProfileStore({ dataDir: dir.path, logger });
    await store.add(provena);
    await expect(store.remove(localProfileId)).rejects.toMatchObject({ code: 'invalid' });
    await expect(store.update(localProfileId, provena)).rejects.toMatchObject({ code: 'invalid' });
    await expect(store.add({ ...provena, name: 'provena TEST' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.switchTo('no-such-profile')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('writes settings only: no token or password ever lands in the profile file', async () => {
    const store = await openProfileStore({ dataDir: dir.path, logger });
    await store.add(provena);
    const text = await readFile(join(dir.path, 'profiles.json'), 'utf8');
    expect(Object.keys(JSON.parse(text).profiles[0]).sort()).toEqual([
      'clientId',
      'createdAt',
      'dataApiUrl',
      'id',
      'issuerUrl',
      'jobApiUrl',
      'kind',
      'name',
      's3EndpointUrl',
      's3Region',
      'searchApiUrl',
    ]);
  });

  it('sets a damaged file aside and starts again with the local store', async () => {
    await writeFile(join(dir.path, 'profiles.json'), '{"version": 1, "profiles": [');
    const store = await openProfileStore({ dataDir: dir.path, logger });
    expect(store.current().id).toBe(localProfileId);
    expect((await readdir(dir.path)).some((name) => name.startsWith('profiles.json.damaged-'))).toBe(true);
  });
});

describe('profile input', () => {
  it('accepts https addresses and plain http only on this computer', () => {
    expect(profileInput.safeParse(provena).success).toBe(true);
    expect(profileInput.safeParse({ ...provena, dataApiUrl: 'http://127.0.0.1:8080' }).success).toBe(true);
    const insecure = profileInput.safeParse({
      ...provena,
      issuerUrl: 'http://auth.example.org/auth/realms/x',
    });
    expect(insecure.success).toBe(false);
    expect(insecure.error?.issues[0]?.message).toMatch(/https/);
  });

  it('refuses credentials in addresses and unknown fields', () => {
    expect(
      profileInput.safeParse({ ...provena, dataApiUrl: 'https://user:pw@data-api.example.org' }).success,
    ).toBe(false);
    expect(profileInput.safeParse({ ...provena, refreshToken: 'x' }).success).toBe(false);
  });
});
