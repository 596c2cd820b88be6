/** The catalog's sync status for the data store in use (live from `catalog.status` events). */
import { create } from 'zustand';
import type { CatalogStatus } from '../../../preload/contract/catalog';
import { call, onConnectionChange, subscribe } from '../bridge/client';

interface CatalogStatusState {
  status: CatalogStatus | null;
  refresh(): Promise<void>;
}

/** The latest catalog status. */
export const useCatalogStatusStore = create<CatalogStatusState>((set) => ({
  status: null,
  async refresh() {
    try {
      set({ status: await call('catalog.status', {}) });
    } catch {
      // Keep the last known status; the status bar shows a lost host separately.
    }
  },
}));

/** Keeps the status current; returns a cleanup. */
export function startCatalogStatus(): () => void {
  const store = useCatalogStatusStore;
  void store.getState().refresh();
  const unsubscribers = [
    subscribe('catalog.status', (status) => store.setState({ status })),
    onConnectionChange((connected) => {
      if (connected) void store.getState().refresh();
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
