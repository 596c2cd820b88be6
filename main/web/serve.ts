/** The web-mode host entry: builds the app through the composition root and serves it to a browser. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../app/index.ts';
import { createApp, type App } from '../services.ts';
import { startWebHost, type WebHost } from './host.ts';

/** The built renderer, produced by `electron-vite build`. */
export const builtRendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** Serves an app's bridge, events and web routes, and the renderer from `rendererDir`, over a web host. */
export function startAppHost(
  app: App,
  options: { rendererDir?: string; port?: number } = {},
): Promise<WebHost> {
  return startWebHost({
    router: app.router,
    hub: app.hub,
    logger: app.logger,
    rendererDir: options.rendererDir ?? builtRendererDir,
    ...(options.port !== undefined ? { port: options.port } : {}),
    routes: app.webRoutes,
  });
}

/** Runs web mode until SIGINT/SIGTERM: `--port N` (default: a free port), `--data-dir DIR`. */
export async function serveWebMode(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0…65535, not ${values.port}`);
  if (!existsSync(`${builtRendererDir}/index.html`)) {
    throw new Error('The renderer is not built. Run `npm run build` first (npm run web does this for you).');
  }
  const app = await createApp({ host: 'web', dataDir: values['data-dir'] ?? defaultDataDir() });
  const host = await startAppHost(app, { port });
  process.stdout.write(`Datadesk web mode: open ${host.url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.dispose();
    await app.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
