import { create } from 'zustand';
import type { AppInfo, DataStoreHealth } from '../../../preload/contract';
import { call, onConnectionChange, subscribe } from '../bridge/client';

/** The app's sections, in sidebar order. */
export const sections = ['datasets', 'reviews', 'transfers', 'settings'] as const;
export type Section = (typeof sections)[number];

/** The tabs of an open dataset. */
export const datasetTabs = ['overview', 'files', 'history', 'versions', 'release'] as const;
export type DatasetTab = (typeof datasetTabs)[number];

/** Where the user is: a section, and in Datasets the open dataset and its tab, or a metadata form. */
export interface Route {
  section: Section;
  /** The open dataset's handle. */
  dataset?: string;
  tab?: DatasetTab;
  /** The new-dataset form, or the edit form of the open dataset. */
  form?: 'new' | 'edit';
}

export type ThemePreference = 'system' | 'light' | 'dark';

interface AppState {
  route: Route;
  /** Shorthand for `route.section`. */
  section: Section;
  info: AppInfo | null;
  health: DataStoreHealth | null;
  /** False while the web transport has lost its host. */
  connected: boolean;
  theme: ThemePreference;
  navigate(section: Section): void;
  go(route: Route): void;
  setTheme(theme: ThemePreference): void;
  refreshHealth(): Promise<void>;
}

/** The URL hash for a route: `#/datasets/<handle>/files`, `#/datasets/new`, `#/reviews`. */
export function hashForRoute(route: Route): string {
  const parts: string[] = [route.section];
  if (route.section === 'datasets') {
    if (route.form === 'new') parts.push('new');
    else if (route.dataset) {
      parts.push(encodeURIComponent(route.dataset));
      if (route.form === 'edit') parts.push('edit');
      else if (route.tab && route.tab !== 'overview') parts.push(route.tab);
    }
  }
  return `#/${parts.join('/')}`;
}

/** The route a hash names; anything unknown is the Datasets list. */
export function routeFromHash(hash: string): Route {
  const [first, second, third] = hash.replace(/^#\/?/, '').split('/');
  const section = (sections as readonly string[]).includes(first ?? '') ? (first as Section) : 'datasets';
  if (section !== 'datasets' || !second) return { section };
  if (second === 'new') return { section, form: 'new' };
  let dataset: string;
  try {
    dataset = decodeURIComponent(second);
  } catch {
    return { section };
  }
  if (third === 'edit') return { section, dataset, form: 'edit' };
  const tab = (datasetTabs as readonly string[]).includes(third ?? '') ? (third as DatasetTab) : 'overview';
  return { section, dataset, tab };
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
  section: initialRoute.section,
  info: null,
  health: null,
  connected: true,
  theme: storedTheme(),
  navigate(section) {
    if (section === get().section) return;
    get().go(lastRoutes[section] ?? { section });
  },
  go(route) {
    lastRoutes[route.section] = route;
    const hash = hashForRoute(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    set({ route, section: route.section });
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
  const unsubscribers = [
    subscribe('datastore.health', (health) => useAppStore.setState({ health })),
    onConnectionChange((connected) => {
      useAppStore.setState({ connected });
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
