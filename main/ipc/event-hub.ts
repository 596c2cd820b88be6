import { events, type EventName, type EventPayload } from '../../preload/contract.ts';
import type { Disposable } from '../core/index.ts';

/** Receives coalesced batches for one stream. */
export type EventSubscriber = (stream: EventName, payloads: unknown[]) => void;

/** Publishes events to every transport, at most about ten batches per second per stream. */
export interface EventHub extends Disposable {
  publish<E extends EventName>(stream: E, payload: EventPayload<E>): void;
  subscribe(subscriber: EventSubscriber): Disposable;
  /** The newest payloads seen per stream (so a new window starts with current state). */
  snapshot(): Array<{ stream: EventName; payloads: unknown[] }>;
}

interface PendingStream {
  byKey: Map<string, unknown>;
  all: unknown[];
  timer: NodeJS.Timeout | undefined;
  lastFlush: number;
}

/** Creates a hub that flushes each stream at most once per `intervalMs`. */
export function createEventHub(intervalMs = 100): EventHub {
  const subscribers = new Set<EventSubscriber>();
  const pending = new Map<EventName, PendingStream>();
  const latest = new Map<EventName, Map<string, unknown>>();

  const keyOf = (stream: EventName, payload: unknown): string => {
    const coalesce = events[stream].coalesce;
    if (coalesce.mode !== 'latest-per-key') return '';
    const value = (payload as Record<string, unknown> | null)?.[coalesce.key];
    return String(value);
  };

  const flush = (stream: EventName) => {
    const state = pending.get(stream);
    if (!state) return;
    state.timer = undefined;
    state.lastFlush = Date.now();
    const payloads = events[stream].coalesce.mode === 'all' ? state.all.splice(0) : [...state.byKey.values()];
    state.byKey.clear();
    if (payloads.length === 0) return;
    for (const subscriber of [...subscribers]) subscriber(stream, payloads);
  };

  return {
    publish(stream, payload) {
      let state = pending.get(stream);
      if (!state) {
        state = { byKey: new Map(), all: [], timer: undefined, lastFlush: 0 };
        pending.set(stream, state);
      }
      const key = keyOf(stream, payload);
      if (events[stream].coalesce.mode === 'all') state.all.push(payload);
      else {
        state.byKey.delete(key);
        state.byKey.set(key, payload);
      }
      let remembered = latest.get(stream);
      if (!remembered) latest.set(stream, (remembered = new Map()));
      remembered.delete(key);
      remembered.set(key, payload);
      if (remembered.size > 1000) remembered.delete(remembered.keys().next().value as string);
      if (state.timer) return;
      const wait = Math.max(0, state.lastFlush + intervalMs - Date.now());
      state.timer = setTimeout(() => flush(stream), wait);
      state.timer.unref?.();
    },
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return { dispose: () => void subscribers.delete(subscriber) };
    },
    snapshot() {
      return [...latest.entries()]
        .filter(([stream]) => events[stream].coalesce.mode !== 'all')
        .map(([stream, byKey]) => ({ stream, payloads: [...byKey.values()] }));
    },
    dispose() {
      for (const state of pending.values()) clearTimeout(state.timer);
      pending.clear();
      subscribers.clear();
    },
  };
}
