import type { WatchedJob } from '../../stores/jobs-store';
import { Notice } from '../../ui/error-notice';

const statusWords: Record<string, string> = {
  PENDING: 'queued',
  DEQUEUED: 'starting',
  IN_PROGRESS: 'running',
  SUCCEEDED: 'done',
  FAILED: 'failed',
};

/** The data store's registration work after a mint or new version: step, state, and the outcome. */
export function JobProgress({ job }: { job: WatchedJob }) {
  const noun = job.kind === 'mint' ? 'Registration' : 'New version registration';
  if (job.step === 'done') {
    return (
      <Notice tone="ok" title={`${noun} complete`}>
        The data store has recorded where this dataset came from. You can upload files now.
      </Notice>
    );
  }
  if (job.step === 'failed') {
    return (
      <Notice tone="warn" title={`${noun} did not finish`}>
        {job.error} The dataset exists and its files can be uploaded; the provenance record may need an administrator.
      </Notice>
    );
  }
  const stepText =
    job.step === 'registering' ? 'Step 1 of 2: recording the activity' : 'Step 2 of 2: lodging the provenance record';
  return (
    <div className="notice info job-card" role="status" aria-live="polite">
      <div className="notice-body">
        <strong className="notice-title">{noun} in progress</strong>
        <div className="muted">
          {stepText} ({job.status ? (statusWords[job.status] ?? job.status.toLowerCase()) : 'waiting to be queued'}). You
          can keep working; Datadesk tells you when it is done.
        </div>
        <div className={`progress${job.step === 'registering' && !job.status ? ' indeterminate' : ''}`}>
          <span style={{ width: job.step === 'registering' ? (job.status === 'IN_PROGRESS' ? '35%' : '15%') : '70%' }} />
        </div>
      </div>
    </div>
  );
}
