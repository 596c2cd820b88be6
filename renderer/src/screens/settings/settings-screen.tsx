import { useAppStore, type ThemePreference } from '../../stores/app-store';
import { SegmentedField } from '../../ui/segmented';
import { Screen } from '../../ui/screen';
import { DataStoresSection } from './data-stores-section';
import { SyncSettings } from './sync-settings';
import { TransferSettings } from './transfer-settings';

const hostLabels = { electron: 'Desktop app', web: 'Web mode (browser)', cli: 'Command line', test: 'Test' };

/** Settings: data stores and sign-in, transfers, sync, appearance, about. */
export function SettingsScreen() {
  const info = useAppStore((state) => state.info);
  const health = useAppStore((state) => state.health);
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  return (
    <Screen title="Settings">
      <div className="settings">
        <DataStoresSection />
        <TransferSettings />
        <SyncSettings />
        <section className="card settings-card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">Appearance</h2>
          <SegmentedField<ThemePreference>
            label="Theme"
            value={theme}
            onChange={setTheme}
            options={[
              { value: 'system', label: 'Follow the system' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
          />
        </section>
        <section className="card settings-card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl className="kv">
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
