import { useEffect, useState } from 'react';
import type { ItemDataset, ReleaseHistoryEntry } from '../../../../shared/provena/dataset-item';
import { call } from '../../bridge/client';
import { useDatasetPermissions, reloadDataset, type DatasetEntry } from '../../stores/dataset-store';
import { useRegistryName, useRegistryNames } from '../../stores/registry-names';
import { useSessionStore } from '../../stores/session-store';
import { toast } from '../../stores/toast-store';
import { ReleaseBadge } from '../../ui/badges';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice, Notice } from '../../ui/error-notice';
import { SelectField } from '../../ui/fields';
import { exactTime, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useResolveNames } from '../metadata/registry-search';
import { ReviewDecision } from '../reviews/review-decision';

const actionWords: Record<string, string> = {
  REQUEST: 'Release requested',
  APPROVE: 'Approved',
  REJECT: 'Rejected',
};

function Person({ id }: { id: string | null | undefined }) {
  const name = useRegistryName(id);
  return <>{name ?? 'someone'}</>;
}

/** Release: status, the history of requests and decisions, "Request approval" (and the decision for the reviewer). */
export function ReleaseTab({ entry }: { entry: DatasetEntry }) {
  const item = entry.item as ItemDataset;
  const can = useDatasetPermissions(entry);
  const personId = useSessionStore((state) => state.personId);
  const [requesting, setRequesting] = useState(false);
  const history = [...(item.release_history ?? [])].reverse();
  useResolveNames([item.release_approver, ...history.flatMap((step) => [step.approver, step.requester])]);
  const awaitingMe = can.status === 'PENDING' && personId !== null && item.release_approver === personId;

  return (
    <div className="detail-body">
      <section className="panel-section" aria-labelledby="release-status-title">
        <h2 id="release-status-title">Status</h2>
        <div className="release-status">
          <ReleaseBadge status={can.status} />
          <span>
            {can.status === 'NOT_RELEASED' &&
              'When the files are complete, ask a reviewer to approve the release. Once released, the files are final.'}
            {can.status === 'PENDING' && (
              <>
                Waiting for <Person id={item.release_approver} /> to review (requested{' '}
                {item.release_timestamp ? relativeTime(item.release_timestamp) : 'recently'}). Files cannot be
                uploaded meanwhile.
              </>
            )}
            {can.status === 'RELEASED' && (
              <>
                Released{item.release_timestamp ? ` ${relativeTime(item.release_timestamp)}` : ''}, approved
                by <Person id={item.release_approver} />. The files are final: create a new version to change
                them.
              </>
            )}
          </span>
        </div>
        {can.status === 'NOT_RELEASED' && (
          <div>
            <button
              type="button"
              className="button primary"
              disabled={!can.canRequestRelease}
              title={can.releaseRefusal ?? 'Ask a reviewer to approve the release'}
              onClick={() => setRequesting(true)}
            >
              <Icon name="release" /> Request approval…
            </button>
          </div>
        )}
        {awaitingMe && (
          <ReviewDecision datasetId={item.id} datasetName={item.display_name} refusal={can.offlineReason} />
        )}
      </section>

      <section className="panel-section" aria-labelledby="release-history-title">
        <h2 id="release-history-title">Release history</h2>
        {history.length === 0 ? (
          <p className="muted">No release requests yet.</p>
        ) : (
          <ol className="release-history" aria-label="Release history, newest first">
            {history.map((step, index) => (
              <ReleaseStep key={`${step.timestamp}-${index}`} step={step} />
            ))}
          </ol>
        )}
      </section>
      {requesting && <RequestApprovalDialog item={item} onClose={() => setRequesting(false)} />}
    </div>
  );
}

function ReleaseStep({ step }: { step: ReleaseHistoryEntry }) {
  const tone = step.action === 'APPROVE' ? 'ok' : step.action === 'REJECT' ? 'danger' : 'warn';
  return (
    <li className="release-step">
      <span className={`badge ${tone}`}>{actionWords[step.action] ?? step.action}</span>
      <div className="release-step-body">
        <div>
          {step.action === 'REQUEST' ? (
            <>
              by <Person id={step.requester} />, for review by <Person id={step.approver} />
            </>
          ) : (
            <>
              by <Person id={step.approver} />
            </>
          )}{' '}
          <span className="muted" title={exactTime(step.timestamp)}>
            · {relativeTime(step.timestamp)}
          </span>
        </div>
        {step.notes && <div className="release-notes">{step.notes}</div>}
      </div>
    </li>
  );
}

function RequestApprovalDialog({ item, onClose }: { item: ItemDataset; onClose(): void }) {
  const [reviewers, setReviewers] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reviewer, setReviewer] = useState('');
  const names = useRegistryNames((state) => state.names);
  useEffect(() => {
    call('release.listReviewers', {}).then((result) => {
      setReviewers(result.reviewers);
      setReviewer((current) => current || (result.reviewers[0] ?? ''));
    }, setError);
  }, []);
  const picker =
    error !== null ? (
      <ErrorNotice error={error} title="The list of reviewers could not be loaded." compact />
    ) : reviewers === null ? (
      <p className="muted">Loading reviewers…</p>
    ) : reviewers.length === 0 ? (
      <Notice tone="warn">
        This data store has no reviewers yet. A system administrator can add them under Reviews.
      </Notice>
    ) : (
      <SelectField
        name="reviewer"
        label="Reviewer"
        required
        value={reviewer}
        onChange={setReviewer}
        options={reviewers.map((id) => ({ value: id, label: names[id] ? `${names[id]} (${id})` : id }))}
      />
    );
  return (
    <ConfirmDialog
      title="Request release approval"
      confirmLabel="Send request"
      canConfirm={reviewer !== ''}
      reason={{
        label: 'Notes for the reviewer',
        placeholder: 'What is in the dataset, anything they should check…',
      }}
      extra={picker}
      onClose={onClose}
      onConfirm={async (notes) => {
        await call('release.requestApproval', { datasetId: item.id, approverId: reviewer, notes });
        await reloadDataset(item.id);
        toast('Release requested. The reviewer has been told.', 'ok');
      }}
    >
      <p>
        “{item.display_name}” becomes <strong>pending review</strong>. Until the reviewer decides, no files
        can be uploaded. If they approve, it is released and its files are final; if they reject it, you can
        change it and ask again.
      </p>
    </ConfirmDialog>
  );
}
