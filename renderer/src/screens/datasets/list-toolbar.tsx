import { forwardRef, type KeyboardEvent } from 'react';
import { useDatasetListStore, type OwnerFilter } from '../../stores/dataset-list-store';
import { commandKeyLabel } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Segmented } from '../../ui/segmented';

const ownerChoices: Array<{ value: OwnerFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Mine' },
  { value: 'review', label: 'To review' },
];

/** Search, whose datasets, release status and sort, above the list. */
export const ListToolbar = forwardRef<
  HTMLInputElement,
  { onSearchKeyDown(event: KeyboardEvent): void; listShown: boolean }
>(function ListToolbar(props, searchRef) {
  const state = useDatasetListStore();
  const searching = state.search.trim() !== '';
  return (
    <div className="list-toolbar">
      <div className="search-box">
        <Icon name="search" />
        <input
          ref={searchRef}
          type="search"
          className="search-input"
          placeholder={`Search datasets (${commandKeyLabel}K)`}
          aria-label="Search datasets"
          aria-controls={props.listShown ? 'dataset-list' : undefined}
          value={state.search}
          onChange={(event) => {
            const next = event.target.value;
            state.setSearch(next);
            if (next.trim() && !searching && state.sort === 'updated-desc') state.setSort('relevance');
            if (!next.trim() && state.sort === 'relevance') state.setSort('updated-desc');
          }}
          onKeyDown={props.onSearchKeyDown}
        />
      </div>
      <div className="list-filters">
        <Segmented
          label="Whose datasets"
          value={state.owner}
          onChange={state.setOwner}
          options={ownerChoices}
        />
        <select
          className="input select compact"
          aria-label="Release status"
          value={state.status}
          onChange={(event) => state.setStatus(event.target.value as typeof state.status)}
        >
          <option value="any">Any status</option>
          <option value="NOT_RELEASED">Not released</option>
          <option value="PENDING">Pending review</option>
          <option value="RELEASED">Released</option>
        </select>
      </div>
    </div>
  );
});
