import type { BridgeResult, DatadeskBridge, EventName } from '../../../preload/contract';
import { bridgeLimits } from '../../../preload/contract/limits';

type Pending = (result: BridgeResult<unknown>) => void;

/** The web-mode transport: the same bridge shape as the preload's, over a WebSocket to the host. */
export function createWebSocketBridge(token: string): DatadeskBridge {
  const pending = new Map<string, Pending>();
  const listeners = new Map<string, Set<(payloads: unknown[]) => void>>();
  const queue: string[] = [];
  let socket: WebSocket | undefined;
  let retryMs = 250;
  let failedOpens = 0;

  const announce = (state: { connected: boolean; refused?: boolean }) => {
    for (const listener of listeners.get('bridge.connection') ?? []) listener([state]);
  };

  /** The page is served but its socket is refused: the host restarted with a new token. */
  const checkRefused = async () => {
    const hostAnswers = await fetch('/', { cache: 'no-store' }).then(
      (response) => response.ok,
      () => false,
    );
    if (hostAnswers) announce({ connected: false, refused: true });
  };

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      failedOpens = 0;
      retryMs = 250;
      for (const message of queue.splice(0)) ws.send(message);
      announce({ connected: true });
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as
        | { t: 'result'; id: string; result: BridgeResult<unknown> }
        | { t: 'event'; stream: EventName; payloads: unknown[] };
      if (message.t === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        for (const listener of listeners.get(message.stream) ?? []) listener(message.payloads);
      }
    };
    ws.onclose = () => {
      socket = undefined;
      for (const resolve of pending.values()) {
        resolve({
          ok: false,
          error: { code: 'network', message: 'Lost the connection to the Datadesk host.' },
        });
      }
      pending.clear();
      announce({ connected: false });
      if (!opened && ++failedOpens === 3) void checkRefused();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  const send = (message: string) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(message);
    else queue.push(message);
  };

  let counter = 0;
  return {
    invoke(name, input, callId) {
      const id = callId ?? `c${++counter}`;
      const message = JSON.stringify({ t: 'call', id, name, input });
      // The host closes the socket on an oversize message, which would fail every call in flight: refuse here.
      if (new Blob([message]).size > bridgeLimits.messageBytes) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'invalid',
            message: `The request "${name}" is too large to send at once. Send fewer files or less data at a time.`,
          },
        });
      }
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        send(message);
      });
    },
    cancel(callId) {
      send(JSON.stringify({ t: 'cancel', id: callId }));
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const untyped = listener as (payloads: unknown[]) => void;
      set.add(untyped);
      return () => void set.delete(untyped);
    },
  };
}
