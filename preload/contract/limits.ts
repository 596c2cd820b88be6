/** Bridge limits as plain numbers (no zod), so the renderer can check a message before sending it. */

/** The ceilings every bridge input lives under. */
export const bridgeLimits = {
  /** One call's input, as JSON (the web host's WebSocket refuses larger messages outright). */
  messageBytes: 4 * 1024 * 1024,
  /** Nesting of one input; no call needs more than a handful of levels. */
  depth: 32,
  /** A string without a limit of its own (EWKT fields keep their 50,000). */
  text: 10_000,
  /** A list without a limit of its own. */
  list: 1_000,
  /** Keys of a record (free-form metadata). */
  recordKeys: 200,
  /** Opaque JSON passed back unchanged, such as a pagination key, when serialised. */
  opaqueJsonBytes: 16 * 1024,
} as const;
