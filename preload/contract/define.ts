import type { z } from 'zod';

/** The closed set of error codes that cross the bridge. */
export const errorCodes = [
  'auth',
  'forbidden',
  'not_found',
  'invalid',
  'conflict',
  'network',
  'server',
  'cancelled',
] as const;

/** One of the bridge's error codes. */
export type ErrorCode = (typeof errorCodes)[number];

/** An error as data: what every failed call answers with. */
export interface BridgeError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The outcome of a call as it crosses the bridge. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** A call: its input schema (validated in main) and its output schema (the type the renderer sees). */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

/** How a stream's events are merged when they arrive faster than ~10 per second. */
export type Coalesce =
  /** Keep only the newest payload. */
  | { mode: 'latest' }
  /** Keep the newest payload for each value of `key`. */
  | { mode: 'latest-per-key'; key: string }
  /** Keep every payload, delivered in batches. */
  | { mode: 'all' };

/** An event stream from main to the renderer. */
export interface StreamSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  coalesce: Coalesce;
}

/** Declares a call. */
export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> {
  return { input, output };
}

/** Declares an event stream. */
export function stream<P extends z.ZodType>(
  payload: P,
  coalesce: Coalesce = { mode: 'latest' },
): StreamSpec<P> {
  return { payload, coalesce };
}
