/**
 * One data store's sign-in: the tokens (access token in memory only, refresh or offline token also in the
 * secret store), refreshed before they expire and once after a 401, with a single refresh in flight at a time
 * (a rotating refresh token used twice makes the issuer revoke the whole grant).
 */
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { AuthState, PendingSignIn, SignedInUser, SignInMethod } from '../../preload/contract.ts';
import { AppError, type Logger } from '../core/index.ts';
import type { SecretStore } from '../secrets/index.ts';
import { isInvalidGrant, oidcError, type OidcConfigurations } from './oidc.ts';

/** Refresh when less than this remains of an access token (Provena's client treats 30 s as stale). */
export const refreshMarginMs = 30_000;

/** What is kept in the keychain for one data store. */
interface StoredSignIn {
  version: 1;
  /** The issuer the token belongs to: a profile edited to another issuer must not reuse it. */
  issuerUrl: string;
  refreshToken: string;
  clientId: string;
  method: SignInMethod;
  user: SignedInUser | null;
  roles: string[];
}

interface Tokens extends StoredSignIn {
  accessToken: string | null;
  accessExpiresAt: number;
}

/** What a session needs from its surroundings. */
export interface SessionDeps {
  profileId: string;
  /** The data store's name as it is now (for messages). */
  profileName: () => string;
  issuerUrl: string;
  configurations: OidcConfigurations;
  secrets: SecretStore;
  logger: Logger;
  /** Called after every change of the state the renderer sees. */
  changed(): void;
}

const secretAccount = (profileId: string) => `profile:${profileId}`;

/** The display claims and realm roles carried by a token response. */
function identityOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers) {
  const idClaims = response.claims();
  let accessClaims: Record<string, unknown> = {};
  try {
    accessClaims = decodeJwt(response.access_token);
  } catch {
    // An opaque access token carries no claims; the data store still answers who the caller is.
  }
  const pick = (name: string) => {
    const value = idClaims?.[name] ?? accessClaims[name];
    return typeof value === 'string' ? value : null;
  };
  const realmAccess = accessClaims.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles)
    ? realmAccess.roles.filter((r): r is string => typeof r === 'string')
    : null;
  const username = pick('preferred_username') ?? pick('sub');
  return {
    user: username ? { username, name: pick('name'), email: pick('email') } : null,
    roles,
  };
}

/** The sign-in of one data store. */
export class ProfileSession {
  private readonly deps: SessionDeps;
  private tokens: Tokens | null = null;
  private refreshing: Promise<string> | null = null;
  /** Bumped on every sign-in and sign-out, so a refresh that finishes after either is thrown away. */
  private generation = 0;
  private restored: Promise<void> | null = null;
  private pending: { info: PendingSignIn; cancel(): void } | null = null;
  private problem: string | null = null;
  private personId: string | null = null;
  private remembered = false;

  constructor(deps: SessionDeps) {
    this.deps = deps;
  }

