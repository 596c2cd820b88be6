import type {
  BridgeError,
  CallInput,
  CallName,
  CallOutput,
  DatadeskBridge,
  EventName,
  EventPayload,
} from '../../../preload/contract';
import { createWebSocketBridge } from './web-socket-bridge';

declare global {
  interface Window {
    datadesk?: DatadeskBridge;
  }
}

/** A failed bridge call, thrown by `call`. */
export class BridgeCallError extends Error implements BridgeError {
  readonly code: BridgeError['code'];
  readonly details: unknown;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** The web host's token: from the URL on first load, then kept for this tab only and removed from the URL. */
function webToken(): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('datadesk.token', fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem('datadesk.token') ?? '';
}

/** The transport this renderer uses: the preload's in Electron, a WebSocket in a browser. */
export const bridge: DatadeskBridge = window.datadesk ?? createWebSocketBridge(webToken());

/** The session token in web mode (for the upload endpoint); empty in Electron. */
export const webSessionToken: string = window.datadesk
  ? ''
  : (sessionStorage.getItem('datadesk.token') ?? '');

let callCounter = 0;

/** Calls main; resolves with the output or throws a BridgeCallError. Aborting the signal cancels the call. */
export async function call<N extends CallName>(
  name: N,
  input: CallInput<N>,
  signal?: AbortSignal,
): Promise<CallOutput<N>> {
  const callId = `r${Date.now().toString(36)}${(++callCounter).toString(36)}`;
  const onAbort = () => bridge.cancel(callId);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await bridge.invoke(name, input, callId);
    if (!result.ok) throw new BridgeCallError(result.error);
    return result.value;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Subscribes to an event stream; returns the unsubscribe function. */
export function subscribe<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return bridge.on(name, (payloads) => {
    for (const payload of payloads) listener(payload);
  });
}

/** Whether the web transport is connected (Electron always is); `refused` when the host no longer accepts this page. */
export function onConnectionChange(listener: (connected: boolean, refused: boolean) => void): () => void {
  return bridge.on('bridge.connection' as EventName, (payloads) => {
    const last = payloads[payloads.length - 1] as { connected: boolean; refused?: boolean } | undefined;
    if (last) listener(last.connected, last.refused === true);
  });
}
