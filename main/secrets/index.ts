/**
 * Secrets (refresh and offline tokens) in the OS keychain; where there is none, in memory for this session only,
 * and the app says so. Never in a file.
 */
import type { Logger } from '../core/index.ts';
import { openKeychain } from './keychain.ts';
import { memorySecretStore } from './memory.ts';
import type { SecretStore } from './types.ts';

export type { SecretStore } from './types.ts';
export { memorySecretStore } from './memory.ts';

/**
 * Which store to use: `auto` tries the keychain and falls back to memory; `keychain` requires it and throws
 * when it is missing (tests that must run against the real keychain); `memory` never touches it.
 */
export type SecretBackend = 'auto' | 'keychain' | 'memory';

/** Options for opening the secret store. */
export interface SecretStoreOptions {
  /** The keychain service name entries are filed under (default "Datadesk"). */
  service?: string;
  /** Default: $DATADESK_SECRETS, else `auto`. */
  backend?: SecretBackend;
  logger: Logger;
}

/** Reads the backend from $DATADESK_SECRETS; anything else than the three names is an error, not a guess. */
export function secretBackendFromEnv(value = process.env.DATADESK_SECRETS): SecretBackend {
  if (value === undefined || value === '') return 'auto';
  if (value === 'auto' || value === 'keychain' || value === 'memory') return value;
  throw new Error(`DATADESK_SECRETS must be auto, keychain or memory, not "${value}".`);
}

const reasonFor = (error: unknown) =>
  process.platform === 'linux'
    ? 'No keychain (Secret Service such as GNOME Keyring or KWallet) is running or it is locked.'
    : `The system keychain did not answer (${error instanceof Error ? error.message : String(error)}).`;

/** Opens the secret store the options ask for. */
export async function openSecretStore(options: SecretStoreOptions): Promise<SecretStore> {
  const backend = options.backend ?? secretBackendFromEnv();
  const service = options.service ?? 'Datadesk';
  const logger = options.logger.child({ component: 'secrets' });
  if (backend === 'memory') {
    logger.info('secrets.memory', { reason: 'configured' });
    return memorySecretStore('Datadesk was started with DATADESK_SECRETS=memory.');
  }
  try {
    const store = await openKeychain(service);
    logger.info('secrets.keychain', { service });
    return store;
  } catch (error) {
    if (backend === 'keychain') {
      throw new Error(
        `The OS keychain is required (DATADESK_SECRETS=keychain) but cannot be used: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    logger.warn('secrets.keychain_unavailable', { error });
    return memorySecretStore(reasonFor(error));
  }
}
