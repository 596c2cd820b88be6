/**
 * Sign-in for every data store: device flow and browser (PKCE, loopback) sign-in, offline tokens, sign-out, and
 * the token source the data store client uses. The renderer sees states (who, roles, pending codes), never tokens.
 */
import * as oidc from 'openid-client';
import type { AuthOverview, AuthState, Profile, ProfileList } from '../../preload/contract.ts';
import { AppError, Emitter, type Disposable, type Logger } from '../core/index.ts';
import type { SecretStore } from '../secrets/index.ts';
import { startLoopbackSignIn } from './loopback.ts';
import { OidcConfigurations, oidcError, signInScope, type FetchFunction } from './oidc.ts';
import { ProfileSession } from './session.ts';

/** Where the data store client gets bearer tokens. */
export interface TokenSource {
  /** A valid access token; `auth` error when the person must sign in. */
  accessToken(): Promise<string>;
  /** A new token after the data store answered 401 to `rejected`, or null when nothing more can be tried. */
  afterUnauthorized(rejected: string): Promise<string | null>;
}

/** What the auth service needs. */
export interface AuthServiceOptions {
  /** The profiles as they are now; the service follows changes through `syncProfiles`. */
  profiles: () => ProfileList;
  secrets: SecretStore;
  logger: Logger;
  /** Opens a page in the system browser; false where the host cannot (web mode: the renderer opens it). */
  openExternal(url: string): Promise<boolean>;
  fetch?: FetchFunction;
}

interface LocalIdentity {
  username: string;
  personId: string | null;
  roles: string[];
}

/** Sign-in state and tokens of every data store. */
export class AuthService implements Disposable {
  readonly onDidChange = new Emitter<AuthState>();
  private readonly options: AuthServiceOptions;
  private readonly logger: Logger;
  private readonly configurations: OidcConfigurations;
  private readonly sessions = new Map<string, { session: ProfileSession; issuerUrl: string }>();
  private readonly localIdentities = new Map<string, LocalIdentity>();

  constructor(options: AuthServiceOptions) {
    this.options = options;
    this.logger = options.logger.child({ component: 'auth' });
    this.configurations = new OidcConfigurations(options.fetch);
  }

  /** Loads every remembered sign-in from the keychain. */
  async restoreAll(): Promise<void> {
    const remote = this.options.profiles().profiles.filter((p) => p.kind === 'remote');
    await Promise.all(remote.map((p) => this.sessionFor(p).restore()));
  }

  /** Every data store's state plus whether sign-ins survive a restart. */
  overview(): AuthOverview {
    return {
      states: this.options.profiles().profiles.map((p) => this.state(p.id)),
      keychain: {
        available: this.options.secrets.persistent,
        message: this.options.secrets.persistent
          ? null
          : `${this.options.secrets.unavailableReason ?? 'No keychain is available.'} You stay signed in only until Datadesk closes.`,
      },
    };
  }

  /** One data store's state. */
  state(profileId: string): AuthState {
    const profile = this.profile(profileId);
    if (profile.kind === 'local') {
      const identity = this.localIdentities.get(profileId);
      return {
        profileId,
        status: 'not-required',
        method: null,
        user: identity ? { username: identity.username, name: null, email: null } : null,
        roles: identity?.roles ?? [],
        personId: identity?.personId ?? null,
        pending: null,
        remembered: false,
        problem: null,
      };
    }
    return this.sessionFor(profile).state();
  }

  /** Starts a device-flow or browser sign-in; completion arrives through `onDidChange`. */
  async signIn(profileId: string, method: 'device' | 'browser'): Promise<AuthState> {
    const profile = this.remoteProfile(profileId);
    const session = this.sessionFor(profile);
    const clientId = profile.clientId ?? 'client-tools';
    const config = await this.configurations.get(profile.issuerUrl ?? '', clientId);
    if (method === 'device') await this.startDeviceFlow(session, config, clientId);
    else await this.startBrowserFlow(session, config, clientId);
    return session.state();
  }

  /** Stops a sign-in in progress. */
  cancelSignIn(profileId: string): AuthState {
    const profile = this.remoteProfile(profileId);
    this.sessionFor(profile).cancelPending();
    return this.state(profileId);
  }

  /** Signs out and forgets the tokens. */
  async signOut(profileId: string): Promise<AuthState> {
    const profile = this.remoteProfile(profileId);
    await this.sessionFor(profile).signOut();
    return this.state(profileId);
  }

