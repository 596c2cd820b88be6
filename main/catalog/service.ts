/**
 * The catalog capability: one catalog file per profile, syncs (one per profile at a time) on a schedule and on
 * demand, write-through from the app's own actions, the offline state, and the status the UI shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CatalogSettings,
  CatalogStatus,
  SyncSession,
  SyncTrigger,
} from '../../preload/contract/catalog.ts';
import { AppError, DisposableStore, Emitter, type Disposable, type Logger } from '../core/index.ts';
import { Connectivity } from './connectivity.ts';
import type { FetchedDataset } from './item.ts';
import type { CatalogContext, CatalogTarget } from './context.ts';
import { defaultTiming, SyncScheduler, type SchedulerTiming } from './scheduler.ts';
import { readSettingsSync, writeSettingsSync } from './settings.ts';
import { describeStatus, noDataStoreStatus } from './status.ts';
import { deleteCatalogFilesSync, pruneCatalogFilesSync } from './files.ts';
import { catalogFileName, ProfileCatalog } from './store.ts';
import { failureFrom, runSync } from './sync.ts';

/** How the catalog service is built. */
export interface CatalogServiceOptions {
  /** Folder for the catalog files and settings (`<dataDir>/catalog`). */
  directory: string;
  context: CatalogContext;
  logger: Logger;
  /** Datasets asked for per remote page. */
  pageSize?: number;
  /** False to sync only on demand (CLI, some tests). */
  schedule?: boolean;
  timing?: Partial<SchedulerTiming>;
}

interface RunningSync {
  controller: AbortController;
  session: SyncSession;
  done: Promise<SyncSession>;
}

/** What starting a sync did. */
export interface StartedSync {
  session: SyncSession;
  alreadyRunning: boolean;
  /** Resolves with the finished session. */
  done: Promise<SyncSession>;
}

/** Local catalogs of every profile, kept in step with their data stores. */
export class CatalogService implements Disposable {
  /** Fires with the status of a profile whenever it changes (progress included). */
  readonly onDidChangeStatus = new Emitter<CatalogStatus>();
  /** Fires when a data store goes offline or answers again. */
  readonly onDidChangeReachability: Emitter<{ profileId: string; reachable: boolean }>;
  private readonly options: CatalogServiceOptions;
  private readonly logger: Logger;
  private readonly catalogs = new Map<string, ProfileCatalog>();
  private readonly runs = new Map<string, RunningSync>();
  private readonly connectivity = new Connectivity();
  private readonly counts = new Map<string, { revision: number; count: number }>();
  private readonly scheduler: SyncScheduler;
  private readonly disposables = new DisposableStore();
  private target: CatalogTarget | null = null;
  private currentSettings: CatalogSettings;
  private disposed = false;

  constructor(options: CatalogServiceOptions) {
    this.options = options;
    this.logger = options.logger.child({ component: 'catalog' });
    this.onDidChangeReachability = this.connectivity.onDidChange;
    mkdirSync(options.directory, { recursive: true });
    this.currentSettings = readSettingsSync(options.directory);
    this.scheduler = new SyncScheduler(
      (trigger) => this.startScheduled(trigger),
      { ...defaultTiming, ...options.timing },
      this.currentSettings.intervalMinutes,
    );
    this.disposables.add(options.context.onDidChange(() => this.retarget()));
    this.disposables.add(
      this.connectivity.onDidChange.on(({ profileId, reachable }) => {
        this.logger.info(reachable ? 'catalog.online' : 'catalog.offline', { profileId });
        // Back online (a health check or an action got through): catch up now rather than after the backoff.
        if (reachable && this.target?.profileId === profileId && !this.runs.has(profileId)) {
          this.scheduler.reachableAgain();
        }
        this.emitStatus(profileId);
      }),
    );
    this.retarget();
  }

  /** The catalog of one profile, opened on first use. */
  catalog(profileId: string): ProfileCatalog {
    let catalog = this.catalogs.get(profileId);
    if (!catalog) {
      if (this.disposed) throw new AppError('cancelled', 'Datadesk is closing.');
      catalog = new ProfileCatalog(profileId, join(this.options.directory, catalogFileName(profileId)));
      this.catalogs.set(profileId, catalog);
      catalog.onDidChange.on(() => this.emitStatus(profileId));
    }
    return catalog;
  }

  /** The data store in use, or null. */
  get current(): CatalogTarget | null {
    return this.target;
  }

