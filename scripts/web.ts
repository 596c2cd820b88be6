/** `npm run web`: builds the renderer if needed and serves the app to a browser on 127.0.0.1. */
import { fileURLToPath } from 'node:url';
import { serveWebMode } from '../main/web/serve.ts';
import { buildIfStale } from './build-if-stale.ts';

buildIfStale(fileURLToPath(new URL('..', import.meta.url)));
await serveWebMode(process.argv.slice(2));
