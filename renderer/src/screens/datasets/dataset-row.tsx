import { memo } from 'react';
import type { DatasetSummary } from '../../../../preload/contract/catalog';
import { ReleaseBadge } from '../../ui/badges';
import { exactTime, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';

/** The height of one list row, in pixels (skeletons use the same, so nothing jumps). */
export const rowHeight = 52;

/** One dataset in the list: name and release badge, then handle, update time and owner. */
export const DatasetRow = memo(function DatasetRow(props: {
  dataset: DatasetSummary | undefined;
  index: number;
  total: number;
  selected: boolean;
  onSelect(index: number, id: string): void;
}) {
  const { dataset } = props;
  if (!dataset) {
    return (
      <div className="dataset-row skeleton" aria-hidden="true">
        <span className="skeleton-bar" style={{ width: `${40 + ((props.index * 29) % 40)}%` }} />
        <span className="skeleton-bar small" style={{ width: `${30 + ((props.index * 17) % 30)}%` }} />
      </div>
    );
  }
  return (
    <div
      id={`dataset-option-${props.index}`}
      role="option"
      aria-selected={props.selected}
      aria-posinset={props.index + 1}
      aria-setsize={props.total}
      className="dataset-row"
      data-id={dataset.id}
      onClick={() => props.onSelect(props.index, dataset.id)}
    >
      <div className="dataset-row-line">
        <span className="dataset-name" title={dataset.displayName}>
          {dataset.displayName}
        </span>
        {dataset.locked && <Icon name="lock" size={12} label="Locked" />}
        {dataset.version !== null && dataset.version > 1 && (
          <span className="badge subtle">v{dataset.version}</span>
        )}
        <ReleaseBadge status={dataset.releaseStatus} />
      </div>
      <div className="dataset-row-line muted small">
        <span className="mono dataset-handle">{dataset.id}</span>
        <span aria-hidden="true">·</span>
        <span title={exactTime(dataset.updatedTimestamp)}>
          updated {relativeTime(dataset.updatedTimestamp)}
        </span>
        {dataset.awaitingMyReview ? (
          <span className="badge warn small">Needs your review</span>
        ) : (
          !dataset.mine && (
            <span className="dataset-owner" title={`Owner: ${dataset.ownerUsername}`}>
              · {dataset.ownerUsername}
            </span>
          )
        )}
      </div>
    </div>
  );
});
