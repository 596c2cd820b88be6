/** The app in web mode for end-to-end tests: built renderer, composition root and web host in this process. */
import { fileURLToPath } from 'node:url';
import { createApp, type App, type AppOptions } from '../../main/services.ts';
import type { WebHost } from '../../main/web/index.ts';
import { startAppHost } from '../../main/web/serve.ts';
import { buildIfStale } from '../../scripts/build-if-stale.ts';
import { tempDir } from './temp-dir.ts';

/** A running web-mode app and how to stop it. */
export interface WebApp {
  app: App;
  host: WebHost;
  dataDir: string;
  stop(): Promise<void>;
}

/** Builds the renderer if needed, then starts the app in web mode on a fresh data folder. */
export async function startWebApp(options: Partial<AppOptions> = {}): Promise<WebApp> {
  buildIfStale(fileURLToPath(new URL('../..', import.meta.url)));
  const dir = await tempDir('datadesk-e2e-');
  const app = await createApp({ host: 'web', dataDir: dir.path, logToFile: false, ...options });
  const host = await startAppHost(app);
  return {
    app,
    host,
    dataDir: dir.path,
    async stop() {
      await host.dispose();
      await app.dispose();
      await dir.remove();
    },
  };
}
