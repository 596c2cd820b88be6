import { useAppStore, type ThemePreference } from '../../stores/app-store';
import { Screen } from '../../ui/screen';
import { DataStoresSection } from './data-stores-section';

const hostLabels = { electron: 'Desktop app', web: 'Web mode (browser)', cli: 'Command line', test: 'Test' };

/** Settings: data stores, sign-in, transfers, sync and appearance. */
export function SettingsScreen() {
  const info = useAppStore((state) => state.info);
  const health = useAppStore((state) => state.health);
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  return (
    <Screen title="Settings">
      <div style={{ display: 'grid', gap: 24, maxWidth: 720 }}>
        <DataStoresSection />
        <section className="card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">Appearance</h2>
          <label style={{ display: 'flex', gap: 12, alignItems: 'center', marginTop: 12 }}>
            Theme
            <select value={theme} onChange={(event) => setTheme(event.target.value as ThemePreference)}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
        </section>
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl className="definition-list" style={{ marginTop: 12 }}>
            <dt>Version</dt>
            <dd data-testid="app-version">{info?.version ?? '…'}</dd>
            <dt>Running as</dt>
            <dd>{info ? hostLabels[info.host] : '…'}</dd>
            <dt>Platform</dt>
            <dd>{info ? `${info.platform}, Node ${info.nodeVersion}` : '…'}</dd>
            <dt>Data store</dt>
            <dd>{health ? `${health.profileName} — ${health.message}` : '…'}</dd>
          </dl>
        </section>
      </div>
    </Screen>
  );
}
