import { useEffect, useState } from 'react';
import type { SyncSession } from '../../../../preload/contract/catalog';
import { call } from '../../bridge/client';
import { useCatalogStatusStore } from '../../stores/catalog-status-store';
import { toast } from '../../stores/toast-store';
import { ErrorNotice } from '../../ui/error-notice';
import { SelectField } from '../../ui/fields';
import { exactTime, formatCount, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';

const intervals = [
  { value: '0', label: 'Only at start-up and when I ask' },
  { value: '5', label: 'Every 5 minutes' },
  { value: '15', label: 'Every 15 minutes' },
  { value: '60', label: 'Every hour' },
  { value: '240', label: 'Every 4 hours' },
];

const statusWords: Record<SyncSession['status'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Settings → Sync: how often the catalog syncs, "Sync now", and the recent runs. */
export function SyncSettings() {
  const status = useCatalogStatusStore((state) => state.status);
  const [interval, setInterval] = useState<string | null>(null);
  const [sessions, setSessions] = useState<SyncSession[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call('catalog.settings', {}).then((settings) => setInterval(String(settings.intervalMinutes)), setError);
  }, []);
  const revision = status?.lastSession?.id;
  useEffect(() => {
    call('catalog.sessions', { limit: 5 }).then((answer) => setSessions(answer.sessions), setError);
  }, [revision, status?.state]);
  const options =
    interval !== null && !intervals.some((choice) => choice.value === interval)
      ? [...intervals, { value: interval, label: `Every ${interval} minutes` }]
      : intervals;
  return (
    <section className="card settings-card" aria-labelledby="sync-title">
      <h2 id="sync-title">Catalog sync</h2>
      <p className="muted">
        Datadesk keeps a copy of the dataset list on this computer, so browsing and search work instantly and
        offline.
      </p>
      {error !== null && <ErrorNotice error={error} compact />}
      <div className="settings-row">
        <SelectField
          name="sync-interval"
          label="Sync"
          value={interval ?? '15'}
          disabled={interval === null}
          options={options}
          onChange={(value) => {
            setInterval(value);
            call('catalog.updateSettings', { intervalMinutes: Number(value) }).then(
              () => toast('Sync schedule saved.', 'ok'),
              setError,
            );
          }}
        />
        <button
          type="button"
          className="button"
          disabled={status?.state === 'syncing'}
          onClick={() => call('catalog.syncNow', {}).catch(setError)}
        >
          <Icon name="sync" /> {status?.state === 'syncing' ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      <div className="muted small">
        {status?.lastSyncedAt ? `Last synced ${relativeTime(status.lastSyncedAt)}` : 'Not synced yet'}
        {status ? ` · ${formatCount(status.datasetCount)} datasets on this computer` : ''}
        {status?.nextSyncAt
          ? ` · next at ${new Date(status.nextSyncAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
          : ''}
      </div>
      {sessions && sessions.length > 0 && (
        <table className="table sessions-table">
          <caption className="sr-only">Recent syncs</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Result</th>
              <th scope="col" className="number">
                Seen
              </th>
              <th scope="col" className="number">
                Added
              </th>
              <th scope="col" className="number">
                Updated
              </th>
              <th scope="col" className="number">
                Removed
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td title={exactTime(session.startedAt)}>{relativeTime(session.startedAt)}</td>
                <td title={session.error?.message}>
                  <span
                    className={`badge ${session.status === 'succeeded' ? 'ok' : session.status === 'failed' ? 'danger' : ''}`}
                  >
                    {statusWords[session.status]}
                  </span>
                </td>
                <td className="number">{formatCount(session.seen)}</td>
                <td className="number">{formatCount(session.added)}</td>
                <td className="number">{formatCount(session.updated)}</td>
                <td className="number">{formatCount(session.removed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
