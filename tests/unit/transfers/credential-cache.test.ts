import { expect, test } from 'vitest';
import { AppError } from '../../../main/core/index.ts';
import { CredentialCache } from '../../../main/transfers/credential-cache.ts';
import type { StorageCredentials } from '../../../main/transfers/index.ts';

function credentials(id: string, expiresAt: number): StorageCredentials {
  return {
    accessKeyId: id,
    secretAccessKey: 's',
    expiration: new Date(expiresAt),
    endpoint: null,
    region: 'r',
  };
}

test('reuses credentials until a few minutes before they expire', async () => {
  let now = 0;
  let fetched = 0;
  const cache = new CredentialCache(
    async () => credentials(`k${++fetched}`, now + 3_600_000),
    () => now,
  );
  expect((await cache.get()).accessKeyId).toBe('k1');
  now = 3_000_000;
  expect((await cache.get()).accessKeyId).toBe('k1');
  now = 3_400_000;
  expect((await cache.get()).accessKeyId).toBe('k2');
});

test('refreshes short-lived credentials halfway through their life', async () => {
  let now = 0;
  let fetched = 0;
  const cache = new CredentialCache(
    async () => credentials(`k${++fetched}`, now + 10_000),
    () => now,
  );
  await cache.get();
  now = 4_000;
  expect((await cache.get()).accessKeyId).toBe('k1');
  now = 5_001;
  expect((await cache.get()).accessKeyId).toBe('k2');
});

test('shares one fetch between concurrent callers and forgets only the key that expired', async () => {
  let fetched = 0;
  const cache = new CredentialCache(async () => credentials(`k${++fetched}`, Date.now() + 3_600_000));
  const all = await Promise.all([cache.get(), cache.get(), cache.get()]);
  expect(new Set(all.map((value) => value.accessKeyId))).toEqual(new Set(['k1']));
  cache.invalidate('some-older-key');
  expect((await cache.get()).accessKeyId).toBe('k1');
  cache.invalidate('k1');
  expect((await cache.get()).accessKeyId).toBe('k2');
});

test('keeps working credentials when a refresh fails for a passing reason, but not when refused', async () => {
  let now = 0;
  let mode: 'ok' | 'down' | 'refused' = 'ok';
  const cache = new CredentialCache(
    async () => {
      if (mode === 'down') throw new Error('connection refused');
      if (mode === 'refused') throw new AppError('forbidden', 'released');
      return credentials('k', now + 3_600_000);
    },
    () => now,
  );
  await cache.get();
  now = 3_400_000;
  mode = 'down';
  expect((await cache.get()).accessKeyId).toBe('k');
  mode = 'refused';
  await expect(cache.get()).rejects.toThrow('released');
});