  /** The state the renderer sees. */
  state(): AuthState {
    const tokens = this.tokens;
    return {
      profileId: this.deps.profileId,
      status: tokens ? 'signed-in' : this.pending ? 'signing-in' : 'signed-out',
      method: tokens?.method ?? null,
      user: tokens?.user ?? null,
      roles: tokens?.roles ?? [],
      personId: tokens ? this.personId : null,
      pending: this.pending?.info ?? null,
      remembered: tokens !== null && this.remembered,
      problem: this.problem,
    };
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  get issuerUrl(): string {
    return this.deps.issuerUrl;
  }

  /** Loads a sign-in kept in the secret store (once). */
  restore(): Promise<void> {
    this.restored ??= (async () => {
      let text: string | null = null;
      try {
        text = await this.deps.secrets.get(secretAccount(this.deps.profileId));
      } catch (error) {
        this.deps.logger.warn('auth.restore_failed', { profileId: this.deps.profileId, error });
      }
      if (!text || this.tokens) return;
      try {
        const stored = JSON.parse(text) as StoredSignIn;
        if (stored.version !== 1 || typeof stored.refreshToken !== 'string')
          throw new Error('unknown format');
        if (stored.issuerUrl !== this.deps.issuerUrl) {
          this.deps.logger.info('auth.stored_sign_in_other_issuer', { profileId: this.deps.profileId });
          await this.deps.secrets.delete(secretAccount(this.deps.profileId));
          return;
        }
        this.deps.logger.redact(stored.refreshToken);
        this.tokens = { ...stored, accessToken: null, accessExpiresAt: 0 };
        this.remembered = this.deps.secrets.persistent;
        this.deps.logger.info('auth.restored', { profileId: this.deps.profileId, method: stored.method });
        this.deps.changed();
      } catch (error) {
        this.deps.logger.warn('auth.stored_sign_in_unreadable', { profileId: this.deps.profileId, error });
      }
    })();
    return this.restored;
  }

  /** Shows a sign-in in progress; `cancel` stops it. Any earlier one is cancelled. */
  setPending(info: PendingSignIn, cancel: () => void): void {
    this.pending?.cancel();
    this.pending = { info, cancel };
    this.problem = null;
    this.deps.changed();
  }

  /** Stops a sign-in in progress. */
  cancelPending(): void {
    if (!this.pending) return;
    this.pending.cancel();
    this.pending = null;
    this.deps.changed();
  }

  /** Ends a sign-in in progress that failed; a cancellation is not a problem worth showing. */
  failPending(error: unknown): void {
    this.pending = null;
    const appError = oidcError(error, 'Sign-in did not finish.');
    this.problem = appError.code === 'cancelled' ? null : appError.message;
    this.deps.logger.info('auth.sign_in_failed', { profileId: this.deps.profileId, code: appError.code });
    this.deps.changed();
  }

  /** Takes the tokens of a finished sign-in or an offline-token exchange and keeps the refresh token. */
  async accept(
    response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
    clientId: string,
    method: SignInMethod,
    fallbackRefreshToken?: string,
  ): Promise<void> {
    const refreshToken = response.refresh_token ?? fallbackRefreshToken;
    if (!refreshToken) {
      throw new AppError(
        'server',
        'The sign-in server gave no refresh token, so Datadesk cannot stay signed in.',
      );
    }
    this.redactTokens(response, refreshToken);
    const identity = identityOf(response);
    this.generation += 1;
    this.pending = null;
    this.problem = null;
    this.personId = null;
    this.tokens = {
      version: 1,
      issuerUrl: this.deps.issuerUrl,
      refreshToken,
      clientId,
      method,
      user: identity.user,
      roles: identity.roles ?? [],
      accessToken: response.access_token,
      accessExpiresAt: Date.now() + (response.expires_in ?? 60) * 1000,
    };
    await this.persist();
    this.deps.logger.info('auth.signed_in', {
      profileId: this.deps.profileId,
      method,
      username: identity.user?.username,
    });
    this.deps.changed();
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    await this.restore();
    const tokens = this.tokens;
    if (!tokens) throw this.signInRequired();
    if (tokens.accessToken && tokens.accessExpiresAt - Date.now() > refreshMarginMs)
      return tokens.accessToken;
    return this.refresh();
  }

  /** After a 401 with `rejected`: a fresh token (refreshing once), or null when there is nothing left to try. */
  async afterUnauthorized(rejected: string): Promise<string | null> {
    await this.restore();
    const tokens = this.tokens;
    if (!tokens) return null;
    // Someone else already refreshed since this token was sent.
    if (tokens.accessToken && tokens.accessToken !== rejected && tokens.accessExpiresAt > Date.now()) {
      return tokens.accessToken;
    }
    return this.refresh();
  }

  /** Records the registry Person the data store links this account to. */
  setLinkedPerson(personId: string | null, roles?: string[]): void {
    if (!this.tokens) return;
    this.personId = personId;
    if (roles) this.tokens.roles = roles;
    this.deps.changed();
  }

  /** Signs out: tells the issuer (best effort) and forgets the tokens here and in the keychain. */
  async signOut(): Promise<void> {
    this.cancelPending();
    const tokens = this.tokens;
    await this.forget(null);
    if (!tokens) return;
    try {
      const config = await this.deps.configurations.get(this.deps.issuerUrl, tokens.clientId);
      // Offline tokens are revoked by an administrator, not by signing out of one app.
      if (tokens.method !== 'offline') await oidc.tokenRevocation(config, tokens.refreshToken);
    } catch (error) {
      // The tokens are already forgotten here; an issuer that cannot be told simply lets them expire.
      this.deps.logger.info('auth.revocation_failed', {
        profileId: this.deps.profileId,
        error: oidcError(error, '').code,
      });
    }
    this.deps.logger.info('auth.signed_out', { profileId: this.deps.profileId });
  }

  private refresh(): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.refreshOnce().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshOnce(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw this.signInRequired();
    const generation = this.generation;
    let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      const config = await this.deps.configurations.get(this.deps.issuerUrl, tokens.clientId);
      response = await oidc.refreshTokenGrant(config, tokens.refreshToken);
    } catch (error) {
      if (generation === this.generation && isInvalidGrant(error)) {
        this.deps.logger.info('auth.session_ended', { profileId: this.deps.profileId });
        await this.forget(`Your sign-in to ${this.deps.profileName()} has ended. Sign in again to continue.`);
        throw this.signInRequired();
      }
      throw oidcError(error, `Could not renew your sign-in to ${this.deps.profileName()}.`);
    }
    if (generation !== this.generation || !this.tokens) throw this.signInRequired();
    const newRefreshToken = response.refresh_token ?? tokens.refreshToken;
    this.redactTokens(response, newRefreshToken);
    const identity = identityOf(response);
    this.tokens = {
      ...tokens,
      refreshToken: newRefreshToken,
      user: identity.user ?? tokens.user,
      roles: identity.roles ?? tokens.roles,
      accessToken: response.access_token,
      accessExpiresAt: Date.now() + (response.expires_in ?? 60) * 1000,
    };
    // Only the newest refresh token is kept: with rotation the old one is already spent.
    if (newRefreshToken !== tokens.refreshToken) await this.persist();
    this.deps.logger.debug('auth.refreshed', { profileId: this.deps.profileId });
    return response.access_token;
  }