  /** Exchanges an offline token (a refresh token of the `automated-access` client) and keeps it. */
  async importOfflineToken(profileId: string, offlineToken: string, clientId: string): Promise<AuthState> {
    const profile = this.remoteProfile(profileId);
    this.logger.redact(offlineToken);
    const session = this.sessionFor(profile);
    const config = await this.configurations.get(profile.issuerUrl ?? '', clientId);
    let response: Awaited<ReturnType<typeof oidc.refreshTokenGrant>>;
    try {
      response = await oidc.refreshTokenGrant(config, offlineToken);
    } catch (error) {
      const appError = oidcError(error, 'The offline token was not accepted.');
      throw appError.code === 'auth'
        ? new AppError(
            'auth',
            `The sign-in server refused this offline token (client "${clientId}"). It may have been revoked or belong to another client.`,
          )
        : appError;
    }
    session.cancelPending();
    await session.accept(response, clientId, 'offline', offlineToken);
    return session.state();
  }

  /** The token source of a remote data store. */
  tokenSource(profileId: string): TokenSource {
    const session = this.sessionFor(this.remoteProfile(profileId));
    return {
      accessToken: () => session.accessToken(),
      afterUnauthorized: (rejected) => session.afterUnauthorized(rejected),
    };
  }

  /** Records who the data store says the caller is: the linked Person and roles (and the local store's user). */
  setIdentity(
    profileId: string,
    identity: { username: string; personId: string | null; roles: string[] },
  ): void {
    const profile = this.profile(profileId);
    if (profile.kind === 'local') {
      this.localIdentities.set(profileId, identity);
      this.onDidChange.fire(this.state(profileId));
      return;
    }
    this.sessionFor(profile).setLinkedPerson(identity.personId, identity.roles);
  }

  /** Follows profile edits: a removed data store or a changed issuer forgets its sign-in. */
  async syncProfiles(list: ProfileList): Promise<void> {
    for (const [id, entry] of [...this.sessions]) {
      const profile = list.profiles.find((p) => p.id === id);
      if (profile && profile.issuerUrl === entry.issuerUrl) continue;
      this.sessions.delete(id);
      await entry.session.signOut();
    }
  }

  dispose(): void {
    for (const { session } of this.sessions.values()) session.cancelPending();
  }

  private async startDeviceFlow(
    session: ProfileSession,
    config: oidc.Configuration,
    clientId: string,
  ): Promise<void> {
    let device: oidc.DeviceAuthorizationResponse;
    try {
      device = await oidc.initiateDeviceAuthorization(config, { scope: signInScope });
    } catch (error) {
      throw oidcError(error, 'Could not start signing in.');
    }
    const controller = new AbortController();
    session.setPending(
      {
        method: 'device',
        userCode: device.user_code,
        verificationUri: device.verification_uri,
        verificationUriComplete: device.verification_uri_complete ?? null,
        expiresAt: Date.now() + device.expires_in * 1000,
      },
      () => controller.abort(),
    );
    // The library polls at the announced interval, waits 5 s longer after each slow_down, and stops at expiry.
    void oidc
      .pollDeviceAuthorizationGrant(config, device, undefined, { signal: controller.signal })
      .then((tokens) => (controller.signal.aborted ? undefined : session.accept(tokens, clientId, 'device')))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) session.failPending(error);
      });
  }

  private async startBrowserFlow(
    session: ProfileSession,
    config: oidc.Configuration,
    clientId: string,
  ): Promise<void> {
    const loopback = await startLoopbackSignIn(config);
    session.setPending(
      { method: 'browser', authorizationUrl: loopback.authorizationUrl, expiresAt: loopback.expiresAt },
      () => loopback.cancel(),
    );
    void loopback.result
      .then((tokens) => session.accept(tokens, clientId, 'browser'))
      .catch((error: unknown) => {
        // A cancel already cleared the pending state; anything else is worth showing.
        if (!(error instanceof AppError && error.code === 'cancelled')) session.failPending(error);
      });
    const opened = await this.options.openExternal(loopback.authorizationUrl).catch(() => false);
    this.logger.info('auth.browser_sign_in_started', { opened });
  }

  private profile(profileId: string): Profile {
    const found = this.options.profiles().profiles.find((p) => p.id === profileId);
    if (!found) throw new AppError('not_found', 'That data store is no longer in your list.');
    return found;
  }

  private remoteProfile(profileId: string): Profile & { issuerUrl: string } {
    const profile = this.profile(profileId);
    if (profile.kind === 'local' || !profile.issuerUrl) {
      throw new AppError('invalid', 'The local store on this computer needs no sign-in.');
    }
    return profile as Profile & { issuerUrl: string };
  }

  private sessionFor(profile: Profile): ProfileSession {
    const existing = this.sessions.get(profile.id);
    if (existing && existing.issuerUrl === profile.issuerUrl) return existing.session;
    const session = new ProfileSession({
      profileId: profile.id,
      profileName: () =>
        this.options.profiles().profiles.find((p) => p.id === profile.id)?.name ?? profile.name,
      issuerUrl: profile.issuerUrl ?? '',
      configurations: this.configurations,
      secrets: this.options.secrets,
      logger: this.logger,
      changed: () => this.onDidChange.fire(session.state()),
    });
    this.sessions.set(profile.id, { session, issuerUrl: profile.issuerUrl ?? '' });
    return session;
  }
}
