import type { RegistrationJob } from '../../../../preload/contract/jobs';
import { Notice } from '../../ui/error-notice';

/** How far along the chain is, for the bar: registration queued/running, then lodging. */
function progressOf(job: RegistrationJob): number {
  if (job.phase === 'lodging') return job.status === 'IN_PROGRESS' ? 85 : 65;
  return job.status === 'IN_PROGRESS' ? 35 : job.status ? 15 : 5;
}

/** The data store's registration work after a mint or new version, as main follows it: step, state, outcome. */
export function JobProgress({ job }: { job: RegistrationJob }) {
  const noun = job.kind === 'mint' ? 'Registration' : 'New version registration';
  if (job.phase === 'done') {
    return (
      <Notice tone="ok" title={`${noun} complete`}>
        The data store has recorded where this dataset came from. You can upload files now.
      </Notice>
    );
  }
  if (job.phase === 'failed') {
    return (
      <Notice tone="warn" title={`${noun} did not finish`}>
        {job.message} The dataset exists and its files can be uploaded; the provenance record may need an
        administrator.
      </Notice>
    );
  }
  return (
    <div
      className="notice info job-card"
      role="status"
      aria-live="polite"
      data-testid="registration-progress"
    >
      <div className="notice-body">
        <strong className="notice-title">{noun} in progress</strong>
        <div className="muted">{job.message} You can keep working; Datadesk tells you when it is done.</div>
        <div className={`progress${job.phase === 'registering' && !job.status ? ' indeterminate' : ''}`}>
          <span style={{ width: `${progressOf(job)}%` }} />
        </div>
      </div>
    </div>
  );
}
