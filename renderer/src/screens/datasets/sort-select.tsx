import { sortChoices, useDatasetListStore, type SortChoice } from '../../stores/dataset-list-store';

/** The list's sort order, as a compact menu beside the count. */
export function SortSelect() {
  const sort = useDatasetListStore((state) => state.sort);
  const setSort = useDatasetListStore((state) => state.setSort);
  const searching = useDatasetListStore((state) => state.search.trim() !== '');
  return (
    <select
      className="plain-select"
      aria-label="Sort by"
      value={sort === 'relevance' && !searching ? 'updated-desc' : sort}
      onChange={(event) => setSort(event.target.value as SortChoice)}
    >
      {(Object.keys(sortChoices) as SortChoice[])
        .filter((choice) => choice !== 'relevance' || searching)
        .map((choice) => (
          <option key={choice} value={choice}>
            {sortChoices[choice].label}
          </option>
        ))}
    </select>
  );
}
