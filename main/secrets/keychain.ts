/**
 * The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, and on Linux the Secret
 * Service (gnome-keyring, KWallet). On Linux the entry is pinned to the Secret Service: the library's fallback,
 * the kernel keyring, forgets everything at reboot, which would quietly turn "remembered" into "session only".
 */
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { SecretStore } from './types.ts';

const entryOptions: EntryOptions = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : {};

/** Opens the keychain under `service`; throws when there is none (no Secret Service, locked, no D-Bus). */
export async function openKeychain(service: string): Promise<SecretStore> {
  const entry = (account: string) => new AsyncEntry(service, account, entryOptions);
  // A read proves the store exists and answers; a missing entry reads as null.
  await entry('datadesk.probe').getPassword();
  return {
    kind: 'keychain',
    persistent: true,
    unavailableReason: null,
    async get(account) {
      return (await entry(account).getPassword()) ?? null;
    },
    async set(account, value) {
      await entry(account).setPassword(value);
    },
    async delete(account) {
      return entry(account).deleteCredential();
    },
  };
}
