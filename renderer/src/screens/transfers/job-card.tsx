import { useState } from 'react';
import type { TransferJob } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CopyButton } from '../../ui/copy-button';
import { ErrorNotice } from '../../ui/error-notice';
import { exactTime, plural, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { FailedItems } from './failed-items';
import { fractionDone, isFinished, progressText, stateLabel } from './transfer-text';

type Action = 'transfers.pause' | 'transfers.resume' | 'transfers.retry' | 'transfers.remove';

/** One transfer: what, where, how far, how fast, and what can be done with it. */
export function JobCard({ job }: { job: TransferJob }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [showFailed, setShowFailed] = useState(false);
  const [hostPath, setHostPath] = useState<string | null>(null);
  const state = stateLabel(job);
  const fraction = fractionDone(job);
  const finished = isFinished(job);
  const where =
    job.kind === 'upload'
      ? `to ${job.datasetId}${job.remotePath ? ` / ${job.remotePath}` : ''}`
      : `from ${job.datasetId}${job.remotePath ? ` / ${job.remotePath}` : ''}`;

  const run = async (action: Action) => {
    setBusy(true);
    setError(null);
    try {
      await call(action, { jobId: job.id });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const openFolder = async () => {
    setError(null);
    try {
      const result = await call('transfers.openFolder', { jobId: job.id });
      setHostPath(result.opened ? null : result.path);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <article className="transfer-job" aria-label={job.title} data-state={job.state}>
      <div className="transfer-job-head">
        <Icon name={job.kind === 'upload' ? 'upload' : 'download'} />
        <div className="transfer-job-title">
          <strong>{job.title}</strong>
          <span className="muted small">
            {where} · <span title={exactTime(job.createdAt)}>started {relativeTime(job.createdAt)}</span>
          </span>
        </div>
        <span className={`badge ${state.tone}`}>{state.text}</span>
        <div className="transfer-job-actions">
          {job.state === 'running' || job.state === 'pending' ? (
            <button
              type="button"
              className="button small"
              disabled={busy}
              onClick={() => void run('transfers.pause')}
            >
              <Icon name="pause" /> Pause
            </button>
          ) : null}
          {job.state === 'paused' ? (
            <button
              type="button"
              className="button small"
              disabled={busy}
              onClick={() => void run('transfers.resume')}
            >
              <Icon name="play" /> Resume
            </button>
          ) : null}
          {job.failedFiles > 0 && job.state !== 'cancelled' ? (
            <button
              type="button"
              className="button small"
              disabled={busy}
              onClick={() => void run('transfers.retry')}
            >
              <Icon name="refresh" /> Retry failed
            </button>
          ) : null}
          {job.kind === 'download' && job.localPath && job.doneFiles + job.skippedFiles > 0 ? (
            <button type="button" className="button small" onClick={() => void openFolder()}>
              <Icon name="folder" /> Open folder
            </button>
          ) : null}
          {!finished ? (
            <button
              type="button"
              className="button small danger"
              disabled={busy}
              onClick={() => setConfirmCancel(true)}
            >
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${job.title} from the list`}
              title="Remove from the list"
              disabled={busy}
              onClick={() => void run('transfers.remove')}
            >
              <Icon name="close" />
            </button>
          )}
        </div>
      </div>
      <div
        className={`progress${job.planning ? ' indeterminate' : ''}${job.state === 'failed' ? ' failed' : ''}`}
        role="progressbar"
        aria-label={`${job.title} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={job.planning ? undefined : Math.round(fraction * 100)}
      >
        <span style={job.planning ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <div className="transfer-job-progress muted small">{progressText(job)}</div>
      {job.error && job.state !== 'done' ? <div className="transfer-job-error">{job.error}</div> : null}
      {hostPath ? (
        <div className="transfer-job-path small">
          The files are on the Datadesk host in <span className="mono">{hostPath}</span>{' '}
          <CopyButton value={hostPath} label="Copy the folder path" />
        </div>
      ) : job.kind === 'download' && job.localPath ? (
        <div className="muted small">
          Saving to <span className="mono">{job.localPath}</span>
        </div>
      ) : null}
      {job.failedFiles > 0 ? (
        <div>
          <button
            type="button"
            className="button small ghost"
            aria-expanded={showFailed}
            onClick={() => setShowFailed(!showFailed)}
          >
            <Icon name={showFailed ? 'chevronDown' : 'chevronRight'} />{' '}
            {plural(job.failedFiles, 'failed file')}
          </button>
          {showFailed && <FailedItems job={job} />}
        </div>
      ) : null}
      {error !== null && <ErrorNotice error={error} compact />}
      {confirmCancel && (
        <ConfirmDialog
          title={job.kind === 'upload' ? 'Cancel this upload?' : 'Cancel this download?'}
          confirmLabel={job.kind === 'upload' ? 'Cancel upload' : 'Cancel download'}
          tone="danger"
          onConfirm={async () => {
            await call('transfers.cancel', { jobId: job.id });
          }}
          onClose={() => setConfirmCancel(false)}
        >
          {job.kind === 'upload'
            ? `Datadesk stops uploading “${job.title.replace(/^Upload /, '')}” to ${job.datasetId}. The ${plural(job.doneFiles, 'file')} already uploaded stay in the dataset; parts of unfinished large files are discarded from the storage.`
            : `Datadesk stops downloading from ${job.datasetId}. The ${plural(job.doneFiles, 'file')} already downloaded stay in ${job.localPath ?? 'the folder'}; partly downloaded files are removed.`}
        </ConfirmDialog>
      )}
    </article>
  );
}
