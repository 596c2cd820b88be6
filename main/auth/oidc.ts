/**
 * The OIDC library (openid-client) set up for Datadesk: discovery cached per issuer and client, plain http only
 * for issuers on this computer, a 30 s timeout, and the host's fetch (Electron passes `net.fetch` so the system
 * proxy and certificates apply). Its errors are turned into AppErrors a person can act on.
 */
import * as oidc from 'openid-client';
import { AppError } from '../core/index.ts';

/** A fetch implementation (the global one, or Electron's `net.fetch`). */
export type FetchFunction = typeof fetch;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for a URL on this computer, the only place Datadesk talks plain http to. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return loopbackHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The scopes Datadesk asks for: an ID token with the person's name, as Keycloak's defaults give. */
export const signInScope = 'openid profile email';

/** Discovers issuers once per (issuer, client) and hands out the library's configuration. */
export class OidcConfigurations {
  private readonly cache = new Map<string, Promise<oidc.Configuration>>();
  private readonly fetchFunction: FetchFunction | undefined;

  constructor(fetchFunction?: FetchFunction) {
    this.fetchFunction = fetchFunction;
  }

  /** The configuration of a client at an issuer; discovery runs on first use and again after a failure. */
  get(issuerUrl: string, clientId: string): Promise<oidc.Configuration> {
    const key = `${issuerUrl}\n${clientId}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.discover(issuerUrl, clientId);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  private async discover(issuerUrl: string, clientId: string): Promise<oidc.Configuration> {
    const execute = isLoopbackUrl(issuerUrl) ? [oidc.allowInsecureRequests] : [];
    const options: oidc.DiscoveryRequestOptions = { execute, timeout: 30 };
    if (this.fetchFunction) options[oidc.customFetch] = this.fetchFunction as oidc.CustomFetch;
    try {
      return await oidc.discovery(new URL(issuerUrl), clientId, undefined, oidc.None(), options);
    } catch (error) {
      throw oidcError(error, `Could not reach the sign-in server at ${issuerUrl}.`);
    }
  }
}

/** True when the issuer refused a grant for good (revoked, expired or reused refresh token). */
export function isInvalidGrant(error: unknown): boolean {
  return error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant';
}

/** Converts an error of the OIDC library into an AppError; `context` says what was being attempted. */
export function oidcError(error: unknown, context: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return error.name === 'TimeoutError'
      ? new AppError('network', `${context} It did not answer within 30 seconds; try again.`)
      : new AppError('cancelled', 'Sign-in was cancelled.');
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    const code = error.error === 'access_denied' ? 'forbidden' : 'auth';
    return new AppError(code, `${context} The sign-in page answered "${error.error}".`, {
      error: error.error,
    });
  }
  if (error instanceof oidc.ResponseBodyError) {
    const code = error.status >= 500 ? 'server' : error.error === 'access_denied' ? 'forbidden' : 'auth';
    return new AppError(code, `${context} The sign-in server answered "${error.error}".`, {
      error: error.error,
    });
  }
  if (error instanceof oidc.ClientError) {
    return new AppError(
      'server',
      `${context} Its answer was not what Datadesk expected (${error.message}).`,
      {
        code: error.code,
      },
    );
  }
  if (error instanceof TypeError) {
    return new AppError('network', `${context} Check the address and your network connection.`, {
      cause: error.cause instanceof Error ? error.cause.message : error.message,
    });
  }
  return new AppError('server', `${context} ${error instanceof Error ? error.message : String(error)}`);
}
