/**
 * Actions that need the data store say so up front: while the catalog knows the data store is unreachable, an
 * action is refused after one quick probe (not after the client's timeouts and retries), and an action that
 * fails for want of an answer is confirmed by a probe and reported the same way. While offline, the data store
 * is probed in the background (backing off) so the app comes back online by itself.
 */
import { AppError, type Disposable, type Logger } from '../core/index.ts';
import type { CallContext } from '../ipc/index.ts';

/** What the guard needs from the catalog (its reachability record). */
export interface ReachabilityRecord {
  offlineSince(profileId: string): number | null;
  reportReachability(profileId: string, reachable: boolean): void;
  offlineError(profileId: string, action: string, cause?: unknown): AppError;
  readonly onDidChangeStatus: { on(listener: () => void): Disposable };
}

/** How the guard is built. */
export interface ReachabilityGuardOptions {
  catalog: ReachabilityRecord;
  /** The profile actions act on now. */
  profileId(): string;
  /** A quick "does the data store answer now?" (its health route) for the current profile. */
  probe(signal: AbortSignal): Promise<boolean>;
  logger: Logger;
  /** How long a probe may take before the data store counts as unreachable (default 3 s). */
  probeTimeoutMs?: number;
  /** Background probing while offline: first delay, doubling up to the maximum. Omit for none. */
  reprobe?: { firstDelayMs: number; maxDelayMs: number };
}

/** An "unreachable" answer is reused for this long, so a burst of refused calls costs one probe. */
const probeReuseMs = 1_500;

/** Refuses actions that need an unreachable data store, quickly and in one consistent message. */
export class ReachabilityGuard implements Disposable {
  private readonly options: ReachabilityGuardOptions;
  private readonly probes = new Map<
    string,
    { at: number; reachable: boolean | null; answer: Promise<boolean> }
  >();
  private readonly subscription: Disposable | null;
  private timer: NodeJS.Timeout | undefined;
  private reprobeDelay = 0;
  private disposed = false;

  constructor(options: ReachabilityGuardOptions) {
    this.options = options;
    this.subscription = options.reprobe ? options.catalog.onDidChangeStatus.on(() => this.watch()) : null;
    if (options.reprobe) this.watch();
  }

  /**
   * Probes the current data store now and records the answer. A probe under way is shared, and so is a recent
   * "unreachable" (a burst of refused calls costs one probe); a recent "reachable" is not trusted again.
   */
  probe(profileId = this.options.profileId()): Promise<boolean> {
    const recent = this.probes.get(profileId);
    if (
      recent &&
      (recent.reachable === null || (recent.reachable === false && Date.now() - recent.at < probeReuseMs))
    ) {
      return recent.answer;
    }
    const entry: { at: number; reachable: boolean | null; answer: Promise<boolean> } = {
      at: Date.now(),
      reachable: null,
      answer: Promise.resolve(false),
    };
    entry.answer = this.options
      .probe(AbortSignal.timeout(this.options.probeTimeoutMs ?? 3_000))
      .catch(() => false)
      .then((reachable) => {
        entry.reachable = reachable;
        entry.at = Date.now();
        // The current profile may have changed while the probe ran; its answer is about the one it asked.
        if (this.options.profileId() === profileId)
          this.options.catalog.reportReachability(profileId, reachable);
        return reachable;
      });
    this.probes.set(profileId, entry);
    return entry.answer;
  }

  /** Throws the offline error for `action` when the data store is known to be unreachable and still is. */
  async ensureReachable(action: string, signal?: AbortSignal): Promise<void> {
    const profileId = this.options.profileId();
    if (this.options.catalog.offlineSince(profileId) === null) return;
    const reachable = await this.probe(profileId);
    if (signal?.aborted) throw new AppError('cancelled', 'The operation was cancelled.');
    if (!reachable) throw this.options.catalog.offlineError(profileId, action);
  }

  /**
   * Runs an action that needs the data store: refused up front while it is unreachable; a `network` failure is
   * checked with a probe and, when the data store does not answer, becomes the same offline error.
   */
  async run<T>(action: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const profileId = this.options.profileId();
    await this.ensureReachable(action, signal);
    try {
      const result = await work();
      this.options.catalog.reportReachability(profileId, true);
      return result;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'network' || signal?.aborted) throw error;
      // A network error can be the storage or a registry alone: only a silent data store means offline.
      if (await this.probe(profileId)) throw error;
      throw this.options.catalog.offlineError(profileId, action, error);
    }
  }

  /** Wraps bridge handlers so each runs through `run` with its action's words. */
  wrap<H extends object>(handlers: H, actions: { [K in keyof H]?: string }): H {
    const wrapped = { ...handlers } as Record<string, unknown>;
    for (const [name, action] of Object.entries(actions) as Array<[string, string | undefined]>) {
      const handler = (handlers as Record<string, unknown>)[name];
      if (!action || typeof handler !== 'function') continue;
      wrapped[name] = (input: unknown, context: CallContext) =>
        this.run(action, context.signal, async () =>
          (handler as (input: unknown, context: CallContext) => unknown)(input, context),
        );
    }
    return wrapped as H;
  }

  dispose(): void {
    this.disposed = true;
    this.subscription?.dispose();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Keeps a background probe planned while the current data store is offline; stops when it answers. */
  private watch(): void {
    const reprobe = this.options.reprobe;
    if (!reprobe || this.disposed) return;
    const offline = this.options.catalog.offlineSince(this.options.profileId()) !== null;
    if (!offline) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.reprobeDelay = 0;
      return;
    }
    if (this.timer) return;
    this.reprobeDelay =
      this.reprobeDelay === 0 ? reprobe.firstDelayMs : Math.min(this.reprobeDelay * 2, reprobe.maxDelayMs);
    this.timer = setTimeout(() => {
      void this.probe().then((reachable) => {
        this.timer = undefined;
        this.options.logger.debug('datastore.reprobe', {
          reachable,
          nextDelayMs: reachable ? null : this.reprobeDelay,
        });
        this.watch();
      });
    }, this.reprobeDelay);
    this.timer.unref?.();
  }
}
