/**
 * Whether each data store answers, and since when it has not: fed by syncs, health checks and the app's own
 * actions, read by the status bar and by actions that need the server (so they can say so up front).
 */
import { AppError, Emitter } from '../core/index.ts';

/** What still works while the data store cannot be reached; every offline refusal says it the same way. */
export const offlineStillWorks =
  'Browsing and search work from the saved catalog; try again when the connection is back.';

/** The reachability of every data store the app has talked to. */
export class Connectivity {
  /** Fires when a data store goes offline or answers again. */
  readonly onDidChange = new Emitter<{ profileId: string; reachable: boolean }>();
  private readonly offline = new Map<string, number>();

  /** Since when the data store has been unreachable (ms), or null when it is reachable. */
  offlineSince(profileId: string | undefined): number | null {
    return profileId === undefined ? null : (this.offline.get(profileId) ?? null);
  }

  /** Records that a data store answered or could not be reached; fires only on a change. */
  report(profileId: string, reachable: boolean): void {
    const was = this.offline.get(profileId);
    if (reachable && was !== undefined) this.offline.delete(profileId);
    else if (!reachable && was === undefined) this.offline.set(profileId, Date.now());
    else return;
    this.onDidChange.fire({ profileId, reachable });
  }

  /** Forgets a data store (its profile was removed). */
  forget(profileId: string): void {
    this.offline.delete(profileId);
  }

  /**
   * The `network` error for `action` while the data store is unreachable: since when, and what still works.
   * `cause` is the failure that showed it (kept in the details for bug reports).
   */
  offlineError(profileId: string | undefined, action: string, cause?: unknown): AppError {
    const since = this.offlineSince(profileId) ?? Date.now();
    const time = new Date(since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return new AppError(
      'network',
      `${action} needs the data store, which has been unreachable since ${time}. ${offlineStillWorks}`,
      {
        offlineSince: since,
        ...(cause instanceof AppError ? { cause: cause.message, causeDetails: cause.details } : {}),
        ...(cause !== undefined && !(cause instanceof AppError) ? { cause: String(cause) } : {}),
      },
    );
  }

  /** Throws a `network` error naming `action` when the data store is known to be unreachable. */
  assertOnline(profileId: string | undefined, action: string): void {
    if (this.offlineSince(profileId) === null) return;
    throw this.offlineError(profileId, action);
  }
}
