import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './csp.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves a file of `root` for a URL path, refusing anything outside it; false when there is no such file. */
export async function serveStaticFile(
  root: string,
  urlPath: string,
  response: ServerResponse,
): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const absoluteRoot = resolve(root);
  const file = resolve(absoluteRoot, relative);
  if (file !== absoluteRoot && !file.startsWith(absoluteRoot + sep)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  const immutable = relative.startsWith('assets/');
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(response);
  return true;
}

const metaPolicy = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i;

/**
 * Serves index.html with its CSP meta tag set to web mode's policy: the built page carries the Electron
 * policy (no WebSocket), and a page enforces both its header and its meta policy.
 */
export async function serveIndexPage(
  root: string,
  origin: string,
  response: ServerResponse,
): Promise<boolean> {
  const html = await readFile(resolve(root, 'index.html'), 'utf8').catch(() => null);
  if (html === null) return false;
  // frame-ancestors is ignored (with a console error) when delivered in a meta tag; the header carries it.
  const policy = contentSecurityPolicy(origin)
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  const page = html.replace(metaPolicy, `$1${policy}$2`);
  response.writeHead(200, { 'content-type': contentTypes['.html']!, 'cache-control': 'no-cache' });
  response.end(page);
  return true;
}
