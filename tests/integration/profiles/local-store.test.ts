/** The built-in embedded local store: there on a first start, started on demand, used with no sign-in at all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/services.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue } from '../../support/test-app.ts';

let app: App;
let removeDir: () => Promise<void>;

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

beforeAll(async () => {
  const dir = await tempDir('datadesk-local-');
  removeDir = dir.remove;
  app = await createTestApp(dir.path);
});

afterAll(async () => {
  await app?.dispose();
  await removeDir?.();
});

describe('the embedded local store', () => {
  it('is the current data store on a first start', async () => {
    const list = await dispatch<{ currentId: string; profiles: { id: string; kind: string }[] }>(
      'profiles.list',
      {},
    );
    expect(list.currentId).toBe('local');
    expect(list.profiles).toEqual([expect.objectContaining({ id: 'local', kind: 'local' })]);
  });

  it('starts on demand and answers its health check', async () => {
    const health = await dispatch<{ reachable: boolean; profileName: string; message: string }>(
      'datastore.health',
      {},
    );
    expect(health).toMatchObject({
      reachable: true,
      profileName: 'This computer',
      message: 'Health check successful.',
    });
  });

  it('needs no sign-in: its user shows in the sign-in state and calls go through', async () => {
    type Overview = {
      states: {
        profileId: string;
        status: string;
        user: { username: string } | null;
        personId: string | null;
      }[];
    };
    // Who the local user is arrives shortly after the store starts (and as an auth.state event).
    const localState = async () =>
      (await dispatch<Overview>('auth.overview', {})).states.find((state) => state.profileId === 'local');
    await expect.poll(localState).toMatchObject({ status: 'not-required', user: { username: 'local-user' } });
    expect((await localState())?.personId).toBeTruthy();

    const page = await dispatch<{ items: unknown[]; paginationKey: unknown }>('datasets.list', {
      pageSize: 5,
    });
    expect(page).toEqual({ items: [], paginationKey: null });
    const check = await dispatch<{ success: boolean; details: string }>('datasets.validate', {
      metadata: validCollectionFormat('10378.1/no-such-organisation'),
    });
    expect(check.success).toBe(false);
    expect(check.details).toMatch(/10378\.1\/no-such-organisation/);
  });

  it('refuses sign-in for the local store, which needs none', async () => {
    await expect(dispatch('auth.signIn', { profileId: 'local', method: 'device' })).rejects.toMatchObject({
      code: 'invalid',
    });
  });
});
