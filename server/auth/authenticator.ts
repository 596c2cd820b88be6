/**
 * Who is calling: a Bearer JWT checked against the OIDC issuer's keys (RS256 and `exp`, audience not checked,
 * as Provena does), or in local mode one random token that maps to the local user. Failures carry Provena's
 * exact 401 bodies.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from '../../main/core/index.ts';
import { allRealmRoles } from '../../shared/provena/index.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../http/errors.ts';

/** The caller, as the routes see them. */
export interface AuthenticatedUser {
  username: string;
  email: string | null;
  roles: string[];
  accessToken: string;
}

/** Turns an Authorization header into a user, or throws a 401. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<AuthenticatedUser>;
  /** Local mode only: the token and the user it stands for. */
  readonly local: { token: string; username: string; email: string } | null;
}

const bearerChallenge = { 'WWW-Authenticate': 'Bearer' };
/** 401 bodies, word for word. */
export const authMessages = {
  notAuthenticated: 'Not authenticated',
  invalidToken: 'Could not validate credentials',
  badStructure: 'Token had incorrect structure.',
  missingRole: "You are not authorised to access this resource as you don't have the correct role.",
} as const;

const unauthorised = (detail: string) => new HttpError(401, detail, bearerChallenge);

/** The token of `Bearer <token>`; 401 "Not authenticated" for anything else (OAuth2PasswordBearer's rule). */
function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw unauthorised(authMessages.notAuthenticated);
  return match[1].trim();
}

/** Reads username, email and realm roles from verified claims, or 401 "Token had incorrect structure.". */
export function userFromClaims(claims: JWTPayload, accessToken: string): AuthenticatedUser {
  const username = claims.preferred_username;
  const realmAccess = claims.realm_access as { roles?: unknown } | undefined;
  const roles = realmAccess?.roles;
  if (
    typeof username !== 'string' ||
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === 'string')
  ) {
    throw unauthorised(authMessages.badStructure);
  }
  return { username, email: typeof claims.email === 'string' ? claims.email : null, roles, accessToken };
}

function localAuthenticator(config: Extract<ServerConfig['auth'], { mode: 'local' }>): Authenticator {
  const token = config.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  return {
    local: { token, username: config.username, email: config.email },
    async authenticate(authorization) {
      const presented = Buffer.from(bearerToken(authorization));
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        throw unauthorised(authMessages.invalidToken);
      }
      return {
        username: config.username,
        email: config.email,
        roles: [...allRealmRoles],
        accessToken: token,
      };
    },
  };
}

function oidcAuthenticator(
  config: Extract<ServerConfig['auth'], { mode: 'oidc' }>,
  logger: Logger,
): Authenticator {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;
  const resolveKeys = async () => {
    if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
    if (!config.issuer) throw new Error('auth.issuer or auth.jwksUrl is required in oidc mode');
    const discovery = `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discovery, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OIDC discovery answered ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error('OIDC discovery has no jwks_uri');
    return createRemoteJWKSet(new URL(document.jwks_uri));
  };
  return {
    local: null,
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      keys ??= resolveKeys().catch((error: unknown) => {
        keys = null; // try discovery again on the next request
        throw error;
      });
      let claims: JWTPayload;
      try {
        claims = (await jwtVerify(token, await keys, { algorithms: ['RS256'], requiredClaims: ['exp'] }))
          .payload;
      } catch (error) {
        logger.info('auth.token_rejected', {
          reason: error instanceof Error ? error.message : String(error),
        });
        throw unauthorised(authMessages.invalidToken);
      }
      return userFromClaims(claims, token);
    },
  };
}

/** Builds the authenticator the configuration asks for. */
export function createAuthenticator(config: ServerConfig['auth'], logger: Logger): Authenticator {
  const authenticator =
    config.mode === 'local' ? localAuthenticator(config) : oidcAuthenticator(config, logger);
  logger.redact(authenticator.local?.token);
  return authenticator;
}

/** Realm-role gates from §1 of the reference: every listed role is required. */
export const gates = {
  anyUser: [] as string[],
  read: ['entity-registry-read'],
  readWrite: ['entity-registry-read', 'entity-registry-write'],
  admin: ['entity-registry-read', 'entity-registry-write', 'entity-registry-admin'],
  sysAdminReadWrite: ['sys-admin-read', 'sys-admin-write'],
  sysAdminAdmin: ['sys-admin-read', 'sys-admin-write', 'sys-admin-admin'],
} as const;

/** 401 unless the user holds every role of the gate. */
export function requireRoles(user: AuthenticatedUser, required: readonly string[]): void {
  if (!required.every((role) => user.roles.includes(role))) throw unauthorised(authMessages.missingRole);
}

/** True when the user holds the realm's registry admin role (which grants every item role). */
export function isRegistryAdmin(user: AuthenticatedUser): boolean {
  return user.roles.includes('entity-registry-admin');
}
