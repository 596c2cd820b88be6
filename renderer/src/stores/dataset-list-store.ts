/** What the Datasets list shows: the search text, the sort and the filters (kept while moving around the app). */
import { create } from 'zustand';
import type { ReleaseStatus } from '../ui/badges';
import type { DatasetQuery } from '../screens/datasets/dataset-window';

/** The list's sort choices, as the sort menu names them. */
export const sortChoices = {
  'updated-desc': { label: 'Recently updated', sort: 'updated', direction: 'desc' },
  'updated-asc': { label: 'Least recently updated', sort: 'updated', direction: 'asc' },
  'created-desc': { label: 'Newest first', sort: 'created', direction: 'desc' },
  'created-asc': { label: 'Oldest first', sort: 'created', direction: 'asc' },
  'name-asc': { label: 'Name A–Z', sort: 'name', direction: 'asc' },
  'name-desc': { label: 'Name Z–A', sort: 'name', direction: 'desc' },
  relevance: { label: 'Best match', sort: 'relevance', direction: 'desc' },
} as const;
export type SortChoice = keyof typeof sortChoices;

/** Whose datasets the list shows. */
export type OwnerFilter = 'all' | 'mine' | 'review';

interface DatasetListState {
  search: string;
  sort: SortChoice;
  owner: OwnerFilter;
  status: ReleaseStatus | 'any';
  latestOnly: boolean;
  setSearch(search: string): void;
  setSort(sort: SortChoice): void;
  setOwner(owner: OwnerFilter): void;
  setStatus(status: ReleaseStatus | 'any'): void;
  setLatestOnly(latestOnly: boolean): void;
  clearFilters(): void;
}

/** The Datasets list's search, sort and filters. */
export const useDatasetListStore = create<DatasetListState>((set) => ({
  search: '',
  sort: 'updated-desc',
  owner: 'all',
  status: 'any',
  latestOnly: false,
  setSearch: (search) => set({ search }),
  setSort: (sort) => set({ sort }),
  setOwner: (owner) => set({ owner }),
  setStatus: (status) => set({ status }),
  setLatestOnly: (latestOnly) => set({ latestOnly }),
  clearFilters: () => set({ search: '', owner: 'all', status: 'any', latestOnly: false }),
}));

/** The catalog query for the list's current state (relevance only while searching). */
export function queryFromList(
  state: Pick<DatasetListState, 'search' | 'sort' | 'owner' | 'status' | 'latestOnly'>,
): DatasetQuery {
  const search = state.search.trim();
  const choice = sortChoices[state.sort === 'relevance' && !search ? 'updated-desc' : state.sort];
  return {
    sort: choice.sort,
    direction: choice.direction,
    ...(search ? { search } : {}),
    ...(state.owner === 'mine' ? { mine: true } : {}),
    ...(state.owner === 'review' ? { awaitingMyReview: true } : {}),
    ...(state.status !== 'any' ? { releaseStatus: [state.status] } : {}),
    ...(state.latestOnly ? { latestVersionsOnly: true } : {}),
  };
}

/** True when any filter or search narrows the list. */
export function isFiltered(
  state: Pick<DatasetListState, 'search' | 'owner' | 'status' | 'latestOnly'>,
): boolean {
  return state.search.trim() !== '' || state.owner !== 'all' || state.status !== 'any' || state.latestOnly;
}
