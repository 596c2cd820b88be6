import { useEffect, useState } from 'react';
import type { AuthState } from '../../../preload/contract';
import { useAppStore } from '../stores/app-store';
import { call } from '../bridge/client';
import { clockTime, useCatalogStatusStore, useOfflineSince } from '../stores/catalog-status-store';
import { startProfilesStore, useCurrentDataStore } from '../stores/profiles-store';
import { Icon } from '../ui/icons';
import { TransfersStatusItem } from '../screens/transfers/transfers-status-item';

/** Formats a past moment as "just now", "3 min ago", … */
export function relativeTime(timestamp: number, now = Date.now()): string {
  const seconds = Math.round((now - timestamp) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(timestamp).toLocaleDateString();
}

/** Who is signed in to the current data store, in a few words. */
export function signedInLabel(auth: AuthState | null): string | null {
  if (!auth) return null;
  if (auth.status === 'signed-in' || (auth.status === 'not-required' && auth.user)) {
    return auth.user?.name ?? auth.user?.username ?? 'Signed in';
  }
  if (auth.status === 'signing-in') return 'Signing in…';
  if (auth.status === 'signed-out') return 'Not signed in';
  return null;
}

/** The catalog's sync: running (with progress), offline since when, or when it last synced; click to sync now. */
function SyncStatusItem() {
  const status = useCatalogStatusStore((state) => state.status);
  // "Synced 3 min ago" has to age between events.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!status || status.state === 'unavailable') return null;
  const last = status.lastSession;
  const failed = last?.status === 'failed' && status.state !== 'syncing';
  const text =
    status.state === 'syncing'
      ? `Syncing… ${(status.running?.seen ?? 0).toLocaleString()}${status.running?.expected ? ` of ~${status.running.expected.toLocaleString()}` : ''} datasets`
      : status.state === 'offline'
        ? `Offline since ${clockTime(status.offlineSince ?? 0)} — showing the saved catalog`
        : failed
          ? `Sync failed ${relativeTime(last.finishedAt ?? 0)}`
          : status.lastSyncedAt
            ? `Synced ${relativeTime(status.lastSyncedAt)}`
            : 'Not synced yet';
  const detail = failed || status.state === 'offline' ? (status.message ?? last?.error?.message) : null;
  const when = status.lastSyncedAt ? `Last synced ${new Date(status.lastSyncedAt).toLocaleString()}. ` : '';
  return (
    <button
      type="button"
      className="status-item"
      data-testid="status-sync"
      title={`${detail ? `${detail} ` : ''}${when}Click to sync now.`}
      disabled={status.state === 'syncing'}
      onClick={() => void call('catalog.syncNow', {}).catch(() => undefined)}
    >
      <span className={status.state === 'syncing' ? 'spin' : undefined} style={{ display: 'inline-flex' }}>
        <Icon name="sync" />
      </span>
      {status.state === 'offline' || failed ? <span className="dot warn" aria-hidden="true" /> : null}
      {text}
    </button>
  );
}

/** The bottom bar: data store reachability, user, sync, transfers. */
export function StatusBar() {
  // The status bar lives as long as the frame, so it owns the profile and sign-in subscriptions.
  useEffect(() => startProfilesStore(), []);
  const current = useCurrentDataStore();
  const userLabel = signedInLabel(current.auth);
  const health = useAppStore((state) => state.health);
  const connected = useAppStore((state) => state.connected);
  const sessionEnded = useAppStore((state) => state.sessionEnded);
  const navigate = useAppStore((state) => state.navigate);
  // The catalog's "offline since" is what every screen goes by; the health check adds latency when online.
  const offlineSince = useOfflineSince();
  const storeState = !connected
    ? 'bad'
    : offlineSince !== null
      ? 'warn'
      : health?.reachable
        ? 'ok'
        : health
          ? 'warn'
          : '';
  const storeText = sessionEnded
    ? 'This page’s session has ended (Datadesk was restarted). Open the address it printed when it started.'
    : !connected
      ? 'Lost the connection to the Datadesk host — reconnecting…'
      : offlineSince !== null
        ? `${health?.profileName ?? current.profile?.name ?? 'Data store'}: offline since ${clockTime(offlineSince)}`
        : health
          ? `${health.profileName}: ${health.reachable ? 'online' : 'offline'}${
              health.latencyMs !== null && health.reachable ? ` (${health.latencyMs} ms)` : ''
            }`
          : 'Checking data store…';
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" role="status" data-testid="status-store" title={health?.message}>
        <span className={`dot ${storeState}`} aria-hidden="true" />
        {storeText}
      </span>
      {userLabel && (
        <button
          type="button"
          className="status-item"
          data-testid="status-user"
          title={
            current.auth?.user
              ? `${current.auth.user.username} on ${current.profile?.name ?? 'this data store'}`
              : 'Sign in in Settings → Data stores'
          }
          onClick={() => navigate('settings')}
        >
          <Icon name="user" /> {userLabel}
        </button>
      )}
      {health && (
        <span className="status-item muted" title={new Date(health.checkedAt).toLocaleString()}>
          checked {relativeTime(health.checkedAt)}
        </span>
      )}
      <SyncStatusItem />
      <TransfersStatusItem />
    </footer>
  );
}
