/**
 * The typed bridge contract: every call (name, input, output) and every event stream between main and the
 * renderer. Main validates each input against these schemas; the renderer imports only the types.
 */
import type { z } from 'zod';
import { appCalls, appEvents } from './contract/app.ts';
import { authCalls, authEvents } from './contract/auth.ts';
import { catalogCalls, catalogEvents } from './contract/catalog.ts';
import { datastoreCalls } from './contract/datastore.ts';
import type { BridgeResult } from './contract/define.ts';
import { jobCalls, jobEvents } from './contract/jobs.ts';
import { profileCalls, profileEvents } from './contract/profiles.ts';
import { screensCalls } from './contract/screens.ts';
import { transferCalls, transferEvents } from './contract/transfers.ts';

export * from './contract/define.ts';
export { bridgeLimits } from './contract/bounds.ts';
export type * from './contract/types.ts';
export type * from './contract/profile-types.ts';
export type { FolderListing, RegistryEntity } from './contract/screens.ts';
export type {
  ConflictPolicy,
  TransferItem,
  TransferJob,
  TransferOverview,
  TransferSettings,
  VerifyReport,
} from './contract/transfers.ts';

/** Every call the renderer can make. */
export const calls = {
  ...appCalls,
  ...catalogCalls,
  ...profileCalls,
  ...authCalls,
  ...datastoreCalls,
  ...jobCalls,
  ...screensCalls,
  ...transferCalls,
};

/** Every event stream main can send. */
export const events = {
  ...appEvents,
  ...catalogEvents,
  ...profileEvents,
  ...authEvents,
  ...jobEvents,
  ...transferEvents,
};

export type Calls = typeof calls;
export type Events = typeof events;
export type CallName = keyof Calls;
export type EventName = keyof Events;
/** What the renderer sends for a call (before defaults are applied). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives for a call (after validation and defaults). */
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** The object the preload exposes as `window.datadesk`; the web transport implements the same shape. */
export interface DatadeskBridge {
  invoke<N extends CallName>(name: N, input: CallInput<N>, callId?: string): Promise<BridgeResultOf<N>>;
  cancel(callId: string): void;
  on<E extends EventName>(name: E, listener: (payloads: EventPayload<E>[]) => void): () => void;
  /** The real path of a dropped file; only in Electron. */
  getPathForFile?: (file: File) => string;
}

export type BridgeResultOf<N extends CallName> = BridgeResult<CallOutput<N>>;

/** The names the preload forwards; anything else is refused before it leaves the renderer. */
export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];
