/** The whole app as integration tests build it, and bridge calls made directly on its router. */
import { createLogger } from '../../main/core/index.ts';
import { memorySecretStore } from '../../main/secrets/index.ts';
import { createApp, type App, type AppOptions } from '../../main/services.ts';

/** Builds the app on `dataDir` with no log output and secrets in memory; `options` adds to or overrides that. */
export function createTestApp(dataDir: string, options: Partial<AppOptions> = {}): Promise<App> {
  return createApp({
    host: 'test',
    dataDir,
    logger: createLogger({ sinks: [] }),
    secrets: memorySecretStore(null),
    ...options,
  });
}

/** Calls the bridge as a window would; answers the value, or throws the bridge error (code, message, details). */
export async function dispatchValue<T>(app: App, name: string, input: unknown): Promise<T> {
  const result = await app.router.dispatch(name, input, {
    signal: new AbortController().signal,
    transport: 'direct',
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

/** The id of the organisation a fresh embedded store holds, for metadata that must name one. */
export async function firstOrganisationId(app: App): Promise<string> {
  const found = await dispatchValue<{ items: Array<{ id: string }> }>(app, 'registry.search', {
    kind: 'organisation',
    query: '',
  });
  return found.items[0]!.id;
}
