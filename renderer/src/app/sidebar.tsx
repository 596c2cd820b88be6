import { Icon } from '../ui/icons';
import { sections, useAppStore, type Section } from '../stores/app-store';
import { useOfflineSince } from '../stores/catalog-status-store';
import { useCurrentDataStore } from '../stores/profiles-store';
import { useReviewQueueStore } from '../stores/review-queue-store';
import { useTransferJobsStore } from '../stores/transfer-jobs-store';
import { signedInLabel } from './status-bar';
import { StoreSwitcher } from './store-switcher';

const labels: Record<Section, string> = {
  datasets: 'Datasets',
  reviews: 'Reviews',
  transfers: 'Transfers',
  settings: 'Settings',
};

const modifier = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+';

/** The left sidebar: the current data store, then the sections. */
export function Sidebar() {
  const section = useAppStore((state) => state.section);
  const navigate = useAppStore((state) => state.navigate);
  const health = useAppStore((state) => state.health);
  const offlineSince = useOfflineSince();
  const info = useAppStore((state) => state.info);
  const current = useCurrentDataStore();
  const reviewCount = useReviewQueueStore((state) => state.total);
  const activeTransfers = useTransferJobsStore(
    (state) =>
      Object.values(state.jobs).filter((job) => job.state === 'running' || job.state === 'pending').length,
  );
  const badgeText = (name: Section) =>
    name === 'reviews' && reviewCount > 0
      ? `${reviewCount} waiting for you`
      : name === 'transfers' && activeTransfers > 0
        ? `${activeTransfers} running`
        : '';
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          D
        </span>
        Datadesk
      </div>
      <StoreSwitcher>
        <span className="store-card-text">
          <span className="store-name">
            <Icon name="database" /> {health?.profileName ?? 'Connecting…'}
          </span>
          <span className="muted">
            {offlineSince !== null ? 'Offline' : health ? (health.reachable ? 'Online' : 'Offline') : '—'}
            {signedInLabel(current.auth) ? ` · ${signedInLabel(current.auth)}` : ''}
          </span>
        </span>
      </StoreSwitcher>
      <nav className="nav" aria-label="Sections">
        {sections.map((name, index) => (
          <button
            key={name}
            type="button"
            className="nav-item"
            aria-current={section === name ? 'page' : undefined}
            onClick={() => navigate(name)}
            title={`${labels[name]} (${modifier}${index + 1})`}
          >
            <Icon name={name} />
            {labels[name]}
            {badgeText(name) && <span className="sr-only">, {badgeText(name)}</span>}
            {name === 'reviews' && reviewCount > 0 && (
              <span className="nav-badge" aria-hidden="true">
                {reviewCount}
              </span>
            )}
            {name === 'transfers' && activeTransfers > 0 && (
              <span className="nav-activity" aria-hidden="true" title={`${activeTransfers} running`}>
                <Icon name="sync" size={12} />
              </span>
            )}
            <span
              className={`shortcut${(name === 'reviews' && reviewCount > 0) || (name === 'transfers' && activeTransfers > 0) ? ' with-badge' : ''}`}
              aria-hidden="true"
            >
              {modifier}
              {index + 1}
            </span>
          </button>
        ))}
      </nav>
      <div className="sidebar-footer">{info ? `Datadesk ${info.version}` : ''}</div>
    </aside>
  );
}
