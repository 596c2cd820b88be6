import { z } from 'zod';
import { call, stream } from './define.ts';

/** Where the app is running: the Electron shell, the browser-mode host, the CLI or a test. */
export const hostKind = z.enum(['electron', 'web', 'cli', 'test']);

/** What the renderer may know about the running app. */
export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: hostKind,
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  /** True when dropped files carry real paths (Electron); false in a browser. */
  filePathsAvailable: z.boolean(),
  /** True when the host has a system folder picker (Electron); a browser types the folder's path instead. */
  folderPicker: z.boolean(),
});

/** The health of the current data store. */
export const dataStoreHealth = z.object({
  profileId: z.string(),
  profileName: z.string(),
  reachable: z.boolean(),
  message: z.string(),
  latencyMs: z.number().nullable(),
  checkedAt: z.number(),
});

export const appCalls = {
  'app.info': call(z.strictObject({}), appInfo),
  /** Opens an allow-listed https URL in the system browser (Electron); the web host answers `opened: false`. */
  'app.openExternal': call(
    z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(4096) }),
    z.object({ opened: z.boolean() }),
  ),
  'datastore.health': call(z.strictObject({}), dataStoreHealth),
};

export const appEvents = {
  'datastore.health': stream(dataStoreHealth),
};
