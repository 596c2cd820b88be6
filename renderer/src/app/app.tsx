import { useEffect } from 'react';
import { DatasetsScreen } from '../screens/datasets/datasets-screen';
import { ReviewsScreen } from '../screens/reviews/reviews-screen';
import { SettingsScreen } from '../screens/settings/settings-screen';
import { TransfersScreen } from '../screens/transfers/transfers-screen';
import { startAppStore, useAppStore } from '../stores/app-store';
import { startCatalogStatus } from '../stores/catalog-status-store';
import { startDatasetReconnect } from '../stores/dataset-store';
import { startJobs } from '../stores/jobs-store';
import { startReviewQueue } from '../stores/review-queue-store';
import { startTransferJobs } from '../stores/transfer-jobs-store';
import { Toasts } from '../ui/toasts';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { useGlobalShortcuts } from './use-shortcuts';
import { useTheme } from './use-theme';

/** The app frame: sidebar, the current section, status bar, toasts. */
export function App() {
  const section = useAppStore((state) => state.section);
  useTheme();
  useGlobalShortcuts();
  useEffect(() => {
    // The status bar starts the profiles store (it owns the sign-in subscriptions).
    const stops = [
      startAppStore(),
      startCatalogStatus(),
      startDatasetReconnect(),
      startJobs(),
      startReviewQueue(),
      startTransferJobs(),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  return (
    <div className="frame">
      <Sidebar />
      {section === 'datasets' && <DatasetsScreen />}
      {section === 'reviews' && <ReviewsScreen />}
      {section === 'transfers' && <TransfersScreen />}
      {section === 'settings' && <SettingsScreen />}
      <StatusBar />
      <Toasts />
    </div>
  );
}
