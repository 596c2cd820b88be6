/**
 * One sync run: page through the remote list, stage the items that changed, and only when the pass is complete
 * apply them and remove what the data store no longer shows, in one transaction. A failed or cancelled run leaves
 * the catalog exactly as it was.
 */
import type { SyncSession, SyncTrigger } from '../../preload/contract/catalog.ts';
import { AppError, isCancellation, type Logger } from '../core/index.ts';
import { monotonicNow } from './clock.ts';
import { canonicalJson, fingerprintOf, rowFromItem, type CatalogItem, type DatasetRow } from './item.ts';
import type { RemoteCatalogSource } from './remote-source.ts';
import type { SyncFailure, SyncTotals } from './sessions.ts';
import type { ProfileCatalog } from './store.ts';

/** What a run needs. */
export interface SyncRunOptions {
  catalog: ProfileCatalog;
  source: RemoteCatalogSource;
  trigger: SyncTrigger;
  /** The username the run lists as (recorded in the session). */
  account: string | null;
  signal: AbortSignal;
  logger: Logger;
  /** Items asked for per page. */
  pageSize: number;
  /** Called once the session row exists, then after every page. */
  onProgress?(session: SyncSession): void;
  /** Called after each page the data store answered (it is reachable). */
  onReachable?(): void;
}

/** How often (at most) a running session's row is updated with progress; events carry every page. */
const progressWriteMs = 2_000;

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** Turns what a run threw into the failure recorded on its session. */
export function failureFrom(error: unknown): SyncFailure {
  if (error instanceof AppError) {
    const details = error.details === undefined ? null : JSON.stringify(error.details).slice(0, 4000);
    return { code: error.code, message: error.message, details };
  }
  if (isCancellation(error)) return { code: 'cancelled', message: 'The sync was cancelled.', details: null };
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  const text = error instanceof Error ? error.message : String(error);
  if (cause?.code && networkCodes.has(cause.code)) {
    return {
      code: 'network',
      message:
        'The data store could not be reached. The catalog still shows what it held; Datadesk will try again.',
      details: `${cause.code}: ${text}`,
    };
  }
  return {
    code: 'server',
    message: 'The sync failed inside Datadesk. The catalog was left as it was; try "Sync now" again.',
    details: text,
  };
}

/** Stages the items of one page that are new or changed (an unchanged item costs no write) and counts them. */
function stagePage(
  catalog: ProfileCatalog,
  sessionId: number,
  items: readonly CatalogItem[],
  fetchedAt: number,
  seen: Set<string>,
  totals: SyncTotals,
): void {
  const fresh = items.filter((item) => !seen.has(item.id));
  for (const item of fresh) seen.add(item.id);
  const stored = catalog.storedVersions(fresh.map((item) => item.id));
  const changed: DatasetRow[] = [];
  for (const item of fresh) {
    const fingerprint = fingerprintOf(item);
    const local = stored.get(item.id);
    if (!local) totals.added++;
    else if (local.hash !== fingerprint.hash || local.updatedTimestamp !== item.updated_timestamp)
      totals.updated++;
    else continue;
    changed.push(rowFromItem(item, fingerprint));
  }
  totals.rowsWritten += catalog.stage(sessionId, changed, fetchedAt);
  totals.seen = seen.size;
}

/** Runs one sync pass to the end and returns its finished session (never throws for a remote failure). */
export async function runSync(options: SyncRunOptions): Promise<SyncSession> {
  const { catalog, source, signal } = options;
  const logger = options.logger.child({ profileId: catalog.profileId });
  let session = catalog.sessions.start(options.trigger, options.account);
  const totals: SyncTotals = { pages: 0, seen: 0, added: 0, updated: 0, removed: 0, rowsWritten: 0 };
  const report = () => {
    session = { ...session, ...totals };
    options.onProgress?.(session);
  };
  report();
  logger.info('catalog.sync_started', { sessionId: session.id, trigger: options.trigger });
  const seen = new Set<string>();
  const keysSeen = new Set<string>();
  let lastWrite = Date.now();
  try {
    // A switch of account queued before this run wipes the catalog first, never in the middle of the pass.
    await catalog.idle();
    // One page ahead: the next request is on its way while this page is hashed and staged.
    const prefetch = new AbortController();
    const pageSignal = AbortSignal.any([signal, prefetch.signal]);
    const request = (paginationKey: unknown) => {
      const pending = source.listPage({ paginationKey, pageSize: options.pageSize }, pageSignal);
      pending.catch(() => undefined);
      return pending;
    };
    try {
      let pending = request(null);
      for (;;) {
        const page = await pending;
        signal.throwIfAborted();
        options.onReachable?.();
        const fetchedAt = monotonicNow();
        const next = page.paginationKey ?? null;
        if (next !== null) {
          const key = canonicalJson(next);
          if (keysSeen.has(key)) {
            throw new AppError(
              'server',
              'The data store sent the same page twice, so the list could not be read to the end. Try again later.',
              { pages: totals.pages + 1 },
            );
          }
          keysSeen.add(key);
          pending = request(next);
        }
        totals.pages++;
        stagePage(catalog, session.id, page.items, fetchedAt, seen, totals);
        if (fetchedAt - lastWrite >= progressWriteMs) {
          catalog.sessions.progress(session.id, totals, fetchedAt);
          lastWrite = fetchedAt;
        }
        report();
        if (next === null) break;
      }
    } finally {
      prefetch.abort();
    }
    signal.throwIfAborted();
    await catalog.applyPass(session.id, seen, session.startedAt, signal, (applied) => {
      totals.removed = applied.removed;
      totals.rowsWritten += applied.upserted + applied.removed;
      catalog.sessions.finish(session.id, 'succeeded', totals);
    });
    catalog.sessions.prune();
  } catch (error) {
    catalog.discardStaging();
    const failure = signal.aborted ? failureFrom(signal.reason ?? error) : failureFrom(error);
    const status = failure.code === 'cancelled' ? 'cancelled' : 'failed';
    catalog.sessions.finish(session.id, status, totals, failure);
    logger[status === 'cancelled' || failure.code === 'network' ? 'info' : 'warn']('catalog.sync_failed', {
      sessionId: session.id,
      status,
      code: failure.code,
      pages: totals.pages,
      error,
    });
  }
  const finished = catalog.sessions.get(session.id)!;
  if (finished.status === 'succeeded') {
    logger.info('catalog.sync_finished', {
      ...totals,
      sessionId: session.id,
      ms: finished.finishedAt! - session.startedAt,
    });
  }
  options.onProgress?.(finished);
  return finished;
}
