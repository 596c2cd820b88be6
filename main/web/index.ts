/** The browser-mode host: the same router and renderer, served on 127.0.0.1 behind a per-run token. */
export { contentSecurityPolicy, startWebHost, type HostRoute, type WebHost, type WebHostOptions } from './host.ts';
