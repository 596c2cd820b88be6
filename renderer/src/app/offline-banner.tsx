import { clockTime, useOfflineSince } from '../stores/catalog-status-store';
import { Icon } from '../ui/icons';

/**
 * The one offline banner every screen shows while the data store is unreachable: since when, what still works,
 * and that the app reconnects by itself.
 */
export function OfflineBanner({ className = 'list-banner warn' }: { className?: string }) {
  const since = useOfflineSince();
  if (since === null) return null;
  return (
    <div className={`offline-banner ${className}`} role="status" data-testid="offline-banner">
      <Icon name="alert" />
      <span>
        <strong>Offline since {clockTime(since)}</strong> — browsing and search work from the saved catalog.
        Actions that need the data store are unavailable; Datadesk reconnects by itself.
      </span>
    </div>
  );
}
