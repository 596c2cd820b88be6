import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '../../support/oidc-issuer.ts';
import { authFixture, signInWithDevice, storedRefreshToken, type AuthFixture } from './auth-fixture.ts';

let issuer: OidcIssuer;
let fixture: AuthFixture;

beforeAll(async () => {
  issuer = await startOidcIssuer({ slowDownTimes: 1, deviceInterval: 1 });
  fixture = await authFixture(issuer);
});

afterAll(async () => {
  await fixture?.dispose();
  await issuer?.stop();
});

describe('device flow sign-in', () => {
  it('shows the user code and verification page, then signs in once the person confirms it', async () => {
    const { auth, profileId } = fixture;
    const started = await auth.signIn(profileId, 'device');
    expect(started.status).toBe('signing-in');
    expect(started.pending?.method).toBe('device');
    if (started.pending?.method !== 'device') throw new Error('no device code');
    expect(started.pending.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(started.pending.verificationUri).toBe(`${issuer.realmUrl}/device`);

    // The person takes a moment: the client keeps polling through authorization_pending and slow_down.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await issuer.completeDeviceLogin(started.pending.verificationUriComplete ?? '', 'alice');
    const signedIn = await fixture.waitForState((state) => state.status === 'signed-in');

    expect(issuer.slowDownsSent()).toBeGreaterThanOrEqual(1);
    expect(signedIn).toMatchObject({
      method: 'device',
      user: { username: 'alice', name: 'Alice Researcher', email: 'alice@example.org' },
      roles: ['entity-registry-read', 'entity-registry-write'],
      pending: null,
      problem: null,
    });
    const token = await auth.tokenSource(profileId).accessToken();
    expect(decodeJwt(token)).toMatchObject({
      preferred_username: 'alice',
      realm_access: { roles: signedIn.roles },
    });
  });

  it('reuses the access token while it has more than 30 s left, without asking the issuer', async () => {
    const source = fixture.auth.tokenSource(fixture.profileId);
    const before = issuer.tokenRequests('refresh_token');
    const first = await source.accessToken();
    expect(await source.accessToken()).toBe(first);
    expect(issuer.tokenRequests('refresh_token')).toBe(before);
  });

  it('keeps only display claims in the state the renderer sees', () => {
    const serialised = JSON.stringify(fixture.auth.overview());
    for (const token of issuer.issuedTokens()) expect(serialised).not.toContain(token);
  });

  it('cancels a device sign-in that the person abandons', async () => {
    const { auth, profileId } = fixture;
    await auth.signOut(profileId);
    const started = await auth.signIn(profileId, 'device');
    expect(started.status).toBe('signing-in');
    const cancelled = auth.cancelSignIn(profileId);
    expect(cancelled).toMatchObject({ status: 'signed-out', pending: null, problem: null });
  });
});

describe('browser sign-in with PKCE and a loopback redirect', () => {
  it('asks the host to open the sign-in page and completes when the browser comes back to 127.0.0.1', async () => {
    const { auth, profileId } = fixture;
    await auth.signOut(profileId);
    const started = await auth.signIn(profileId, 'browser');
    if (started.pending?.method !== 'browser') throw new Error('no authorization URL');
    const url = new URL(started.pending.authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${issuer.realmUrl}/protocol/openid-connect/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(url.searchParams.get('redirect_uri') ?? '').hostname).toBe('127.0.0.1');
    expect(fixture.opened).toContain(started.pending.authorizationUrl);

    // The host could not open a browser (web mode); the page opened by hand still completes the sign-in.
    const redirect = await issuer.completeBrowserLogin(started.pending.authorizationUrl, 'bob');
    expect(redirect.searchParams.get('code')).toBeTruthy();
    const signedIn = await fixture.waitForState((state) => state.status === 'signed-in');
    expect(signedIn).toMatchObject({ method: 'browser', user: { username: 'bob', name: 'Bob Reviewer' } });
    expect(signedIn.roles).toContain('sys-admin-write');
  });

  it('reports a refused sign-in on the page and in the state', async () => {
    const { auth, profileId } = fixture;
    await auth.signOut(profileId);
    const started = await auth.signIn(profileId, 'browser');
    if (started.pending?.method !== 'browser') throw new Error('no authorization URL');
    const redirect = new URL(
      new URL(started.pending.authorizationUrl).searchParams.get('redirect_uri') ?? '',
    );
    redirect.searchParams.set('error', 'access_denied');
    redirect.searchParams.set('iss', issuer.realmUrl);
    redirect.searchParams.set(
      'state',
      new URL(started.pending.authorizationUrl).searchParams.get('state') ?? '',
    );
    const response = await fetch(redirect);
    expect(response.status).toBe(400);
    const failed = await fixture.waitForState(
      (state) => state.status === 'signed-out' && state.problem !== null,
    );
    expect(failed.problem).toMatch(/access_denied/);
  });
});

describe('offline tokens', () => {
  it('signs in unattended with an offline token of the automated-access client', async () => {
    const { auth, profileId } = fixture;
    await auth.signOut(profileId);
    const offlineToken = await issuer.issueOfflineToken('reader');
    const state = await auth.importOfflineToken(profileId, offlineToken, issuer.clients.offline);
    expect(state).toMatchObject({ status: 'signed-in', method: 'offline', user: { username: 'reader' } });
    const token = await auth.tokenSource(profileId).accessToken();
    expect(decodeJwt(token).client_id).toBe('automated-access');
  });

  it('refuses an offline token the issuer does not know, and stays signed out', async () => {
    const { auth, profileId } = fixture;
    await auth.signOut(profileId);
    await expect(
      auth.importOfflineToken(profileId, 'not-a-real-offline-token-0123456789', 'automated-access'),
    ).rejects.toMatchObject({
      code: 'auth',
    });
    expect(auth.state(profileId).status).toBe('signed-out');
  });
});

describe('a data store moved to another issuer', () => {
  it('does not reuse the sign-in kept for the old issuer', async () => {
    const { auth, profileId, profiles } = fixture;
    await auth.signOut(profileId);
    await signInWithDevice(fixture, issuer, 'alice');
    expect(await storedRefreshToken(fixture)).not.toBeNull();
    await profiles.update(profileId, {
      name: 'Test realm',
      dataApiUrl: 'http://127.0.0.1:9/unused',
      issuerUrl: `${issuer.origin}/auth/realms/elsewhere`,
    });
    await auth.restoreAll();
    expect(auth.state(profileId)).toMatchObject({ status: 'signed-out', user: null });
    expect(await storedRefreshToken(fixture)).toBeNull();
  });
});
