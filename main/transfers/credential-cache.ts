/**
 * Caches credentials until shortly before they expire, so a long transfer refreshes mid-way without failing
 * anything. Concurrent callers share one fetch; an `ExpiredToken` answer invalidates the key that failed.
 */
import type { StorageCredentials } from './dataset-storage.ts';

/** When to refresh: this long before expiry, or halfway through a shorter lifetime. */
export const refreshMarginMs = 5 * 60_000;

interface Entry {
  credentials: StorageCredentials;
  refreshAt: number;
}

/** Fetches credentials for one scope; the cache calls it when a refresh is due. */
export type CredentialFetcher = (signal?: AbortSignal) => Promise<StorageCredentials>;

/** A cache for one scope (dataset + direction). */
export class CredentialCache {
  private entry: Entry | null = null;
  private pending: Promise<StorageCredentials> | null = null;
  private readonly fetcher: CredentialFetcher;
  private readonly now: () => number;

  constructor(fetcher: CredentialFetcher, now: () => number = Date.now) {
    this.fetcher = fetcher;
    this.now = now;
  }

  /** Valid credentials, refreshed when due. */
  async get(signal?: AbortSignal): Promise<StorageCredentials> {
    const entry = this.entry;
    const now = this.now();
    if (entry && now < entry.refreshAt) return entry.credentials;
    try {
      return await this.refresh(signal);
    } catch (error) {
      // A refresh that fails while the old credentials still work is not a failure yet.
      if (entry && now < entry.credentials.expiration.getTime() - 10_000 && !isRefusal(error)) {
        return entry.credentials;
      }
      throw error;
    }
  }

  /** Forgets the credentials if they are still the ones with `accessKeyId` (the ones that expired). */
  invalidate(accessKeyId?: string): void {
    if (!this.entry) return;
    if (accessKeyId === undefined || this.entry.credentials.accessKeyId === accessKeyId) this.entry = null;
  }

  private refresh(signal?: AbortSignal): Promise<StorageCredentials> {
    this.pending ??= this.fetcher(signal)
      .then((credentials) => {
        const fetchedAt = this.now();
        const expiresAt = credentials.expiration.getTime();
        const halfway = fetchedAt + (expiresAt - fetchedAt) / 2;
        this.entry = {
          credentials,
          refreshAt: Math.max(expiresAt - refreshMarginMs, Math.min(halfway, expiresAt)),
        };
        return credentials;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}

/** True for a data store refusal (such as 403 on a released dataset), which must not be papered over. */
function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'forbidden' || code === 'auth' || code === 'not_found';
}
