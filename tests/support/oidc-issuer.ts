/**
 * A real OpenID Connect provider for tests (oidc-provider) shaped like a Keycloak realm: the same paths, RS256 JWT
 * access tokens carrying `preferred_username` and `realm_access.roles`, the device flow (`client-tools`,
 * `automated-access`) and authorization code + PKCE with a loopback redirect (`datadesk`). It binds 127.0.0.1,
 * serves its own plain login pages (no external assets), and can fake `slow_down` and a short polling interval.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import Provider, { interactionPolicy, type Configuration } from 'oidc-provider';
import * as oidcClient from 'openid-client';
import { createMemoryAdapter, type MemoryAdapterStore } from './oidc-memory-adapter.ts';
import { completeBrowserLogin, completeDeviceLogin } from './oidc-user-agent.ts';

/** A person who can sign in at the test issuer. */
export interface TestUser {
  username: string;
  password: string;
  name?: string;
  email?: string;
  roles: string[];
}

/** Options for the test issuer. */
export interface OidcIssuerOptions {
  realm?: string;
  users?: TestUser[];
  /** Access token lifetime in seconds (default 300). */
  accessTokenTtl?: number;
  /** Polling interval in seconds announced in device authorization responses (default 1). */
  deviceInterval?: number;
  /** Answer `slow_down` instead of `authorization_pending` this many times per device code (default 0). */
  slowDownTimes?: number;
}

/** A running test issuer. */
export interface OidcIssuer {
  origin: string;
  /** The Keycloak realm URL, which is also the issuer identifier. */
  realmUrl: string;
  jwksUrl: string;
  /** The realm's public key as PEM (what Keycloak's realm endpoint publishes). */
  publicKeyPem: string;
  users: TestUser[];
  clients: { device: string; browser: string; offline: string };
  /** Completes the user's side of a device flow by plain HTTP: the verification page, the code, the login form. */
  completeDeviceLogin(verificationUriComplete: string, username: string, password?: string): Promise<void>;
  /** Completes the user's side of a PKCE flow by plain HTTP; delivers the redirect to the loopback listener. */
  completeBrowserLogin(authorizationUrl: string, username: string, password?: string): Promise<URL>;
  /** An offline token for a user, obtained the way Provena's `offline_tokens.py` does (device flow, offline_access). */
  issueOfflineToken(username: string): Promise<string>;
  /** Forgets every grant and refresh token of a user (an administrator ending their sessions). */
  revokeUser(username: string): Promise<number>;
  /** How many token requests of a grant type the issuer has answered successfully. */
  tokenRequests(grantType: string): number;
  /** How many `slow_down` answers the issuer has sent. */
  slowDownsSent(): number;
  /** Every access, refresh and ID token issued so far (for tests that search logs and messages for them). */
  issuedTokens(): string[];
  /**
   * Issues the next `count` access tokens already expired inside the JWT while the token response still
   * announces the normal lifetime: a client then learns of the expiry only from the data store's 401.
   */
  expireNextAccessTokens(count: number): void;
  stop(): Promise<void>;
}

/** Users every test can rely on. */
export const defaultTestUsers: TestUser[] = [
  {
    username: 'alice',
    password: 'alice-password',
    name: 'Alice Researcher',
    email: 'alice@example.org',
    roles: ['entity-registry-read', 'entity-registry-write'],
  },
  {
    username: 'bob',
    password: 'bob-password',
    name: 'Bob Reviewer',
    email: 'bob@example.org',
    roles: ['entity-registry-read', 'entity-registry-write', 'sys-admin-read', 'sys-admin-write'],
  },
  { username: 'reader', password: 'reader-password', name: 'Rita Reader', roles: ['entity-registry-read'] },
];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

