import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, Emitter, silentLogger } from '../../../main/core/index.ts';
import {
  backoffDelay,
  CatalogService,
  defaultTiming,
  type CatalogTarget,
} from '../../../main/catalog/index.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { makeItems, ScriptedSource } from './fixtures.ts';

describe('backoff', () => {
  it('doubles from the base after each failure, caps, and jitters by at most a fifth', () => {
    const timing = { ...defaultTiming, backoffBaseMs: 1_000, backoffMaxMs: 10_000 };
    expect(backoffDelay(1, timing, () => 0.5)).toBe(1_000);
    expect(backoffDelay(2, timing, () => 0.5)).toBe(2_000);
    expect(backoffDelay(4, timing, () => 0.5)).toBe(8_000);
    expect(backoffDelay(9, timing, () => 0.5)).toBe(10_000);
    expect(backoffDelay(1, timing, () => 0)).toBe(800);
    expect(backoffDelay(1, timing, () => 1)).toBe(1_200);
  });
});

describe('sync scheduler', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let service: CatalogService;
  let source: ScriptedSource;
  let target: CatalogTarget | null;
  const changed = new Emitter<void>();

  const build = (intervalMinutes?: number, backoffBaseMs = 30) => {
    service = new CatalogService({
      directory: folder.path,
      context: { current: () => target, onDidChange: (listener) => changed.on(listener) },
      logger: silentLogger,
      pageSize: 50,
      // One "minute" is 40 ms here, so schedules play out within a test.
      timing: {
        minuteMs: 40,
        startupDelayMs: 5,
        afterChangeDelayMs: 5,
        backoffBaseMs,
        backoffMaxMs: Math.max(200, backoffBaseMs),
      },
    });
    if (intervalMinutes !== undefined) service.updateSettings({ intervalMinutes });
  };

  beforeEach(async () => {
    folder = await tempDir('datadesk-schedule-');
    source = new ScriptedSource(makeItems(30));
    target = { profileId: 'p1', username: 'alice', personId: null, source };
  });

  afterEach(async () => {
    await service.dispose();
    await folder.remove();
  });

  const sessions = () => service.catalog('p1').sessions.recent(100).reverse();

  it('syncs soon after start-up and then every interval', async () => {
    build(1);
    await vi.waitFor(
      () => expect(sessions().filter((s) => s.status === 'succeeded').length).toBeGreaterThanOrEqual(3),
      {
        timeout: 3_000,
      },
    );
    const [first, second, third] = sessions();
    expect(first!.trigger).toBe('start-up');
    expect(second!.trigger).toBe('schedule');
    expect(third!.startedAt - second!.finishedAt!).toBeGreaterThanOrEqual(35);
    expect(service.status().nextSyncAt).not.toBeNull();
  });

  it('backs off after failures and recovers after a success', async () => {
    source.failAt = { page: 0, error: new AppError('server', 'Broken for now.') };
    build(0);
    // The wait planned after each failure, by how many failures in a row there had been.
    const planned = new Map<number, number>();
    service.onDidChangeStatus.on((status) => {
      if (!status.running && status.lastSession?.status === 'failed' && status.nextSyncAt !== null) {
        planned.set(status.consecutiveFailures, status.nextSyncAt - status.lastSession.finishedAt!);
      }
    });
    await vi.waitFor(() => expect(service.status().consecutiveFailures).toBeGreaterThanOrEqual(3), {
      timeout: 3_000,
    });
    // Base 30 ms doubling per failure, ±20 % jitter (a few ms of slack for the clock reads).
    expect(planned.get(1)).toBeGreaterThanOrEqual(24 - 5);
    expect(planned.get(1)).toBeLessThanOrEqual(36 + 5);
    expect(planned.get(2)).toBeGreaterThanOrEqual(48 - 5);
    expect(planned.get(2)).toBeLessThanOrEqual(72 + 5);
    expect(planned.get(3)).toBeGreaterThanOrEqual(96 - 5);
    source.failAt = null;
    await vi.waitFor(() => expect(sessions().at(-1)!.status).toBe('succeeded'), { timeout: 3_000 });
    expect(service.status().consecutiveFailures).toBe(0);
    // An interval of 0 means no further scheduled runs after a success.
    expect(service.status().nextSyncAt).toBeNull();
  });

  it('catches up soon after the data store answers again instead of waiting out the backoff', async () => {
    source.failAt = { page: 0, error: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) };
    build(0, 60_000);
    await vi.waitFor(() => expect(service.status().state).toBe('offline'), { timeout: 2_000 });
    expect(service.status().nextSyncAt! - Date.now()).toBeGreaterThan(30_000);
    source.failAt = null;
    // A health check (or any action) got through.
    service.reportReachability('p1', true);
    await vi.waitFor(
      () => expect(sessions().at(-1)).toMatchObject({ status: 'succeeded', trigger: 'schedule' }),
      {
        timeout: 2_000,
      },
    );
    expect(service.status()).toMatchObject({ state: 'idle', offlineSince: null, consecutiveFailures: 0 });
  });

  it('syncs once shortly after a burst of local changes', async () => {
    build(0);
    await vi.waitFor(() => expect(sessions()).toHaveLength(1), { timeout: 2_000 });
    await vi.waitFor(() => expect(service.status().state).toBe('idle'));
    service.syncSoon('p1');
    service.syncSoon('p1');
    service.syncSoon('other-profile');
    await vi.waitFor(() => expect(sessions()).toHaveLength(2), { timeout: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sessions().map((s) => s.trigger)).toEqual(['start-up', 'after-change']);
  });

  it('stops scheduling when signed out and starts again for the next data store', async () => {
    build(1);
    await vi.waitFor(() => expect(sessions().length).toBeGreaterThanOrEqual(1), { timeout: 2_000 });
    target = { profileId: 'p1', username: 'alice', personId: null, source: null };
    changed.fire();
    await vi.waitFor(() => expect(service.status().state).toBe('unavailable'));
    const count = sessions().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sessions()).toHaveLength(count);
    target = { profileId: 'p2', username: 'alice', personId: null, source };
    changed.fire();
    await vi.waitFor(
      () => expect(service.catalog('p2').sessions.recent(100).at(-1)?.trigger).toBe('start-up'),
      {
        timeout: 2_000,
      },
    );
  });

  it('keeps the interval setting across restarts', async () => {
    build(42);
    await service.dispose();
    build();
    expect(service.settings).toEqual({ intervalMinutes: 42 });
  });
});
