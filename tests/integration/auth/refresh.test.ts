import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '../../support/oidc-issuer.ts';
import { authFixture, signInWithDevice, storedRefreshToken, type AuthFixture } from './auth-fixture.ts';

let issuer: OidcIssuer;
let fixture: AuthFixture;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // 32 s tokens are "about to expire" (under the 30 s margin) two seconds after they are issued.
  issuer = await startOidcIssuer({ accessTokenTtl: 32 });
  fixture = await authFixture(issuer);
});

afterAll(async () => {
  await fixture?.dispose();
  await issuer?.stop();
});

beforeEach(async () => {
  await fixture.auth.signOut(fixture.profileId);
  await signInWithDevice(fixture, issuer, 'alice');
});

describe('token refresh', () => {
  it('renews the access token when less than 30 s remain, and keeps the rotated refresh token', async () => {
    const source = fixture.auth.tokenSource(fixture.profileId);
    const first = await source.accessToken();
    const firstRefresh = await storedRefreshToken(fixture);
    const before = issuer.tokenRequests('refresh_token');
    await sleep(2100);
    const second = await source.accessToken();
    expect(second).not.toBe(first);
    expect(issuer.tokenRequests('refresh_token')).toBe(before + 1);
    const rotated = await storedRefreshToken(fixture);
    expect(rotated).not.toBe(firstRefresh);
  });

  it('shares one refresh among concurrent callers, so a rotating refresh token is never used twice', async () => {
    const source = fixture.auth.tokenSource(fixture.profileId);
    await sleep(2100);
    const before = issuer.tokenRequests('refresh_token');
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(issuer.tokenRequests('refresh_token')).toBe(before + 1);
    // The grant survived: a later refresh still works.
    await sleep(2100);
    await expect(source.accessToken()).resolves.not.toBe(tokens[0]);
    expect(fixture.auth.state(fixture.profileId).status).toBe('signed-in');
  });

  it('renews once after a 401 and does not renew again for a token that was already replaced', async () => {
    const source = fixture.auth.tokenSource(fixture.profileId);
    const rejected = await source.accessToken();
    const before = issuer.tokenRequests('refresh_token');
    const [renewed, again] = await Promise.all([
      source.afterUnauthorized(rejected),
      source.afterUnauthorized(rejected),
    ]);
    expect(renewed).not.toBe(rejected);
    expect(again).toBe(renewed);
    expect(await source.afterUnauthorized(rejected)).toBe(renewed);
    expect(issuer.tokenRequests('refresh_token')).toBe(before + 1);
  });
});

describe('ending a session', () => {
  it('turns a revoked refresh token into a clean signed-out state with a plain explanation', async () => {
    const source = fixture.auth.tokenSource(fixture.profileId);
    const rejected = await source.accessToken();
    expect(await storedRefreshToken(fixture)).not.toBeNull();
    await issuer.revokeUser('alice');

    await expect(source.afterUnauthorized(rejected)).rejects.toMatchObject({ code: 'auth' });
    const state = fixture.auth.state(fixture.profileId);
    expect(state).toMatchObject({
      status: 'signed-out',
      user: null,
      roles: [],
      method: null,
      remembered: false,
    });
    expect(state.problem).toMatch(/has ended\. Sign in again/);
    expect(await storedRefreshToken(fixture)).toBeNull();
    await expect(source.accessToken()).rejects.toMatchObject({ code: 'auth' });
  });

  it('signs out by forgetting the tokens here and revoking them at the issuer', async () => {
    const refreshToken = await storedRefreshToken(fixture);
    if (!refreshToken) throw new Error('no refresh token stored');
    const state = await fixture.auth.signOut(fixture.profileId);
    expect(state).toMatchObject({ status: 'signed-out', user: null, problem: null });
    expect(await storedRefreshToken(fixture)).toBeNull();
    await expect(fixture.auth.tokenSource(fixture.profileId).accessToken()).rejects.toMatchObject({
      code: 'auth',
    });

    const config = await oidc.discovery(
      new URL(issuer.realmUrl),
      issuer.clients.device,
      undefined,
      oidc.None(),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    await expect(oidc.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
