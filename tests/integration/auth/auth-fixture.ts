/** An AuthService over a real profile file, a test issuer and a memory (or given) secret store. */
import type { AuthState } from '../../../preload/contract.ts';
import { AuthService } from '../../../main/auth/index.ts';
import { createLogger, type Logger } from '../../../main/core/index.ts';
import { openProfileStore, type ProfileStore } from '../../../main/profiles/index.ts';
import { memorySecretStore, type SecretStore } from '../../../main/secrets/index.ts';
import type { OidcIssuer } from '../../support/oidc-issuer.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** What an auth test works with. */
export interface AuthFixture {
  auth: AuthService;
  profiles: ProfileStore;
  profileId: string;
  secrets: SecretStore;
  logger: Logger;
  logLines: string[];
  opened: string[];
  /** Resolves with the first state of the profile that passes `test`. */
  waitForState(test: (state: AuthState) => boolean, timeoutMs?: number): Promise<AuthState>;
  dispose(): Promise<void>;
}

/** Builds the fixture with one remote profile pointing at `issuer`. */
export async function authFixture(
  issuer: OidcIssuer,
  options: {
    secrets?: SecretStore;
    openExternal?: (url: string) => Promise<boolean>;
    clientId?: string;
  } = {},
): Promise<AuthFixture> {
  const dir = await tempDir('datadesk-auth-');
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sinks: [(line) => logLines.push(line)] });
  const profiles = await openProfileStore({ dataDir: dir.path, logger });
  const profile = await profiles.add({
    name: 'Test realm',
    dataApiUrl: 'http://127.0.0.1:9/unused',
    issuerUrl: issuer.realmUrl,
    clientId: options.clientId ?? issuer.clients.device,
  });
  const secrets = options.secrets ?? memorySecretStore(null);
  const opened: string[] = [];
  const auth = new AuthService({
    profiles: () => profiles.list(),
    secrets,
    logger,
    openExternal:
      options.openExternal ??
      ((url) => {
        opened.push(url);
        return Promise.resolve(false);
      }),
  });
  return {
    auth,
    profiles,
    profileId: profile.id,
    secrets,
    logger,
    logLines,
    opened,
    waitForState(test, timeoutMs = 30_000) {
      const now = auth.state(profile.id);
      if (test(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          subscription.dispose();
          reject(
            new Error(
              `No matching auth state within ${timeoutMs} ms; last: ${JSON.stringify(auth.state(profile.id))}`,
            ),
          );
        }, timeoutMs);
        const subscription = auth.onDidChange.on((state) => {
          if (state.profileId !== profile.id || !test(state)) return;
          clearTimeout(timer);
          subscription.dispose();
          resolve(state);
        });
      });
    },
    async dispose() {
      auth.dispose();
      await profiles.dispose();
      await dir.remove();
    },
  };
}

/** Signs the fixture's profile in with the device flow, completing the person's side by plain HTTP. */
export async function signInWithDevice(
  fixture: AuthFixture,
  issuer: OidcIssuer,
  username: string,
): Promise<AuthState> {
  const started = await fixture.auth.signIn(fixture.profileId, 'device');
  if (started.pending?.method !== 'device') throw new Error('no device code');
  await issuer.completeDeviceLogin(started.pending.verificationUriComplete ?? '', username);
  return fixture.waitForState((state) => state.status === 'signed-in' && state.user?.username === username);
}

/** The refresh token the session keeps in its secret store. */
export async function storedRefreshToken(fixture: AuthFixture): Promise<string | null> {
  const text = await fixture.secrets.get(`profile:${fixture.profileId}`);
  return text ? (JSON.parse(text) as { refreshToken: string }).refreshToken : null;
}
