/** The app itself: metadata, the host platform, where data lives. */
export { appHandlers, type AppHandlerDeps } from './handlers.ts';
export { defaultDataDir } from './data-dir.ts';
export { headlessPlatform, isAllowedExternalUrl, type PlatformAdapter } from './platform.ts';
export { readAppVersionSync } from './version.ts';
