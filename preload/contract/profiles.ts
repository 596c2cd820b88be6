import { z } from 'zod';
import { call, stream } from './define.ts';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A URL of a data store or sign-in server: https (plain http only on this computer, because tokens travel in it),
 * no credentials in it, at most 2,000 characters.
 */
export const serviceUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine(
    (value) => {
      const url = new URL(value);
      return !url.username && !url.password;
    },
    // Only once the value is a URL of sensible length: `new URL` throws on anything else.
    {
      message: 'A URL must not contain a user name or password.',
      when: (payload) => payload.issues.length === 0,
    },
  )
  .refine(
    (value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || loopbackHosts.has(url.hostname);
    },
    {
      message: 'Use an https:// address; plain http is only allowed for servers on this computer.',
      when: (payload) => payload.issues.length === 0,
    },
  );

/** What a person types to add or edit a data store. Empty search/job URLs mean "same as the data API". */
export const profileInput = z.strictObject({
  name: z.string().trim().min(1, 'Give the data store a name.').max(100),
  dataApiUrl: serviceUrl,
  searchApiUrl: serviceUrl.nullish(),
  jobApiUrl: serviceUrl.nullish(),
  /** The OIDC issuer, for Keycloak the realm URL (https://auth.example.org/auth/realms/REALM). */
  issuerUrl: serviceUrl,
  clientId: z.string().trim().min(1).max(200).default('client-tools'),
  /** Where S3 lives when the data store does not say (Provena does not): an endpoint URL and a region. */
  s3EndpointUrl: serviceUrl.nullish(),
  s3Region: z
    .string()
    .trim()
    .max(50)
    .regex(/^[a-z0-9-]*$/, 'A region looks like ap-southeast-2.')
    .nullish(),
});

/** A data store as Datadesk keeps it (no secrets). The built-in embedded store has kind `local` and no URLs. */
export const profile = z.object({
  id: z.string(),
  kind: z.enum(['local', 'remote']),
  name: z.string(),
  dataApiUrl: z.string().nullable(),
  searchApiUrl: z.string().nullable(),
  jobApiUrl: z.string().nullable(),
  issuerUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  s3EndpointUrl: z.string().nullable(),
  s3Region: z.string().nullable(),
  createdAt: z.number(),
});

/** The profiles and which one is current. */
export const profileList = z.object({
  profiles: z.array(profile),
  currentId: z.string(),
});

/** One step of a connection test. */
export const connectionCheck = z.object({
  name: z.enum(['data-api', 'search-api', 'job-api', 'issuer', 'local-store']),
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number().nullable(),
});

/** The outcome of testing a data store's addresses. */
export const connectionTest = z.object({
  ok: z.boolean(),
  checks: z.array(connectionCheck),
});

const profileId = z.string().min(1).max(100);

export const profileCalls = {
  'profiles.list': call(z.strictObject({}), profileList),
  'profiles.add': call(profileInput, profile),
  'profiles.update': call(z.strictObject({ id: profileId, changes: profileInput }), profile),
  /** Removes a data store and forgets its sign-in; the built-in store cannot be removed. */
  'profiles.remove': call(z.strictObject({ id: profileId }), profileList),
  'profiles.switch': call(z.strictObject({ id: profileId }), profileList),
  /** Tests a saved data store (`id`) or one being typed (`draft`) without saving it. */
  'profiles.test': call(
    z.strictObject({ id: profileId.nullish(), draft: profileInput.nullish() }),
    connectionTest,
  ),
};

export const profileEvents = {
  'profiles.changed': stream(profileList),
};

export type Profile = z.output<typeof profile>;
/** What a profile form sends (before defaults). */
export type ProfileInput = z.input<typeof profileInput>;
export type ProfileList = z.output<typeof profileList>;
export type ConnectionCheck = z.output<typeof connectionCheck>;
export type ConnectionTest = z.output<typeof connectionTest>;
