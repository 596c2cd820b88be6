import type { SecretStore } from './types.ts';

/** Secrets held in memory only, for this session: what Datadesk uses when the OS has no keychain. */
export function memorySecretStore(unavailableReason: string | null): SecretStore {
  const values = new Map<string, string>();
  return {
    kind: 'memory',
    persistent: false,
    unavailableReason,
    get: (account) => Promise.resolve(values.get(account) ?? null),
    set: (account, value) => {
      values.set(account, value);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(values.delete(account)),
  };
}
