/**
 * A tiny OIDC-shaped token issuer for server tests: an RS256 key pair, a Keycloak-shaped realm served over real
 * HTTP on 127.0.0.1 (discovery document, JWKS, and `GET /auth/realms/<realm>` with `public_key`), and helpers
 * that mint access tokens for chosen users, roles and lifetimes, or signed by a key the realm does not publish.
 * (Sign-in flows use the full oidc-provider issuer in oidc-issuer.ts.)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** Who a token is for. */
export interface TokenRequest {
  username: string;
  roles: string[];
  email?: string;
  /** Seconds until `exp`; negative for an already expired token (default 300). */
  expiresInSeconds?: number;
  /** Extra or replacement claims (set a claim to undefined to drop it). */
  claims?: Record<string, unknown>;
}

/** A running test issuer. */
export interface JwtIssuer {
  origin: string;
  /** The realm URL, which is also the issuer identifier. */
  issuer: string;
  jwksUrl: string;
  /** A signed access token for the user. */
  mint(request: TokenRequest): Promise<string>;
  /** The same token but signed with a key the realm does not publish. */
  mintForeign(request: TokenRequest): Promise<string>;
  /** How many times the JWKS was served (to see caching). */
  jwksRequests(): number;
  stop(): Promise<void>;
}

/** The realm roles a Provena user with read and write access holds. */
export const readWriteRoles = ['entity-registry-read', 'entity-registry-write'];
/** Every realm role the data store checks. */
export const allRoles = [
  'entity-registry-read',
  'entity-registry-write',
  'entity-registry-admin',
  'sys-admin-read',
  'sys-admin-write',
  'sys-admin-admin',
];

async function sign(key: CryptoKey, keyId: string, issuer: string, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: issuer,
    sub: `user-${request.username}`,
    aud: 'account',
    typ: 'Bearer',
    azp: 'client-tools',
    preferred_username: request.username,
    email: request.email ?? `${request.username}@example.org`,
    realm_access: { roles: request.roles },
    iat: now,
    exp: now + (request.expiresInSeconds ?? 300),
  };
  for (const [name, value] of Object.entries(request.claims ?? {})) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' }).sign(key);
}

/** Starts the issuer on 127.0.0.1 with a fresh key pair. */
export async function startJwtIssuer(options: { realm?: string } = {}): Promise<JwtIssuer> {
  const realm = options.realm ?? 'test';
  const keys = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const keyId = 'datadesk-test-key';
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: keyId, alg: 'RS256', use: 'sig' };
  const publicKeyBase64 = (await exportSPKI(keys.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');
  let jwksServed = 0;
  let issuer = '';

  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const realmPath = `/auth/realms/${realm}`;
    const send = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === `${realmPath}/.well-known/openid-configuration`) {
      send({
        issuer,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (path === `${realmPath}/protocol/openid-connect/certs`) {
      jwksServed++;
      send({ keys: [jwk] });
    } else if (path === realmPath) {
      send({
        realm,
        public_key: publicKeyBase64,
        'token-service': `${issuer}/protocol/openid-connect`,
        'account-service': `${issuer}/account`,
        'tokens-not-before': 0,
      });
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/auth/realms/${realm}`;

  return {
    origin,
    issuer,
    jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    mint: (request) => sign(keys.privateKey, keyId, issuer, request),
    mintForeign: (request) => sign(foreign.privateKey, keyId, issuer, request),
    jwksRequests: () => jwksServed,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
