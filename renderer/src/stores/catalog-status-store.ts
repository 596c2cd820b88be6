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

/** Since when the data store in use has been unreachable (ms), or null while it answers. */
export function useOfflineSince(): number | null {
  // A sync attempt while offline shows as "syncing"; the data store is still offline until it answers.
  return useCatalogStatusStore((state) => state.status?.offlineSince ?? null);
}

/** A time of day as the offline words show it ("14:02"). */
export function clockTime(timestamp: number): string {
  return new Date(timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Why an action that needs the data store is unavailable while it is unreachable (the words main uses too). */
export function offlineReason(since: number, lead = 'This needs'): string {
  return `${lead} the data store, which has been unreachable since ${clockTime(since)}. Browsing and search work from the saved catalog; try again when the connection is back.`;
}
