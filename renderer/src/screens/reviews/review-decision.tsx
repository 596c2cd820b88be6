import { useState } from 'react';
import { call } from '../../bridge/client';
import { reloadDataset } from '../../stores/dataset-store';
import { toast } from '../../stores/toast-store';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Icon } from '../../ui/icons';

/** Approve / Reject for the designated reviewer, each confirmed with notes. */
export function ReviewDecision(props: {
  datasetId: string;
  datasetName: string;
  /** Why a decision cannot be made now (the data store is unreachable), or null. */
  refusal?: string | null;
  onDecided?(approved: boolean): void;
}) {
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const refusal = props.refusal ?? null;
  return (
    <div className="review-decision">
      <button
        type="button"
        className="button primary"
        disabled={refusal !== null}
        title={refusal ?? 'Release the dataset (asks for notes)'}
        onClick={() => setDeciding('approve')}
      >
        <Icon name="check" /> Approve…
      </button>
      <button
        type="button"
        className="button danger"
        disabled={refusal !== null}
        title={refusal ?? 'Send it back to its owner (asks why)'}
        onClick={() => setDeciding('reject')}
      >
        <Icon name="close" /> Reject…
      </button>
      {deciding && (
        <ConfirmDialog
          title={
            deciding === 'approve'
              ? `Approve the release of “${props.datasetName}”?`
              : `Reject the release of “${props.datasetName}”?`
          }
          confirmLabel={deciding === 'approve' ? 'Approve and release' : 'Reject request'}
          tone={deciding === 'approve' ? 'primary' : 'danger'}
          reason={{
            label: 'Notes',
            required: deciding === 'reject',
            placeholder:
              deciding === 'approve'
                ? 'Optional notes for the requester'
                : 'What needs to change before it can be released',
            hint: 'The requester sees these notes in the release history.',
          }}
          onClose={() => setDeciding(null)}
          onConfirm={async (notes) => {
            const approve = deciding === 'approve';
            await call('release.actionApproval', { datasetId: props.datasetId, approve, notes });
            await reloadDataset(props.datasetId);
            toast(
              approve
                ? `“${props.datasetName}” is released.`
                : `The release of “${props.datasetName}” was rejected.`,
              'ok',
            );
            props.onDecided?.(approve);
          }}
        >
          {deciding === 'approve' ? (
            <p>
              The dataset becomes <strong>released</strong>: its files are final and nobody can upload to it
              any more (changes need a new version). This cannot be undone.
            </p>
          ) : (
            <p>
              The dataset goes back to <strong>not released</strong>. Its owner can change it and ask for
              review again.
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
