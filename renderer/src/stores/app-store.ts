import { create } from 'zustand';
import type { AppInfo, DataStoreHealth } from '../../../preload/contract';
import { call, onConnectionChange, subscribe } from '../bridge/client';

/** The app's sections, in sidebar order. */
export const sections = ['datasets', 'reviews', 'transfers', 'settings'] as const;
export type Section = (typeof sections)[number];

export type ThemePreference = 'system' | 'light' | 'dark';

interface AppState {
  section: Section;
  info: AppInfo | null;
  health: DataStoreHealth | null;
  /** False while the web transport has lost its host. */
  connected: boolean;
  theme: ThemePreference;
  navigate(section: Section): void;
  setTheme(theme: ThemePreference): void;
  refreshHealth(): Promise<void>;
}

const sectionFromHash = (): Section => {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  return (sections as readonly string[]).includes(name ?? '') ? (name as Section) : 'datasets';
};

const storedTheme = (): ThemePreference => {
  const value = localStorage.getItem('datadesk.theme');
  return value === 'light' || value === 'dark' ? value : 'system';
};

/** App-wide state: where the user is, what host and data store they are on, the theme. */
export const useAppStore = create<AppState>((set) => ({
  section: sectionFromHash(),
  info: null,
  health: null,
  connected: true,
  theme: storedTheme(),
  navigate(section) {
    if (location.hash !== `#/${section}`) history.pushState(null, '', `#/${section}`);
    set({ section });
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
  const onHash = () => useAppStore.setState({ section: sectionFromHash() });
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
