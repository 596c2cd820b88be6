import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/contract/catalog';
import type { ItemDataset } from '../../../../shared/provena/dataset-item';
import { OfflineBanner } from '../../app/offline-banner';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import { offlineReason, useOfflineSince } from '../../stores/catalog-status-store';
import { useRegistryName } from '../../stores/registry-names';
import { useReviewQueueStore } from '../../stores/review-queue-store';
import { useSessionStore } from '../../stores/session-store';
import { ErrorNotice } from '../../ui/error-notice';
import { exactTime, plural, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { EmptyState, Screen } from '../../ui/screen';
import { SkeletonRows } from '../../ui/skeleton';
import { useResolveNames } from '../metadata/registry-search';
import { ReviewDecision } from './review-decision';
import { ReviewersPanel } from './reviewers-panel';

/** Reviews: release requests waiting for my decision; sys-admins also manage the reviewers. */
export function ReviewsScreen() {
  const queue = useReviewQueueStore();
  const canManage = useSessionStore((session) => session.canAddReviewers || session.canRemoveReviewers);
  useResolveNames(queue.items.flatMap((item) => [item.releaseRequester]));
  return (
    <Screen
      title="Reviews"
      subtitle={
        queue.loaded
          ? queue.total
            ? `${plural(queue.total, 'release request')} waiting for your decision`
            : 'Release requests waiting for your decision'
          : 'Loading…'
      }
      actions={
        <button type="button" className="button" onClick={() => void queue.refresh()}>
          <Icon name="refresh" /> Refresh
        </button>
      }
    >
      <OfflineBanner className="notice warn compact" />
      <div className="reviews-layout">
        <section aria-labelledby="queue-title" className="review-queue">
          <h2 id="queue-title" className="sr-only">
            Waiting for you
          </h2>
          {queue.error !== null && (
            <ErrorNotice error={queue.error} title="The review queue could not be read." />
          )}
          {!queue.loaded ? (
            <SkeletonRows count={3} height={120} />
          ) : queue.items.length === 0 ? (
            <EmptyState title="Nothing to review">
              When someone asks you to approve the release of a dataset, it appears here with their notes and
              a link to its files.
            </EmptyState>
          ) : (
            queue.items.map((summary) => <ReviewCard key={summary.id} summary={summary} />)
          )}
        </section>
        {canManage && <ReviewersPanel />}
      </div>
    </Screen>
  );
}

function ReviewCard({ summary }: { summary: DatasetSummary }) {
  const go = useAppStore((state) => state.go);
  const refresh = useReviewQueueStore((state) => state.refresh);
  const requester = useRegistryName(summary.releaseRequester);
  const offlineSince = useOfflineSince();
  const [item, setItem] = useState<ItemDataset | null>(null);
  useEffect(() => {
    call('catalog.dataset', { id: summary.id }).then(
      (found) => setItem(found.item as unknown as ItemDataset),
      () => undefined,
    );
  }, [summary.id, summary.updatedTimestamp]);
  const request = [...(item?.release_history ?? [])].reverse().find((step) => step.action === 'REQUEST');
  return (
    <article className="card review-card" aria-labelledby={`review-${summary.id}`}>
      <header className="review-card-header">
        <div>
          <h3 id={`review-${summary.id}`}>{summary.displayName}</h3>
          <div className="muted small">
            <span className="mono">{summary.id}</span> · owner {summary.ownerUsername}
            {summary.version !== null && ` · version ${summary.version}`}
          </div>
        </div>
        <span className="badge warn">Pending review</span>
      </header>
      <p className="review-description">{summary.description || 'No description.'}</p>
      <dl className="kv">
        <dt>Requested by</dt>
        <dd>{requester ?? 'Unknown'}</dd>
        <dt>When</dt>
        <dd title={summary.releaseTimestamp ? exactTime(summary.releaseTimestamp) : undefined}>
          {summary.releaseTimestamp ? relativeTime(summary.releaseTimestamp) : '—'}
        </dd>
        <dt>Notes</dt>
        <dd>
          {request ? (
            request.notes || <span className="empty-value">No notes</span>
          ) : (
            <span className="empty-value">Loading…</span>
          )}
        </dd>
      </dl>
      <footer className="review-card-footer">
        <button
          type="button"
          className="button"
          onClick={() => go({ section: 'datasets', dataset: summary.id, tab: 'files' })}
        >
          <Icon name="folder" /> Look at the files
        </button>
        <button
          type="button"
          className="button"
          onClick={() => go({ section: 'datasets', dataset: summary.id, tab: 'overview' })}
        >
          <Icon name="overview" /> Metadata
        </button>
        <span className="toolbar-gap" />
        <ReviewDecision
          datasetId={summary.id}
          datasetName={summary.displayName}
          refusal={offlineSince === null ? null : offlineReason(offlineSince)}
          onDecided={() => void refresh()}
        />
      </footer>
    </article>
  );
}
