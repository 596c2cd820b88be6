/**
 * Runs against the real Secret Service (gnome-keyring under dbus-run-session, as `npm test` provides). The
 * keychain backend is required here, so a machine without one fails this file loudly instead of quietly
 * testing the memory fallback.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/index.ts';
import { openSecretStore, secretBackendFromEnv, type SecretStore } from '../../../main/secrets/index.ts';
import { startOidcIssuer, type OidcIssuer } from '../../support/oidc-issuer.ts';
import { authFixture, signInWithDevice, type AuthFixture } from '../auth/auth-fixture.ts';

const run = promisify(execFile);
const childScript = fileURLToPath(new URL('open-store-child.ts', import.meta.url));
const service = `Datadesk-test-${randomUUID()}`;
const logger = createLogger({ sinks: [] });

/** Reads an entry with libsecret's own tool: proof that the secret is in the Secret Service, not in our memory. */
async function lookUp(account: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'username', account]);
    return stdout;
  } catch {
    return null;
  }
}

let keychain: SecretStore;

beforeAll(async () => {
  keychain = await openSecretStore({ service, backend: 'keychain', logger });
});

describe('the OS keychain (Secret Service)', () => {
  it('is the store in use, and it survives a restart', () => {
    expect(keychain).toMatchObject({ kind: 'keychain', persistent: true, unavailableReason: null });
  });

  it('stores, reads and deletes a secret that libsecret itself can see', async () => {
    await keychain.set('profile:example', 'a-secret-value-123');
    expect(await keychain.get('profile:example')).toBe('a-secret-value-123');
    expect(await lookUp('profile:example')).toBe('a-secret-value-123');
    expect(await keychain.delete('profile:example')).toBe(true);
    expect(await keychain.get('profile:example')).toBeNull();
    expect(await lookUp('profile:example')).toBeNull();
    expect(await keychain.delete('profile:example')).toBe(false);
  });

  it('fails loudly when the keychain is required but there is none, and falls back to memory otherwise', async () => {
    const openWithoutBus = async (backend: string) => {
      const { stdout } = await run(process.execPath, [childScript], {
        env: {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/datadesk-test-bus',
          DATADESK_SECRETS: backend,
        },
      });
      return JSON.parse(stdout) as { kind?: string; persistent?: boolean; reason?: string; error?: string };
    };
    expect((await openWithoutBus('keychain')).error).toMatch(/keychain is required/);
    const fallback = await openWithoutBus('auto');
    expect(fallback).toMatchObject({ kind: 'memory', persistent: false });
    expect(fallback.reason).toMatch(/No keychain/);
  });

  it('reads the backend from DATADESK_SECRETS and refuses names it does not know', () => {
    expect(secretBackendFromEnv(undefined)).toBe('auto');
    expect(secretBackendFromEnv('keychain')).toBe('keychain');
    expect(secretBackendFromEnv('memory')).toBe('memory');
    expect(() => secretBackendFromEnv('plaintext')).toThrow(/auto, keychain or memory/);
  });
});

describe('sign-in tokens in the keychain', () => {
  let issuer: OidcIssuer;
  let fixture: AuthFixture;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    fixture = await authFixture(issuer, { secrets: keychain });
  });

  afterAll(async () => {
    await fixture?.dispose();
    await issuer?.stop();
  });

  it('keeps the refresh token in the keychain after sign-in and removes it on sign-out', async () => {
    const account = `profile:${fixture.profileId}`;
    const state = await signInWithDevice(fixture, issuer, 'alice');
    expect(state.remembered).toBe(true);
    const stored = JSON.parse((await lookUp(account)) ?? 'null') as { refreshToken: string } | null;
    expect(issuer.issuedTokens()).toContain(stored?.refreshToken);

    await fixture.auth.signOut(fixture.profileId);
    expect(await lookUp(account)).toBeNull();
  });

  it('restores a remembered sign-in in a new app session without asking again', async () => {
    await signInWithDevice(fixture, issuer, 'bob');
    const restarted = await authFixture(issuer, { secrets: keychain });
    try {
      // The second fixture has its own profile file; give it the same profile id by reading the first one's entry.
      const text = await keychain.get(`profile:${fixture.profileId}`);
      await keychain.set(`profile:${restarted.profileId}`, text ?? '');
      await restarted.auth.restoreAll();
      expect(restarted.auth.state(restarted.profileId)).toMatchObject({
        status: 'signed-in',
        remembered: true,
        user: { username: 'bob' },
      });
      await expect(restarted.auth.tokenSource(restarted.profileId).accessToken()).resolves.toMatch(/^ey/);
    } finally {
      await restarted.auth.signOut(restarted.profileId);
      await restarted.dispose();
      await fixture.auth.signOut(fixture.profileId);
    }
  });
});
