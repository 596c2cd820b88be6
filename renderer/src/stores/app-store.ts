import { create } from 'zustand';
import type { AppInfo, DataStoreHealth } from '../../../preload/contract';
import { call, onConnectionChange, subscribe } from '../bridge/client';
import { useCatalogStatusStore } from './catalog-status-store';
import { hashForRoute, routeFromHash, type Route, type Section } from './routes';

export {
  datasetTabs,
  hashForRoute,
  routeFromHash,
  sections,
  type DatasetTab,
  type Route,
  type Section,
} from './routes';

export type ThemePreference = 'system' | 'light' | 'dark';

interface AppState {
  route: Route;
  /** Where the user was before the current route (Cancel on a form goes back there). */
  previous: Route | null;
  /** Shorthand for `route.section`. */
  section: Section;
  info: AppInfo | null;
  health: DataStoreHealth | null;
  /** False while the web transport has lost its host. */
  connected: boolean;
  /** True when the host answers but refuses this page's session (it was restarted with a new token). */
  sessionEnded: boolean;
  theme: ThemePreference;
  navigate(section: Section): void;
  go(route: Route): void;
  setTheme(theme: ThemePreference): void;
  refreshHealth(): Promise<void>;
}

const storedTheme = (): ThemePreference => {
  const value = localStorage.getItem('datadesk.theme');
  return value === 'light' || value === 'dark' ? value : 'system';
};

/** The last route visited in each section, so coming back to Datasets reopens the dataset that was open. */
const lastRoutes: Partial<Record<Section, Route>> = {};

const initialRoute = routeFromHash(location.hash);

/** App-wide state: where the user is, what host and data store they are on, the theme. */
export const useAppStore = create<AppState>((set, get) => ({
  route: initialRoute,
  previous: null,
  section: initialRoute.section,
  info: null,
  health: null,
  connected: true,
  sessionEnded: false,
  theme: storedTheme(),
  navigate(section) {
    if (section === get().section) return;
    get().go(lastRoutes[section] ?? { section });
  },
  go(route) {
    lastRoutes[route.section] = route;
    const hash = hashForRoute(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    set({ route, previous: get().route, section: route.section });
  },
  setTheme(theme) {
    localStorage.setItem('datadesk.theme', theme);
    set({ theme });
  },
  async refreshHealth() {
    try {
      set({ health: await call('datastore.health', {}) });
    } catch {
      // The status bar shows the last known state; the bridge's connection flag covers a lost host.
    }
  },
}));

/** Loads what the frame shows and keeps it current; returns a cleanup. */
export function startAppStore(): () => void {
  const { refreshHealth } = useAppStore.getState();
  void call('app.info', {}).then((info) => useAppStore.setState({ info }));
  void refreshHealth();
  const timer = setInterval(() => void refreshHealth(), 30_000);
  const onHash = () => {
    const route = routeFromHash(location.hash);
    lastRoutes[route.section] = route;
    useAppStore.setState({ route, section: route.section });
  };
  window.addEventListener('popstate', onHash);
  window.addEventListener('hashchange', onHash);
  // Going offline or coming back (found by a sync or an action) refreshes the health the status bar shows.
  let offline = (useCatalogStatusStore.getState().status?.offlineSince ?? null) !== null;
  const unsubscribers = [
    useCatalogStatusStore.subscribe((state) => {
      const now = (state.status?.offlineSince ?? null) !== null;
      if (now !== offline) void refreshHealth();
      offline = now;
    }),
    subscribe('datastore.health', (health) => useAppStore.setState({ health })),
    onConnectionChange((connected, refused) => {
      useAppStore.setState({ connected, sessionEnded: !connected && refused });
      if (connected) void refreshHealth();
    }),
  ];
  return () => {
    clearInterval(timer);
    window.removeEventListener('popstate', onHash);
    window.removeEventListener('hashchange', onHash);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
