/**
 * A window onto one catalog query for a virtual list: pages are read by offset as rows scroll into view,
 * kept while the query stands, re-read when the catalog changes, and dropped far from view so 100,000 rows
 * cost only the pages near the viewport.
 */
import type { CallInput } from '../../../../preload/contract';
import type { DatasetSummary } from '../../../../preload/contract/catalog';
import { call } from '../../bridge/client';
import { isCancelled } from '../../ui/errors';

/** The catalog query a list shows. */
export type DatasetQuery = Omit<CallInput<'catalog.datasets'>, 'offset' | 'limit'>;

const pageSize = 100;
/** Pages further than this from the visible range are forgotten. */
const keepPages = 6;
/** Rows read ahead of the visible range on both sides, so a fling rarely shows placeholders. */
const readAhead = 150;
/** Page requests in flight at once. */
const maxInFlight = 2;

/** What the list renders from. */
export interface WindowSnapshot {
  /** Matching datasets in all; null until the first page arrives. */
  total: number | null;
  error: unknown;
  /** The search text of the rows shown (they lag the typed text until its first page arrives). */
  search: string;
  /** Bumped whenever rows change, so React re-renders. */
  version: number;
}

/** A paged, cached view of one query. */
export class DatasetWindow {
  private query: DatasetQuery | null = null;
  private queryKey = '';
  private generation = 0;
  private pages = new Map<number, DatasetSummary[]>();
  private loading = new Map<number, AbortController>();
  private listeners = new Set<() => void>();
  private visible: [number, number] = [0, 0];
  snapshot: WindowSnapshot = { total: null, error: null, search: '', version: 0 };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WindowSnapshot => this.snapshot;

  private emit(change: Partial<WindowSnapshot>) {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  /** Shows a new query. The old rows stay on screen until the new first page arrives (no flash while typing). */
  setQuery(query: DatasetQuery): void {
    const key = JSON.stringify(query);
    if (key === this.queryKey) return;
    this.queryKey = key;
    this.query = query;
    this.generation++;
    for (const controller of this.loading.values()) controller.abort();
    this.loading.clear();
    void this.load(0, true);
  }

  /** Re-reads the loaded pages (the catalog changed). */
  refresh(): void {
    if (!this.query) return;
    this.generation++;
    for (const controller of this.loading.values()) controller.abort();
    this.loading.clear();
    const pages = [...this.pages.keys()];
    if (!pages.includes(0)) pages.push(0);
    for (const page of pages) void this.load(page, page === 0);
  }

  /** The row at `index`, or undefined while its page loads. */
  row(index: number): DatasetSummary | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  /** The index of a dataset among the loaded rows, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const at = rows.findIndex((row) => row.id === id);
      if (at >= 0) return page * pageSize + at;
    }
    return -1;
  }

  /** Loads the pages covering rows `start`…`end` and forgets pages far from them. */
  ensureRange(start: number, end: number): void {
    this.visible = [start, end];
    const limit = Math.max(0, (this.snapshot.total ?? end + 1) - 1);
    const first = Math.floor(Math.max(0, start - readAhead) / pageSize);
    const last = Math.floor(Math.min(limit, Math.max(start, end) + readAhead) / pageSize);
    for (const page of this.pages.keys()) {
      if (page < first - keepPages || page > last + keepPages) this.pages.delete(page);
    }
    this.pump();
  }

  /**
   * Starts loading the wanted pages, nearest to the view first, with few requests in flight: main answers
   * catalog queries one after another, so requests for places already scrolled past must not queue up
   * in front of the ones now in view.
   */
  private pump(): void {
    if (!this.query) return;
    const [start, end] = this.visible;
    const limit = Math.max(0, (this.snapshot.total ?? end + 1) - 1);
    const first = Math.floor(Math.max(0, start - readAhead) / pageSize);
    const last = Math.floor(Math.min(limit, Math.max(start, end) + readAhead) / pageSize);
    const centre = (start + end) / 2 / pageSize;
    const wanted: number[] = [];
    for (let page = first; page <= last; page++)
      if (!this.pages.has(page) && !this.loading.has(page)) wanted.push(page);
    wanted.sort((a, b) => Math.abs(a + 0.5 - centre) - Math.abs(b + 0.5 - centre));
    for (const page of wanted) {
      if (this.loading.size >= maxInFlight) break;
      void this.load(page, false);
    }
  }

  private async load(page: number, replaceAll: boolean): Promise<void> {
    const query = this.query;
    if (!query) return;
    const generation = this.generation;
    const controller = new AbortController();
    this.loading.set(page, controller);
    try {
      const result = await call(
        'catalog.datasets',
        { ...query, offset: page * pageSize, limit: pageSize },
        controller.signal,
      );
      if (generation !== this.generation) return;
      if (replaceAll) {
        // A new query: drop every page of the old one, then ask for the ones now in view.
        this.pages = new Map([[page, result.items]]);
        this.loading.delete(page);
        this.emit({ total: result.total, error: null, search: query.search ?? '' });
        this.ensureRange(this.visible[0], Math.min(this.visible[1], Math.max(0, result.total - 1)));
        return;
      }
      this.pages.set(page, result.items);
      this.emit({ total: result.total, error: null });
    } catch (error) {
      if (generation === this.generation && !isCancelled(error)) this.emit({ error });
    } finally {
      if (this.loading.get(page) === controller) this.loading.delete(page);
      if (generation === this.generation) this.pump();
    }
  }
}
