/** Opens the secret store in a child process (so its D-Bus address can differ) and prints what it got. */
import { createLogger } from '../../../main/core/index.ts';
import { openSecretStore, secretBackendFromEnv } from '../../../main/secrets/index.ts';

try {
  const store = await openSecretStore({
    service: 'Datadesk-child-test',
    backend: secretBackendFromEnv(),
    logger: createLogger({ sinks: [] }),
  });
  process.stdout.write(
    JSON.stringify({ kind: store.kind, persistent: store.persistent, reason: store.unavailableReason }),
  );
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
}
