/** The browser-mode host: the same router and renderer, served on 127.0.0.1 behind a per-run token. */
export { contentSecurityPolicy } from './csp.ts';
export { startWebHost, type HostRoute, type WebHost, type WebHostOptions } from './host.ts';