  private async persist(): Promise<void> {
    const tokens = this.tokens;
    if (!tokens) return;
    const stored: StoredSignIn = {
      version: 1,
      issuerUrl: this.deps.issuerUrl,
      refreshToken: tokens.refreshToken,
      clientId: tokens.clientId,
      method: tokens.method,
      user: tokens.user,
      roles: tokens.roles,
    };
    try {
      await this.deps.secrets.set(secretAccount(this.deps.profileId), JSON.stringify(stored));
      this.remembered = this.deps.secrets.persistent;
    } catch (error) {
      this.remembered = false;
      this.deps.logger.warn('auth.keychain_write_failed', { profileId: this.deps.profileId, error });
    }
  }

  private async forget(problem: string | null): Promise<void> {
    this.generation += 1;
    this.tokens = null;
    this.personId = null;
    this.remembered = false;
    this.problem = problem;
    this.restored = Promise.resolve();
    try {
      await this.deps.secrets.delete(secretAccount(this.deps.profileId));
    } catch (error) {
      this.deps.logger.warn('auth.keychain_delete_failed', { profileId: this.deps.profileId, error });
    }
    this.deps.changed();
  }

  private redactTokens(response: oidc.TokenEndpointResponse, refreshToken: string): void {
    this.deps.logger.redact(response.access_token);
    this.deps.logger.redact(refreshToken);
    this.deps.logger.redact(response.id_token);
  }

  private signInRequired(): AppError {
    return new AppError(
      'auth',
      `Sign in to ${this.deps.profileName()} to continue (Settings → Data stores).`,
      {
        profileId: this.deps.profileId,
      },
    );
  }
}
