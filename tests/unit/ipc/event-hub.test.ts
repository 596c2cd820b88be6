import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../../main/ipc/index.ts';

const health = (checkedAt: number) => ({
  profileId: 'local',
  profileName: 'Local',
  reachable: true,
  message: 'ok',
  latencyMs: 1,
  checkedAt,
});

describe('event hub', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers at most ten batches per second per stream, keeping the newest payload', () => {
    vi.useFakeTimers();
    const hub = createEventHub(100);
    const batches: unknown[][] = [];
    hub.subscribe((_stream, payloads) => batches.push(payloads));
    for (let i = 0; i < 1000; i++) {
      hub.publish('datastore.health', health(i));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(batches.length).toBeLessThanOrEqual(11);
    expect(batches.at(-1)).toEqual([health(999)]);
    hub.dispose();
  });

  it('remembers the newest payload so a new window starts with current state', () => {
    vi.useFakeTimers();
    const hub = createEventHub(100);
    hub.publish('datastore.health', health(1));
    hub.publish('datastore.health', health(2));
    expect(hub.snapshot()).toEqual([{ stream: 'datastore.health', payloads: [health(2)] }]);
    hub.dispose();
  });

  it('stops delivering after a subscriber is disposed', () => {
    vi.useFakeTimers();
    const hub = createEventHub(100);
    let count = 0;
    const subscription = hub.subscribe(() => count++);
    subscription.dispose();
    hub.publish('datastore.health', health(1));
    vi.advanceTimersByTime(500);
    expect(count).toBe(0);
    hub.dispose();
  });
});
