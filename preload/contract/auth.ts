import { z } from 'zod';
import { call, stream } from './define.ts';

/** Who is signed in (display claims only; tokens never cross the bridge). */
export const signedInUser = z.object({
  username: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

/** A sign-in waiting for the person to finish it in a browser. */
export const pendingSignIn = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('device'),
    /** The code to type on the sign-in page. */
    userCode: z.string(),
    verificationUri: z.string(),
    /** The same page with the code filled in. */
    verificationUriComplete: z.string().nullable(),
    expiresAt: z.number(),
  }),
  z.object({
    method: z.literal('browser'),
    /** The sign-in page to open; the app also tries to open it in the system browser. */
    authorizationUrl: z.string(),
    expiresAt: z.number(),
  }),
]);

/** How the current sign-in was obtained. */
export const signInMethod = z.enum(['device', 'browser', 'offline']);

/** The sign-in state of one data store. */
export const authState = z.object({
  profileId: z.string(),
  status: z.enum(['not-required', 'signed-out', 'signing-in', 'signed-in']),
  method: signInMethod.nullable(),
  user: signedInUser.nullable(),
  /** Realm roles (entity-registry-read, …). */
  roles: z.array(z.string()),
  /** The registry Person the account is linked to, when the data store says. */
  personId: z.string().nullable(),
  pending: pendingSignIn.nullable(),
  /** True when the sign-in is kept in the OS keychain and survives a restart. */
  remembered: z.boolean(),
  /** Why the last sign-in attempt or session ended, in words a person understands. */
  problem: z.string().nullable(),
});

/** Where sign-ins are kept. */
export const keychainStatus = z.object({
  available: z.boolean(),
  /** Shown when the keychain is missing: sign-ins last only until Datadesk closes. */
  message: z.string().nullable(),
});

/** Every data store's sign-in state plus the keychain's. */
export const authOverview = z.object({
  states: z.array(authState),
  keychain: keychainStatus,
});

const profileId = z.string().min(1).max(100);

export const authCalls = {
  'auth.overview': call(z.strictObject({}), authOverview),
  /** Starts signing in; the answer carries the device code or the page to open, completion arrives as `auth.state`. */
  'auth.signIn': call(z.strictObject({ profileId, method: z.enum(['device', 'browser']) }), authState),
  'auth.cancelSignIn': call(z.strictObject({ profileId }), authState),
  /** Signs out and forgets the tokens (also in the keychain). */
  'auth.signOut': call(z.strictObject({ profileId }), authState),
  /** Uses an offline token (Provena's `automated-access` client) for unattended access. */
  'auth.importOfflineToken': call(
    z.strictObject({
      profileId,
      token: z.string().trim().min(20).max(20_000),
      clientId: z.string().trim().min(1).max(200).default('automated-access'),
    }),
    authState,
  ),
};

export const authEvents = {
  'auth.state': stream(authState, { mode: 'latest-per-key', key: 'profileId' }),
};

export type SignedInUser = z.output<typeof signedInUser>;
export type PendingSignIn = z.output<typeof pendingSignIn>;
export type SignInMethod = z.output<typeof signInMethod>;
export type AuthState = z.output<typeof authState>;
export type KeychainStatus = z.output<typeof keychainStatus>;
export type AuthOverview = z.output<typeof authOverview>;
