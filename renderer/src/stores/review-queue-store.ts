/** Release requests waiting for the user's decision (from the catalog), for Reviews and the sidebar badge. */
import { create } from 'zustand';
import type { DatasetSummary } from '../../../preload/contract/catalog';
import { call } from '../bridge/client';
import { useCatalogStatusStore } from './catalog-status-store';

interface ReviewQueueState {
  items: DatasetSummary[];
  total: number;
  loaded: boolean;
  error: unknown;
  refresh(): Promise<void>;
}

/** The review queue. */
export const useReviewQueueStore = create<ReviewQueueState>((set) => ({
  items: [],
  total: 0,
  loaded: false,
  error: null,
  async refresh() {
    try {
      const page = await call('catalog.datasets', {
        awaitingMyReview: true,
        sort: 'updated',
        direction: 'asc',
        limit: 200,
      });
      set({ items: page.items, total: page.total, loaded: true, error: null });
    } catch (error) {
      set({ error, loaded: true });
    }
  },
}));

/** Keeps the queue in step with the catalog; returns a cleanup. */
export function startReviewQueue(): () => void {
  void useReviewQueueStore.getState().refresh();
  let revision: number | undefined;
  return useCatalogStatusStore.subscribe((state) => {
    if (state.status && state.status.revision !== revision) {
      revision = state.status.revision;
      void useReviewQueueStore.getState().refresh();
    }
  });
}