/** Starts the issuer on 127.0.0.1. */
export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const realm = options.realm ?? 'datadesk-test';
  const users = options.users ?? defaultTestUsers;
  const prefix = `/auth/realms/${realm}`;
  const store: MemoryAdapterStore = new Map();
  const slowDowns = new Map<string, number>();
  const tokenCounts = new Map<string, number>();
  const issued: string[] = [];
  let slowDownsSent = 0;
  let expireNext = 0;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'realm-key-1', alg: 'RS256', use: 'sig' };
  const publicKeyPem = await exportSPKI(publicKey);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const realmUrl = `${origin}${prefix}`;
  const findUser = (username: string) => users.find((user) => user.username === username);

  const policy = interactionPolicy.base();
  // Keycloak with consent turned off never asks native apps to confirm; oidc-provider does by default.
  policy.get('consent')?.checks.remove('native_client_prompt');

  const resource = 'urn:datadesk:data-store';
  const configuration: Configuration = {
    adapter: createMemoryAdapter(store),
    clients: [
      {
        // One Datadesk profile uses one client for both flows.
        client_id: 'client-tools',
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      {
        client_id: 'automated-access',
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: 'datadesk',
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['datadesk-test-issuer-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, error) => {
          ctx.body = page(
            'Enter the code shown in Datadesk',
            `${error ? '<p role="alert">That code is not valid.</p>' : ''}${form}` +
              '<button type="submit" form="op.deviceInputForm">Continue</button>',
          );
        },
        userCodeConfirmSource: (ctx, form, _client, _info, userCode) => {
          ctx.body = page(
            'Confirm the device',
            `<p>Code <code>${escapeHtml(userCode)}</code></p>${form}` +
              '<button type="submit" form="op.deviceConfirmForm">Continue</button>',
          );
        },
        successSource: (ctx) => {
          ctx.body = page('Signed in', '<p>You can close this page and return to Datadesk.</p>');
        },
      },
      // Public clients may revoke their own tokens, as in Keycloak.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = page(
            'Sign out',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
      resourceIndicators: {
        enabled: true,
        // Keycloak clients never send `resource`: give every token one so access tokens are JWTs.
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid profile email offline_access',
          audience: 'account',
          accessTokenTTL: options.accessTokenTtl ?? 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    formats: {
      customizers: {
        jwt: (_ctx, _token, jwt) => {
          jwt.header = { typ: 'JWT' };
          if (expireNext > 0) {
            expireNext -= 1;
            jwt.payload.exp = Math.floor(Date.now() / 1000) - 120;
          }
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const user =
        'accountId' in token && typeof token.accountId === 'string' ? findUser(token.accountId) : undefined;
      if (!user) return undefined;
      return {
        preferred_username: user.username,
        email: user.email,
        name: user.name,
        realm_access: { roles: user.roles },
      };
    },
    // Keycloak always issues refresh tokens; oidc-provider only does for offline_access by default.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    findAccount: (_ctx, sub) => {
      const user = findUser(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          preferred_username: user.username,
          name: user.name,
          email: user.email,
          email_verified: user.email !== undefined,
        }),
      };
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${prefix}/login-actions/${interaction.uid}`,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`,
      );
    },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      device_authorization: '/protocol/openid-connect/auth/device',
      code_verification: '/device',
      jwks: '/protocol/openid-connect/certs',
      userinfo: '/protocol/openid-connect/userinfo',
      revocation: '/protocol/openid-connect/revoke',
      end_session: '/protocol/openid-connect/logout',
      introspection: '/protocol/openid-connect/token/introspect',
    },
    ttl: {
      AccessToken: options.accessTokenTtl ?? 300,
      IdToken: 3600,
      RefreshToken: 3600,
      DeviceCode: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  };

  const provider = new Provider(realmUrl, configuration);
  provider.on('server_error', (_ctx, error) =>
    process.stderr.write(`oidc-issuer server_error: ${error.stack}\n`),
  );

  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.path === `/protocol/openid-connect/auth/device` && body && typeof body === 'object') {
      // oidc-provider never announces an interval; tests want short polls.
      body.interval = options.deviceInterval ?? 1;
    }
    if (ctx.path === `/protocol/openid-connect/token` && body && typeof body === 'object') {
      const grantType = String((ctx.oidc?.params?.grant_type as string | undefined) ?? '');
      if (ctx.status === 200) {
        tokenCounts.set(grantType, (tokenCounts.get(grantType) ?? 0) + 1);
        for (const name of ['access_token', 'refresh_token', 'id_token']) {
          if (typeof body[name] === 'string') issued.push(body[name]);
        }
      }
      const deviceCode = ctx.oidc?.params?.device_code as string | undefined;
      if (body.error === 'authorization_pending' && deviceCode) {
        const used = slowDowns.get(deviceCode) ?? 0;
        if (used < (options.slowDownTimes ?? 0)) {
          slowDowns.set(deviceCode, used + 1);
          slowDownsSent += 1;
          body.error = 'slow_down';
          body.error_description = 'polling too fast';
        }
      }
    }
  });

  const callback = provider.callback();

  const handleInteraction = async (request: IncomingMessage, response: ServerResponse) => {
    const details = await provider.interactionDetails(request, response);
    const { prompt, params, session } = details;
    if (prompt.name === 'login') {
      if (request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        const user = findUser(form.get('username') ?? '');
        if (!user || user.password !== form.get('password')) {
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end(loginPage(details.uid, 'Invalid username or password.'));
          return;
        }
        await provider.interactionFinished(
          request,
          response,
          { login: { accountId: user.username } },
          {
            mergeWithLastSubmission: false,
          },
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(loginPage(details.uid));
      return;
    }
    // Consent: granted at once, as in a Keycloak realm with consent turned off.
    const accountId = session?.accountId;
    if (!accountId) throw new Error('consent without a session');
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId, clientId: String(params.client_id) }))
      : new provider.Grant({ accountId, clientId: String(params.client_id) });
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(
      request,
      response,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  };

  const loginPage = (uid: string, error?: string) =>
    page(
      `Sign in to ${realm}`,
      `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}` +
        `<form method="post" action="${prefix}/login-actions/${escapeHtml(uid)}">` +
        '<label>Username <input name="username" autocomplete="username"></label>' +
        '<label>Password <input name="password" type="password" autocomplete="current-password"></label>' +
        '<button type="submit">Sign in</button></form>',
    );

  server.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    void (async () => {
      if (url.pathname === prefix && request.method === 'GET') {
        // Keycloak's realm endpoint: Provena's Python client reads the bare public key from it.
        const bare = publicKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ realm, public_key: bare, 'token-service': `${realmUrl}/protocol/openid-connect` }),
        );
        return;
      }
      if (url.pathname.startsWith(`${prefix}/login-actions/`)) {
        await handleInteraction(request, response);
        return;
      }
      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        const mutable = request as IncomingMessage & { originalUrl?: string };
        mutable.originalUrl = request.url;
        mutable.url = (request.url ?? '/').slice(prefix.length) || '/';
        callback(request, response);
        return;
      }
      response.writeHead(404).end();
    })().catch((error: unknown) => {
      process.stderr.write(`oidc-issuer: ${String(error)}\n`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  return {
    origin,
    realmUrl,
    jwksUrl: `${realmUrl}/protocol/openid-connect/certs`,
    publicKeyPem,
    users,
    clients: { device: 'client-tools', browser: 'datadesk', offline: 'automated-access' },
    completeDeviceLogin: (verificationUriComplete, username, password) =>
      completeDeviceLogin(verificationUriComplete, username, password ?? findUser(username)?.password ?? ''),
    completeBrowserLogin: (authorizationUrl, username, password) =>
      completeBrowserLogin(authorizationUrl, username, password ?? findUser(username)?.password ?? ''),
    async issueOfflineToken(username) {
      const config = await oidcClient.discovery(
        new URL(realmUrl),
        'automated-access',
        undefined,
        oidcClient.None(),
        {
          execute: [oidcClient.allowInsecureRequests],
        },
      );
      const device = await oidcClient.initiateDeviceAuthorization(config, { scope: 'openid offline_access' });
      const tokens = oidcClient.pollDeviceAuthorizationGrant(config, device);
      await completeDeviceLogin(
        device.verification_uri_complete ?? '',
        username,
        findUser(username)?.password ?? '',
      );
      const { refresh_token: offlineToken } = await tokens;
      if (!offlineToken) throw new Error('The issuer gave no offline token');
      return offlineToken;
    },
    async revokeUser(username) {
      let removed = 0;
      for (const [key, entry] of store) {
        const payload = entry.payload as { accountId?: string; kind?: string };
        if (
          payload.accountId === username &&
          ['RefreshToken', 'Grant', 'Session', 'AccessToken'].includes(payload.kind ?? '')
        ) {
          store.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
    tokenRequests: (grantType) => tokenCounts.get(grantType) ?? 0,
    slowDownsSent: () => slowDownsSent,
    issuedTokens: () => [...issued],
    expireNextAccessTokens(count) {
      expireNext = count;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
