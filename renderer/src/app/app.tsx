import { useEffect } from 'react';
import { DatasetsScreen } from '../screens/datasets/datasets-screen';
import { ReviewsScreen } from '../screens/reviews/reviews-screen';
import { SettingsScreen } from '../screens/settings/settings-screen';
import { TransfersScreen } from '../screens/transfers/transfers-screen';
import { startAppStore, useAppStore } from '../stores/app-store';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { useGlobalShortcuts } from './use-shortcuts';
import { useTheme } from './use-theme';

/** The app frame: sidebar, the current section, status bar. */
export function App() {
  const section = useAppStore((state) => state.section);
  useTheme();
  useGlobalShortcuts();
  useEffect(() => startAppStore(), []);
  return (
    <div className="frame">
      <Sidebar />
      {section === 'datasets' && <DatasetsScreen />}
      {section === 'reviews' && <ReviewsScreen />}
      {section === 'transfers' && <TransfersScreen />}
      {section === 'settings' && <SettingsScreen />}
      <StatusBar />
    </div>
  );
}
