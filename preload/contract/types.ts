/** Plain data types derived from the contract schemas, for the renderer and main alike. */
import type { z } from 'zod';
import type { appInfo, dataStoreHealth, hostKind } from './app.ts';

export type AppInfo = z.output<typeof appInfo>;
export type DataStoreHealth = z.output<typeof dataStoreHealth>;
export type HostKind = z.output<typeof hostKind>;