  /** Starts a sync of the data store in use, or reports the one already running. */
  startSync(trigger: SyncTrigger): StartedSync {
    const target = this.target;
    if (!target) throw new AppError('invalid', 'Choose a data store first; there is nothing to sync.');
    if (!target.source) {
      throw new AppError(
        'auth',
        target.unavailableReason ?? 'Sign in to this data store to sync its datasets.',
      );
    }
    const existing = this.runs.get(target.profileId);
    if (existing) return { session: existing.session, alreadyRunning: true, done: existing.done };
    const catalog = this.catalog(target.profileId);
    if (catalog.sessions.runningElsewhere()) {
      throw new AppError(
        'conflict',
        'Another Datadesk window or command is syncing this data store right now. Wait for it to finish.',
      );
    }
    this.scheduler.runStarted();
    const controller = new AbortController();
    const run = { controller } as RunningSync;
    run.done = runSync({
      catalog,
      source: target.source,
      trigger,
      account: target.username,
      signal: controller.signal,
      logger: this.logger,
      pageSize: this.options.pageSize ?? 200,
      onProgress: (session) => {
        run.session = session;
        this.emitStatus(target.profileId);
      },
      onReachable: () => this.reportReachability(target.profileId, true),
    }).then(
      (session) => this.runEnded(target.profileId, session),
      (error: unknown): SyncSession => {
        // Only local trouble gets here (the catalog file could not be written); remote failures end as sessions.
        this.logger.error('catalog.sync_crashed', { profileId: target.profileId, error });
        const failure = failureFrom(error);
        return this.runEnded(target.profileId, {
          ...run.session,
          status: 'failed',
          finishedAt: Date.now(),
          error: failure,
        });
      },
    );
    if (!run.session) {
      run.done.catch(() => undefined);
      throw new AppError(
        'server',
        'The local catalog could not start a sync. Restart Datadesk; if it persists, report it.',
      );
    }
    this.runs.set(target.profileId, run);
    this.emitStatus(target.profileId);
    return { session: run.session, alreadyRunning: false, done: run.done };
  }

  /** Runs a sync to the end (or joins the running one) and returns its finished session. */
  async sync(trigger: SyncTrigger = 'manual'): Promise<SyncSession> {
    return this.startSync(trigger).done;
  }

  /** Cancels the running sync of the data store in use; the catalog stays as it was. */
  cancelSync(): boolean {
    const run = this.target ? this.runs.get(this.target.profileId) : undefined;
    run?.controller.abort(new AppError('cancelled', 'The sync was cancelled.'));
    return run !== undefined;
  }

  /**
   * Write-through: records the server's answers after mint, update, revert, version and release actions so the
   * catalog shows them at once. Pass every item the action changed (a new version changes the old one too).
   */
  async recordFetched(profileId: string, answers: FetchedDataset | readonly FetchedDataset[]): Promise<void> {
    this.reportReachability(profileId, true);
    await this.catalog(profileId).writeThrough(
      Array.isArray(answers) ? answers : [answers as FetchedDataset],
    );
  }

  /** Forgets datasets the data store no longer shows this user (e.g. a fetch answered "unknown id"). */
  async forget(profileId: string, ids: readonly string[]): Promise<void> {
    await this.catalog(profileId).remove(ids);
  }

  /** Asks for a sync soon after a local change whose side effects a write-through cannot know. */
  syncSoon(profileId: string): void {
    if (this.target?.profileId === profileId) this.scheduler.afterChange();
  }

  /** Since when the data store has been unreachable (ms), or null when it is reachable. */
  offlineSince(profileId = this.target?.profileId): number | null {
    return this.connectivity.offlineSince(profileId);
  }

  /** Records that a data store answered (or could not be reached); other services call this too. */
  reportReachability(profileId: string, reachable: boolean): void {
    this.connectivity.report(profileId, reachable);
  }

  /** Throws a `network` error up front when an action needs a data store known to be unreachable. */
  assertOnline(profileId = this.target?.profileId, action = 'This'): void {
    this.connectivity.assertOnline(profileId, action);
  }

  /** The `network` error for an action while the data store is unreachable (since when, and what still works). */
  offlineError(profileId: string, action: string, cause?: unknown): AppError {
    return this.connectivity.offlineError(profileId, action, cause);
  }

