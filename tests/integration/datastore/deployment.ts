/**
 * A test deployment for the data store client: the reference server validating tokens of the Keycloak-shaped
 * test issuer, and one signed-in Datadesk profile per user (device flow completed by plain HTTP).
 */
import { AuthService } from '../../../main/auth/index.ts';
import { createLogger, type Logger } from '../../../main/core/index.ts';
import { DataStores, type DatastoreClient } from '../../../main/datastore/index.ts';
import { openProfileStore, type ProfileStore } from '../../../main/profiles/index.ts';
import { memorySecretStore } from '../../../main/secrets/index.ts';
import type { ServerConfigInput } from '../../../server/index.ts';
import {
  startOidcIssuer,
  type OidcIssuer,
  type OidcIssuerOptions,
  type TestUser,
} from '../../support/oidc-issuer.ts';
import { startHarness, type Harness, type HarnessUser } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';

const readWrite = ['entity-registry-read', 'entity-registry-write'];

/** Who takes part: a signed-in profile each. */
export const deploymentUsers: (HarnessUser & { name: string })[] = [
  { username: 'alice', name: 'Alice Owner', roles: readWrite },
  { username: 'bob', name: 'Bob Writer', roles: readWrite },
  { username: 'rita', name: 'Rita Reviewer', roles: readWrite, reviewer: true },
  { username: 'reed', name: 'Reed Reader', roles: ['entity-registry-read'] },
  {
    username: 'ada',
    name: 'Ada Admin',
    roles: [...readWrite, 'entity-registry-admin', 'sys-admin-read', 'sys-admin-write', 'sys-admin-admin'],
  },
  { username: 'nobody', name: 'No Roles', roles: [] },
  { username: 'loner', name: 'Lone Writer', roles: readWrite, linked: false },
];

/** A running deployment with a client per user. */
export interface Deployment {
  issuer: OidcIssuer;
  harness: Harness;
  auth: AuthService;
  profiles: ProfileStore;
  dataStores: DataStores;
  logger: Logger;
  logLines: string[];
  profileIds: Record<string, string>;
  client(username: string): Promise<DatastoreClient>;
  stop(): Promise<void>;
}

/** Starts issuer, server and one signed-in profile per user. */
export async function startDeployment(
  options: { config?: Partial<ServerConfigInput>; issuer?: OidcIssuerOptions; users?: string[] } = {},
): Promise<Deployment> {
  const testUsers: TestUser[] = deploymentUsers.map((user) => ({
    username: user.username,
    password: `${user.username}-password`,
    name: user.name,
    email: `${user.username}@example.org`,
    roles: user.roles,
  }));
  const issuer = await startOidcIssuer({ ...options.issuer, users: testUsers });
  const harness = await startHarness({
    storage: { kind: 'embedded' },
    users: deploymentUsers,
    config: { auth: { mode: 'oidc', issuer: issuer.realmUrl }, ...options.config },
  });
  const dir = await tempDir('datadesk-client-');
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sinks: [(line) => logLines.push(line)] });
  const profiles = await openProfileStore({ dataDir: dir.path, logger });
  const auth = new AuthService({
    profiles: () => profiles.list(),
    secrets: memorySecretStore(null),
    logger,
    openExternal: () => Promise.resolve(false),
  });
  const dataStores = new DataStores({
    profiles,
    tokenSource: (id) => auth.tokenSource(id),
    setIdentity: (id, identity) => auth.setIdentity(id, identity),
    startLocalStore: () => Promise.reject(new Error('no local store in this test')),
    logger,
  });
  const profileIds: Record<string, string> = {};
  const wanted = options.users ?? deploymentUsers.map((user) => user.username);
  await Promise.all(
    wanted.map(async (username) => {
      const profile = await profiles.add({
        name: `Test as ${username}`,
        dataApiUrl: harness.url,
        issuerUrl: issuer.realmUrl,
      });
      profileIds[username] = profile.id;
      const started = await auth.signIn(profile.id, 'device');
      if (started.pending?.method !== 'device') throw new Error('no device code');
      const signedIn = new Promise<void>((resolve) => {
        const subscription = auth.onDidChange.on((state) => {
          if (state.profileId === profile.id && state.status === 'signed-in') {
            subscription.dispose();
            resolve();
          }
        });
      });
      await issuer.completeDeviceLogin(started.pending.verificationUriComplete ?? '', username);
      await signedIn;
    }),
  );
  return {
    issuer,
    harness,
    auth,
    profiles,
    dataStores,
    logger,
    logLines,
    profileIds,
    client: (username) => dataStores.clientFor(profileIds[username] ?? ''),
    async stop() {
      auth.dispose();
      await dataStores.dispose();
      await profiles.dispose();
      await harness.stop();
      await issuer.stop();
      await dir.remove();
    },
  };
}
