/** What the screens need from main beside the other capabilities: notifications, registry look-ups, folder listings. */
export { browseHandlers, type BrowseHandlerDeps } from './handlers.ts';
export { createBrowseServices } from './compose.ts';
export { listFolder } from './listing.ts';
export { namesOf, type RegistryReader } from './registry.ts';
export { BrowseStorage, type BrowseDataStore, type ReadableStorage } from './storage.ts';
