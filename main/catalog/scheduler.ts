/**
 * When the catalog syncs on its own: soon after start-up, every N minutes, sooner after a local change, and
 * backing off (exponentially, with jitter) after failures so an offline laptop or a failing server is not hammered.
 */
import type { SyncSession, SyncTrigger } from '../../preload/contract/catalog.ts';

/** The clock the scheduler runs on (tests shrink minutes to milliseconds). */
export interface SchedulerTiming {
  minuteMs: number;
  startupDelayMs: number;
  afterChangeDelayMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultTiming: SchedulerTiming = {
  minuteMs: 60_000,
  startupDelayMs: 2_000,
  afterChangeDelayMs: 5_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
};

/** The wait before retrying after `failures` failed runs in a row: base × 2^(n−1), capped, ±20 % jitter. */
export function backoffDelay(failures: number, timing: SchedulerTiming, random = Math.random): number {
  const raw = Math.min(timing.backoffBaseMs * 2 ** Math.max(0, failures - 1), timing.backoffMaxMs);
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Starts runs at the right moments; the owner says when a run finished and what came of it. */
export class SyncScheduler {
  private readonly start: (trigger: SyncTrigger) => void;
  private readonly timing: SchedulerTiming;
  private intervalMinutes: number;
  private timer: NodeJS.Timeout | undefined;
  private next: { at: number; trigger: SyncTrigger } | null = null;
  private failures = 0;
  private active = false;

  constructor(start: (trigger: SyncTrigger) => void, timing: SchedulerTiming, intervalMinutes: number) {
    this.start = start;
    this.timing = timing;
    this.intervalMinutes = intervalMinutes;
  }

  /** When the next run is due (ms), or null. */
  get nextAt(): number | null {
    return this.next?.at ?? null;
  }

  /** Failed runs since the last success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Begins scheduling for a (new) data store: a start-up run shortly. */
  activate(): void {
    this.active = true;
    this.failures = 0;
    this.plan(this.timing.startupDelayMs, 'start-up');
  }

  /** Stops scheduling (no data store to sync, or shutting down). */
  deactivate(): void {
    this.active = false;
    this.failures = 0;
    this.clear();
  }

  /** Changes the interval; the next scheduled run moves accordingly. */
  setIntervalMinutes(minutes: number): void {
    this.intervalMinutes = minutes;
    if (this.active && this.failures === 0 && this.next?.trigger === 'schedule') this.planInterval();
  }

  /** A local change happened: sync soon (changes close together make one run). */
  afterChange(): void {
    if (!this.active) return;
    const at = Date.now() + this.timing.afterChangeDelayMs;
    if (this.next && this.next.at <= at) return;
    this.plan(this.timing.afterChangeDelayMs, 'after-change');
  }

  /** The data store answers again after being unreachable: sync soon instead of waiting out the backoff. */
  reachableAgain(): void {
    if (!this.active) return;
    const at = Date.now() + this.timing.startupDelayMs;
    if (this.next && this.next.at <= at) return;
    this.plan(this.timing.startupDelayMs, 'schedule');
  }

  /** A run began (whatever started it): nothing else is due until it ends. */
  runStarted(): void {
    this.clear();
  }

  /** A run ended: plan the next one from its outcome. */
  runFinished(session: SyncSession): void {
    if (session.status === 'succeeded') this.failures = 0;
    else if (session.status === 'failed') this.failures++;
    if (!this.active) return;
    if (this.failures > 0) this.plan(backoffDelay(this.failures, this.timing), 'schedule');
    else this.planInterval();
  }

  /** A due run could not start (another process is syncing, …): try again at the next interval. */
  runSkipped(): void {
    if (!this.active) return;
    if (this.intervalMinutes > 0) this.planInterval();
    else this.plan(backoffDelay(Math.max(1, this.failures), this.timing), 'schedule');
  }

  private planInterval(): void {
    if (this.intervalMinutes <= 0) this.clear();
    else this.plan(this.intervalMinutes * this.timing.minuteMs, 'schedule');
  }

  private plan(delayMs: number, trigger: SyncTrigger): void {
    this.clear();
    this.next = { at: Date.now() + delayMs, trigger };
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.next = null;
      this.start(trigger);
    }, delayMs);
    this.timer.unref?.();
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.next = null;
  }
}
