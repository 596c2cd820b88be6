import { useMemo, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry, ItemDataset } from '../../../../shared/provena/dataset-item';
import { call } from '../../bridge/client';
import { useDatasetPermissions, reloadDataset, type DatasetEntry } from '../../stores/dataset-store';
import { toast } from '../../stores/toast-store';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Notice } from '../../ui/error-notice';
import { exactTime, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { diffMetadata } from './metadata-fields';

/** History: every change, newest first; pick one to compare it with now and revert to it. */
export function HistoryTab({ entry }: { entry: DatasetEntry }) {
  const item = entry.item as ItemDataset;
  const history = item.history ?? [];
  const [selectedId, setSelectedId] = useState<number | null>(history[1]?.id ?? history[0]?.id ?? null);
  const [reverting, setReverting] = useState<HistoryEntry | null>(null);
  const can = useDatasetPermissions(entry);
  const selected = history.find((candidate) => candidate.id === selectedId) ?? null;
  const newestId = history[0]?.id;

  const onKeyDown = (event: KeyboardEvent) => {
    const index = history.findIndex((candidate) => candidate.id === selectedId);
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = history[Math.max(0, Math.min(history.length - 1, next))];
    if (target) setSelectedId(target.id);
  };

  if (history.length === 0) {
    return (
      <div className="detail-body">
        <Notice>No history yet: changes to the metadata appear here with their reasons.</Notice>
      </div>
    );
  }

  return (
    <div className="history-layout">
      <div
        className="history-list"
        role="listbox"
        aria-label="History entries, newest first"
        tabIndex={0}
        aria-activedescendant={selected ? `history-${selected.id}` : undefined}
        onKeyDown={onKeyDown}
      >
        {history.map((change) => (
          <div
            key={change.id}
            id={`history-${change.id}`}
            role="option"
            aria-selected={change.id === selectedId}
            className="history-entry"
            onClick={() => setSelectedId(change.id)}
          >
            <div className="history-entry-top">
              <span className="history-reason">{change.reason || 'No reason given'}</span>
              {change.id === newestId && <span className="badge accent small">Current</span>}
            </div>
            <div className="muted small">
              <span title={exactTime(change.timestamp)}>{relativeTime(change.timestamp)}</span> ·{' '}
              {change.username} · #{change.id}
            </div>
          </div>
        ))}
      </div>
      <div className="history-compare">
        {selected && (
          <Comparison
            change={selected}
            current={item}
            isCurrent={selected.id === newestId}
            revertRefusal={can.metadataRefusal}
            onRevert={() => setReverting(selected)}
          />
        )}
      </div>
      {reverting && (
        <ConfirmDialog
          title={`Revert to entry #${reverting.id}?`}
          confirmLabel="Revert metadata"
          tone="danger"
          reason={{
            label: 'Reason',
            required: true,
            placeholder: 'e.g. The licence change was a mistake',
            hint: 'Recorded in the history with the revert.',
          }}
          onClose={() => setReverting(null)}
          onConfirm={async (reason) => {
            await call('datasets.revert', { id: item.id, historyId: reverting.id, reason });
            await reloadDataset(item.id);
            setSelectedId(null);
            toast(
              `Reverted to entry #${reverting.id}. The history shows the revert as the newest entry.`,
              'ok',
            );
          }}
        >
          <p>
            The metadata will be replaced by the version saved {relativeTime(reverting.timestamp)} by{' '}
            {reverting.username} ( “{reverting.reason}”).
          </p>
          <p className="muted">
            Nothing is deleted: a new history entry records the revert, so it can itself be undone. Files are
            not changed.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function Comparison(props: {
  change: HistoryEntry;
  current: ItemDataset;
  isCurrent: boolean;
  revertRefusal: string | null;
  onRevert(): void;
}) {
  const before = props.change.item.collection_format;
  const now = props.current.collection_format;
  const changes = useMemo(() => diffMetadata(before, now), [before, now]);
  return (
    <div className="compare" aria-label={`Entry #${props.change.id} compared with now`} role="region">
      <div className="compare-header">
        <div>
          <h3>
            Entry #{props.change.id} · {props.change.reason || 'No reason given'}
          </h3>
          <div className="muted small">
            Saved {exactTime(props.change.timestamp)} by {props.change.username}
          </div>
        </div>
        {!props.isCurrent && (
          <button
            type="button"
            className="button"
            onClick={props.onRevert}
            disabled={props.revertRefusal !== null}
            title={props.revertRefusal ?? 'Make this the current metadata again (asks for a reason)'}
          >
            <Icon name="history" /> Revert to this…
          </button>
        )}
      </div>
      {props.isCurrent ? (
        <Notice>This is the current metadata. Pick an older entry to see what changed since.</Notice>
      ) : changes.length === 0 ? (
        <Notice>
          This entry’s metadata is the same as now
          {props.change.item.release_status !== props.current.release_status
            ? ' (only the release state differed)'
            : ''}
          .
        </Notice>
      ) : (
        <table className="table diff-table">
          <caption className="sr-only">Fields that differ between entry #{props.change.id} and now</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">In entry #{props.change.id}</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row">{change.label}</th>
                <td className="diff-before">
                  {change.before || <span className="empty-value">Not given</span>}
                </td>
                <td className="diff-after">
                  {change.after || <span className="empty-value">Not given</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
