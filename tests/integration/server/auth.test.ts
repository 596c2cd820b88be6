import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { sendRequest, startHarness, type Harness } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { storageBackends } from './backends.ts';

const roleMessage = "You are not authorised to access this resource as you don't have the correct role.";

describe.each(storageBackends())('authentication and role gates on $name', ({ storage }) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ storage });
  });
  afterAll(async () => harness?.stop());

  it('answers the health check without a token', async () => {
    const reply = await harness.request('GET', '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ message: 'Health check successful.' });
  });

  it('refuses a request without a token as not authenticated, with a Bearer challenge', async () => {
    const reply = await harness.request('GET', '/check-access/check-general-access');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Not authenticated' });
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a non-Bearer authorization header as not authenticated', async () => {
    const token = await harness.token('alice');
    const reply = await harness.request('GET', '/check-access/check-general-access', {
      headers: { authorization: `Basic ${token}` },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Not authenticated' });
  });

  it.each([
    ['a malformed token', async () => 'not-a-jwt'],
    [
      'a token signed by a foreign key',
      async () => harness.issuer.mintForeign({ username: 'alice', roles: ['entity-registry-read'] }),
    ],
    ['an expired token', async () => harness.token('alice', { expiresInSeconds: -60 })],
    [
      'a token without an expiry',
      async () =>
        harness.issuer.mint({
          username: 'alice',
          roles: ['entity-registry-read'],
          claims: { exp: undefined },
        }),
    ],
    [
      'an HS256 token',
      async () =>
        new SignJWT({ preferred_username: 'alice', realm_access: { roles: ['entity-registry-read'] } })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-of-enough-length-123')),
    ],
  ])('refuses %s as unvalidated credentials', async (_name, makeToken) => {
    const reply = await harness.request('GET', '/check-access/check-general-access', {
      token: await makeToken(),
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Could not validate credentials' });
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['realm_access', { realm_access: undefined }],
    ['preferred_username', { preferred_username: undefined }],
    ['roles inside realm_access', { realm_access: {} }],
  ])('refuses a token without %s as incorrectly structured', async (_name, claims) => {
    const token = await harness.token('alice', { claims });
    const reply = await harness.request('GET', '/check-access/check-general-access', { token });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Token had incorrect structure.' });
  });

  it('accepts a token whose audience is some other client', async () => {
    const token = await harness.token('alice', { claims: { aud: 'someone-else' } });
    expect((await harness.request('GET', '/check-access/check-read-access', { token })).status).toBe(200);
  });

  it('returns the user from every check-access route its roles allow', async () => {
    const token = await harness.token('ada');
    for (const path of ['general', 'read', 'write', 'admin']) {
      const reply = await harness.request<Record<string, unknown>>(
        'GET',
        `/check-access/check-${path}-access`,
        { token },
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        username: 'ada',
        email: 'ada@example.org',
        roles: expect.arrayContaining(['entity-registry-admin']),
        access_token: token,
      });
    }
  });

  it('refuses check-access routes above the caller roles with the role message', async () => {
    const reader = await harness.token('reed');
    const writer = await harness.token('alice');
    const none = await harness.token('nobody');
    expect((await harness.request('GET', '/check-access/check-general-access', { token: none })).status).toBe(
      200,
    );
    for (const [token, path] of [
      [none, 'read'],
      [reader, 'write'],
      [writer, 'admin'],
    ] as const) {
      const reply = await harness.request('GET', `/check-access/check-${path}-access`, { token });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ detail: roleMessage });
    }
  });

  it('checks roles before it validates the body (401, not 422)', async () => {
    const reader = await harness.token('reed');
    const reply = await harness.request('POST', '/register/mint-dataset', {
      token: reader,
      body: { nonsense: true },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: roleMessage });
    const anonymous = await harness.request('POST', '/register/mint-dataset', { rawBody: '{not json' });
    expect(anonymous.status).toBe(401);
  });

  it('checks roles before it validates the query (401, not 422)', async () => {
    const reply = await harness.request('GET', '/registry/items/fetch-dataset', {
      token: await harness.token('nobody'),
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: roleMessage });
  });

  it('guards the admin config route with the admin gate', async () => {
    expect(
      (await harness.request('GET', '/admin/config', { token: await harness.token('alice') })).status,
    ).toBe(401);
    const reply = await harness.request<Record<string, unknown>>('GET', '/admin/config', {
      token: await harness.token('ada'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.s3_bucket).toBe(harness.s3.bucket);
    expect(JSON.stringify(reply.body)).not.toContain(harness.s3.secretAccessKey);
  });
});

describe('authentication configuration', () => {
  it('validates tokens against a configured JWKS URL without discovery', async () => {
    const harness = await startHarness({ storage: storageBackends()[0]!.storage });
    const folder = await tempDir();
    let server: RunningServer | undefined;
    try {
      server = await startServer({
        ...harness.server.config,
        port: 0,
        databasePath: `${folder.path}/jwks.sqlite`,
        seed: undefined,
        auth: { mode: 'oidc', jwksUrl: harness.issuer.jwksUrl },
      });
      const token = await harness.token('alice');
      const reply = await sendRequest(server.url, 'GET', '/check-access/check-read-access', { token });
      expect(reply.status).toBe(200);
    } finally {
      await server?.close();
      await folder.remove();
      await harness.stop();
    }
  });

  it('maps the local token to a local user holding every role, linked and reviewing', async () => {
    const harness = await startHarness({ storage: storageBackends()[0]!.storage });
    const folder = await tempDir();
    let server: RunningServer | undefined;
    try {
      server = await startServer({
        ...harness.server.config,
        port: 0,
        databasePath: `${folder.path}/local.sqlite`,
        seed: undefined,
        auth: { mode: 'local' },
      });
      const local = server.local!;
      expect(local.token.length).toBeGreaterThanOrEqual(32);
      const admin = await sendRequest(server.url, 'GET', '/check-access/check-admin-access', {
        token: local.token,
      });
      expect(admin.status).toBe(200);
      const reviewers = await sendRequest<string[]>(server.url, 'GET', '/release/sys-reviewers/list', {
        token: local.token,
      });
      expect(reviewers.body).toContain(local.personId);
      const minted = await sendRequest<{ status: { success: boolean } }>(
        server.url,
        'POST',
        '/register/mint-dataset',
        {
          token: local.token,
          body: validCollectionFormat(local.organisationId),
        },
      );
      expect(minted.body.status.success).toBe(true);
      const jwt = await harness.token('alice');
      expect(
        (await sendRequest(server.url, 'GET', '/check-access/check-general-access', { token: jwt })).status,
      ).toBe(401);
    } finally {
      await server?.close();
      await folder.remove();
      await harness.stop();
    }
  });
});
