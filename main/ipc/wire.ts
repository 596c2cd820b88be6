import { z } from 'zod';
import type { BridgeResult, EventName } from '../../preload/contract.ts';

/** What a renderer sends over a message transport (the web host's WebSocket). */
const clientMessage = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('call'),
    id: z.string().min(1).max(64),
    name: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({ t: z.literal('cancel'), id: z.string().min(1).max(64) }),
]);

export type ClientMessage = z.output<typeof clientMessage>;

/** What main sends back. */
export type ServerMessage =
  | { t: 'result'; id: string; result: BridgeResult<unknown> }
  | { t: 'event'; stream: EventName; payloads: unknown[] };

/** Parses one raw message; null when it is not a message of the protocol. */
export function parseClientMessage(raw: string): ClientMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = clientMessage.safeParse(json);
  return parsed.success ? parsed.data : null;
}
