/**
 * The Files tab's tree: folders listed one level at a time when expanded, pages of 1,000 entries fetched as the
 * user scrolls, flattened into rows for a virtual list. Nothing is listed until it is looked at.
 */
import type { FolderListing } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { isCancelled } from '../../ui/errors';

/** One row of the flattened tree. */
export type TreeRow =
  | { kind: 'folder'; path: string; name: string; depth: number; expanded: boolean }
  | { kind: 'file'; path: string; name: string; depth: number; size: number; modified: number | null }
  | { kind: 'more'; path: string; depth: number }
  | { kind: 'loading'; path: string; depth: number }
  | { kind: 'error'; path: string; depth: number; error: unknown }
  | { kind: 'empty'; path: string; depth: number };

interface FolderState {
  folders: FolderListing['folders'];
  files: FolderListing['files'];
  nextPage: string | null;
  loaded: boolean;
  loading: boolean;
  error: unknown;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** In the order people expect: quadrat-2 before quadrat-10, case ignored. */
function naturally<T extends { name: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => collator.compare(a.name, b.name));
}

/** The tree of one dataset's storage. */
export class FileTree {
  private readonly datasetId: string;
  private folders = new Map<string, FolderState>();
  private expanded = new Set<string>(['']);
  private listeners = new Set<() => void>();
  private controller = new AbortController();
  private rowsCache: TreeRow[] | null = null;
  version = 0;

  constructor(datasetId: string) {
    this.datasetId = datasetId;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getVersion = () => this.version;

  private changed() {
    this.rowsCache = null;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Stops any listing in flight (the tab closed). */
  dispose(): void {
    this.controller.abort();
  }

  /** Lists the root (or re-lists everything expanded, after an upload). */
  refresh(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.folders = new Map();
    this.changed();
    for (const path of this.expanded) void this.loadPage(path);
  }

  /** True once the root's first page arrived. */
  get rootLoaded(): boolean {
    return this.folders.get('')?.loaded ?? false;
  }

  /** The root's first-page error, if any. */
  get rootError(): unknown {
    return this.folders.get('')?.error ?? null;
  }

  isExpanded(path: string): boolean {
    return this.expanded.has(path);
  }

  toggle(path: string, open = !this.expanded.has(path)): void {
    if (open === this.expanded.has(path)) return;
    if (open) {
      this.expanded.add(path);
      if (!this.folders.get(path)?.loaded) void this.loadPage(path);
    } else {
      for (const other of [...this.expanded]) if (other.startsWith(path)) this.expanded.delete(other);
    }
    this.changed();
  }

  /** Loads the next page of a folder (when its "more" row scrolls into view). */
  loadMore(path: string): void {
    const state = this.folders.get(path);
    if (state && state.nextPage && !state.loading) void this.loadPage(path, state.nextPage);
  }

  private async loadPage(path: string, page: string | null = null): Promise<void> {
    const state: FolderState = this.folders.get(path) ?? {
      folders: [],
      files: [],
      nextPage: null,
      loaded: false,
      loading: false,
      error: null,
    };
    if (state.loading) return;
    state.loading = true;
    state.error = null;
    this.folders.set(path, state);
    this.changed();
    const signal = this.controller.signal;
    try {
      const listing = await call('files.list', { datasetId: this.datasetId, path, page }, signal);
      state.folders = naturally(page ? [...state.folders, ...listing.folders] : listing.folders);
      state.files = naturally(page ? [...state.files, ...listing.files] : listing.files);
      state.nextPage = listing.nextPage;
      state.loaded = true;
    } catch (error) {
      if (isCancelled(error) || signal.aborted) return;
      state.error = error;
    } finally {
      state.loading = false;
      if (!signal.aborted) this.changed();
    }
  }

  /** The rows to show, depth first, folders before files. */
  rows(): TreeRow[] {
    if (this.rowsCache) return this.rowsCache;
    const rows: TreeRow[] = [];
    const walk = (path: string, depth: number) => {
      const state = this.folders.get(path);
      if (!state || (!state.loaded && state.loading)) {
        rows.push({ kind: 'loading', path, depth });
        return;
      }
      if (state.error && !state.loaded) {
        rows.push({ kind: 'error', path, depth, error: state.error });
        return;
      }
      if (depth > 0 && state.folders.length === 0 && state.files.length === 0)
        rows.push({ kind: 'empty', path, depth });
      for (const folder of state.folders) {
        const expanded = this.expanded.has(folder.path);
        rows.push({ kind: 'folder', path: folder.path, name: folder.name, depth, expanded });
        if (expanded) walk(folder.path, depth + 1);
      }
      for (const file of state.files) {
        rows.push({
          kind: 'file',
          path: file.path,
          name: file.name,
          depth,
          size: file.size,
          modified: file.modified,
        });
      }
      if (state.nextPage)
        rows.push(state.loading ? { kind: 'loading', path, depth } : { kind: 'more', path, depth });
      if (state.error && state.loaded) rows.push({ kind: 'error', path, depth, error: state.error });
    };
    walk('', 0);
    this.rowsCache = rows;
    return rows;
  }

  /** How many entries the root holds so far (for the empty state). */
  rootCount(): number {
    const root = this.folders.get('');
    return root ? root.folders.length + root.files.length : 0;
  }
}