  /**
   * Deletes a removed profile's catalog: stops its sync, closes its file and removes it from disk (with its
   * WAL and shared-memory files), so nothing of that data store stays behind.
   */
  async removeProfile(profileId: string): Promise<void> {
    const run = this.runs.get(profileId);
    if (run) {
      run.controller.abort(new AppError('cancelled', 'The data store was removed.'));
      await run.done.catch(() => undefined);
    }
    this.catalogs.get(profileId)?.close();
    this.catalogs.delete(profileId);
    this.counts.delete(profileId);
    this.connectivity.forget(profileId);
    deleteCatalogFilesSync(join(this.options.directory, catalogFileName(profileId)));
    this.logger.info('catalog.profile_removed', { profileId });
  }

  /** Deletes catalog files of profiles that no longer exist (removed while this app was not running). */
  pruneProfiles(knownProfileIds: readonly string[]): string[] {
    const removed = pruneCatalogFilesSync(this.options.directory, knownProfileIds);
    if (removed.length) this.logger.info('catalog.orphans_removed', { files: removed });
    return removed;
  }

  /** The status of the data store in use (or of `profileId`). */
  status(profileId = this.target?.profileId ?? null): CatalogStatus {
    if (profileId === null) return noDataStoreStatus;
    const target = this.target?.profileId === profileId ? this.target : null;
    const catalog = this.catalog(profileId);
    return describeStatus({
      profileId,
      target,
      catalog,
      running: this.runs.get(profileId)?.session ?? null,
      offlineSince: this.connectivity.offlineSince(profileId),
      nextSyncAt: target ? this.scheduler.nextAt : null,
      consecutiveFailures: target ? this.scheduler.consecutiveFailures : 0,
      datasetCount: this.datasetCount(catalog),
    });
  }

  /** The catalog settings. */
  get settings(): CatalogSettings {
    return { ...this.currentSettings };
  }

  /** Saves new settings and reschedules. */
  updateSettings(settings: CatalogSettings): CatalogSettings {
    writeSettingsSync(this.options.directory, settings);
    this.currentSettings = { ...settings };
    this.scheduler.setIntervalMinutes(settings.intervalMinutes);
    if (this.target) this.emitStatus(this.target.profileId);
    return this.settings;
  }

  /** Stops every run and timer and closes the catalog files. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduler.deactivate();
    await this.disposables.dispose();
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort(new AppError('cancelled', 'Datadesk is closing.'));
    await Promise.allSettled(runs.map((run) => run.done));
    for (const catalog of this.catalogs.values()) catalog.close();
    this.catalogs.clear();
  }

  private retarget(): void {
    const previous = this.target;
    const next = this.options.context.current();
    this.target = next;
    if (previous && previous.profileId !== next?.profileId) {
      this.runs
        .get(previous.profileId)
        ?.controller.abort(new AppError('cancelled', 'Another data store was chosen.'));
    }
    if (next?.username) {
      // The previous user's run (if any) was cancelled above or by the account check below; the wipe waits for it.
      if (previous?.profileId === next.profileId && previous.username !== next.username) {
        this.runs.get(next.profileId)?.controller.abort(new AppError('cancelled', 'Another user signed in.'));
      }
      this.catalog(next.profileId)
        .useAccount(next.username)
        .catch((error: unknown) => this.logger.error('catalog.account_switch_failed', { error }));
    }
    const same =
      previous?.profileId === next?.profileId &&
      previous?.username === next?.username &&
      (previous?.source != null) === (next?.source != null);
    if (!same) {
      if (next?.source && this.options.schedule !== false) this.scheduler.activate();
      else this.scheduler.deactivate();
    }
    this.emitStatus(next?.profileId ?? null);
  }

  private startScheduled(trigger: SyncTrigger): void {
    try {
      this.startSync(trigger);
    } catch (error) {
      this.logger.info('catalog.sync_skipped', { trigger, error });
      this.scheduler.runSkipped();
    }
  }

  private runEnded(profileId: string, session: SyncSession): SyncSession {
    this.runs.delete(profileId);
    if (session.error?.code === 'network') this.reportReachability(profileId, false);
    if (this.target?.profileId === profileId) this.scheduler.runFinished(session);
    if (!this.disposed) this.emitStatus(profileId);
    return session;
  }

  private datasetCount(catalog: ProfileCatalog): number {
    const cached = this.counts.get(catalog.profileId);
    if (cached?.revision === catalog.revision) return cached.count;
    const count = catalog.queries.count();
    this.counts.set(catalog.profileId, { revision: catalog.revision, count });
    return count;
  }

  private emitStatus(profileId: string | null): void {
    if (this.disposed || this.onDidChangeStatus.listenerCount === 0) return;
    this.onDidChangeStatus.fire(this.status(profileId));
  }
}
