import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { OfflineBanner } from '../../app/offline-banner';
import { useAppStore } from '../../stores/app-store';
import { useCatalogStatusStore } from '../../stores/catalog-status-store';
import { isFiltered, queryFromList, useDatasetListStore } from '../../stores/dataset-list-store';
import { ErrorNotice } from '../../ui/error-notice';
import { commandKeyLabel, formatCount, plural, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useDebounced } from '../../ui/use-debounced';
import { DatasetRow, rowHeight } from './dataset-row';
import { DatasetWindow } from './dataset-window';
import { ListToolbar } from './list-toolbar';
import { SortSelect } from './sort-select';

/** The Datasets list: toolbar, counts, a virtual list over the catalog, keyboard navigation. */
export function DatasetList(props: { searchRef: RefObject<HTMLInputElement | null> }) {
  const listState = useDatasetListStore();
  // Typing asks the catalog once the typist pauses (each catalog query blocks the next one in main), except
  // that clearing the search shows everything at once.
  const search = useDebounced(listState.search, 90, '');
  const { sort, owner, status: releaseStatus, latestOnly } = listState;
  const query = useMemo(
    () => queryFromList({ search, sort, owner, status: releaseStatus, latestOnly }),
    [search, sort, owner, releaseStatus, latestOnly],
  );
  const status = useCatalogStatusStore((state) => state.status);
  const route = useAppStore((state) => state.route);
  const go = useAppStore((state) => state.go);
  const [windowStore] = useState(() => new DatasetWindow());
  const snapshot = useSyncExternalStore(windowStore.subscribe, windowStore.getSnapshot);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = snapshot.total ?? 0;
  const [activeIndex, setActiveIndex] = useState(-1);

  useEffect(() => windowStore.setQuery(query), [windowStore, query]);
  const revision = status?.revision;
  useEffect(() => {
    if (revision !== undefined) windowStore.refresh();
  }, [windowStore, revision]);

  const virtualizer = useVirtualizer({
    count: snapshot.total === null ? 12 : total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (snapshot.total !== null) windowStore.ensureRange(firstVisible, lastVisible);
  }, [windowStore, firstVisible, lastVisible, snapshot.total, snapshot.version]);

  // A new query starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActiveIndex(-1);
  }, [query]);

  // Keep the keyboard position on the open dataset when it is among the loaded rows.
  const selectedId = route.dataset;
  useEffect(() => {
    if (!selectedId) return;
    const index = windowStore.indexOf(selectedId);
    if (index >= 0) setActiveIndex(index);
  }, [selectedId, windowStore, snapshot.version]);

  const open = useCallback(
    (index: number, id: string) => {
      setActiveIndex(index);
      const tab = route.dataset && route.tab && !route.form ? route.tab : 'overview';
      go({ section: 'datasets', dataset: id, tab });
    },
    [go, route.dataset, route.tab, route.form],
  );

  // Moving by keyboard opens the dataset once the user stops on it, so holding an arrow key stays smooth.
  const openTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(openTimer.current), []);
  const moveTo = (index: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    clearTimeout(openTimer.current);
    openTimer.current = setTimeout(() => {
      const row = windowStore.row(next);
      if (row) open(next, row.id);
    }, 150);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex <= 0 ? 0 : activeIndex - 1),
      PageDown: () => moveTo(activeIndex + page),
      PageUp: () => moveTo(activeIndex - page),
      Home: () => moveTo(0),
      End: () => moveTo(total - 1),
      Enter: () => {
        const row = windowStore.row(activeIndex);
        if (row) {
          clearTimeout(openTimer.current);
          open(activeIndex, row.id);
          // Enter moves into the dataset, as opening a folder does in a file manager.
          requestAnimationFrame(() =>
            document.querySelector<HTMLElement>('.detail [role="tab"][aria-selected="true"]')?.focus(),
          );
        }
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const onSearchKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      scrollRef.current?.focus();
      moveTo(activeIndex < 0 ? 0 : activeIndex);
    } else if (event.key === 'Escape' && listState.search) {
      event.preventDefault();
      listState.setSearch('');
    }
  };

  const filtered = isFiltered(listState);
  const catalogCount = status?.datasetCount ?? null;
  const countText =
    snapshot.total === null
      ? 'Loading…'
      : filtered && catalogCount !== null
        ? `${formatCount(total)} of ${plural(catalogCount, 'dataset')}`
        : plural(total, 'dataset');

  return (
    <div className="dataset-list-pane">
      <ListToolbar ref={props.searchRef} onSearchKeyDown={onSearchKeyDown} listShown={snapshot.total !== 0} />
      <div className="list-meta">
        <span aria-live="polite">
          <span data-testid="dataset-count" data-query={snapshot.search}>
            {countText}
          </span>
          <SyncLine />
        </span>
        <SortSelect />
      </div>
      <OfflineBanner />
      {snapshot.error !== null && (
        <div className="list-banner">
          <ErrorNotice
            error={snapshot.error}
            compact
            action={
              <button type="button" className="button small" onClick={() => windowStore.refresh()}>
                Try again
              </button>
            }
          />
        </div>
      )}
      {snapshot.total === 0 ? (
        <ListEmpty
          filtered={filtered}
          syncing={status?.state === 'syncing'}
          unavailable={status?.state === 'unavailable' ? (status.message ?? '') : null}
        />
      ) : (
        <div
          ref={scrollRef}
          id="dataset-list"
          className="dataset-list"
          role="listbox"
          aria-label="Datasets"
          aria-busy={snapshot.total === null || undefined}
          aria-activedescendant={
            activeIndex >= 0 && windowStore.row(activeIndex) ? `dataset-option-${activeIndex}` : undefined
          }
          tabIndex={0}
          onKeyDown={onKeyDown}
          onFocus={() => {
            if (activeIndex < 0 && total > 0) setActiveIndex(0);
          }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const dataset = snapshot.total === null ? undefined : windowStore.row(item.index);
              return (
                <div
                  key={item.key}
                  className={`virtual-row${item.index === activeIndex ? ' active' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                >
                  <DatasetRow
                    dataset={dataset}
                    index={item.index}
                    total={total}
                    selected={dataset !== undefined && dataset.id === selectedId}
                    onSelect={open}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}

/** Last sync time, or the running sync's progress. */
function SyncLine() {
  const status = useCatalogStatusStore((state) => state.status);
  if (!status) return null;
  if (status.state === 'syncing' && status.running) {
    return (
      <span className="sync-line">
        <span aria-hidden="true">·</span>
        <Icon name="sync" /> syncing {formatCount(status.running.seen)}
        {status.running.expected ? ` of ${formatCount(status.running.expected)}` : ''}
      </span>
    );
  }
  if (status.lastSyncedAt) {
    return (
      <span className="sync-line" title={`Last synced ${new Date(status.lastSyncedAt).toLocaleString()}`}>
        <span aria-hidden="true">·</span> synced {relativeTime(status.lastSyncedAt)}
      </span>
    );
  }
  return null;
}

function ListEmpty({
  filtered,
  syncing,
  unavailable,
}: {
  filtered: boolean;
  syncing: boolean;
  unavailable: string | null;
}) {
  const clear = useDatasetListStore((state) => state.clearFilters);
  const go = useAppStore((state) => state.go);
  const navigate = useAppStore((state) => state.navigate);
  if (unavailable !== null && !filtered) {
    return (
      <div className="list-empty" role="status">
        <strong>Datasets cannot be listed yet</strong>
        <span className="muted">{unavailable || 'This data store is not ready.'}</span>
        <button type="button" className="button small" onClick={() => navigate('settings')}>
          Open Settings → Data stores
        </button>
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="list-empty" role="status">
        <strong>No datasets match.</strong>
        <span className="muted">Try other words, or clear the search and filters.</span>
        <button type="button" className="button small" onClick={clear}>
          Clear search and filters
        </button>
      </div>
    );
  }
  if (syncing) {
    return (
      <div className="list-empty" role="status">
        <strong>Getting your datasets…</strong>
        <span className="muted">They appear here as the first sync finds them.</span>
      </div>
    );
  }
  return (
    <div className="list-empty" role="status">
      <strong>No datasets yet</strong>
      <span className="muted">Make a new dataset, or drop a folder here to start one with its files.</span>
      <button
        type="button"
        className="button primary small"
        onClick={() => go({ section: 'datasets', form: 'new' })}
      >
        <Icon name="plus" /> New dataset ({commandKeyLabel}N)
      </button>
    </div>
  );
}
