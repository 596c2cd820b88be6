import { useEffect, useRef } from 'react';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import { activeJobsOf, useTransferJobsStore } from '../../stores/transfer-jobs-store';
import { humanDuration, humanRate, humanSize, plural } from '../../ui/format';
import { Icon } from '../../ui/icons';

/** This dataset's running transfers, in place above its files; `onProgress` fires as files complete. */
export function DatasetTransfers({
  datasetId,
  onFilesArrived,
}: {
  datasetId: string;
  onFilesArrived(): void;
}) {
  const jobs = useTransferJobsStore((state) => state.jobs);
  const go = useAppStore((state) => state.go);
  const active = activeJobsOf(jobs, datasetId);
  const uploadsDone = Object.values(jobs)
    .filter((job) => job.datasetId === datasetId && job.kind === 'upload')
    .reduce((sum, job) => sum + job.doneFiles + (job.state === 'done' ? 1_000_000 : 0), 0);
  const seen = useRef(uploadsDone);
  // New files landed (or an upload finished): list the folders again, at most every few seconds while running.
  useEffect(() => {
    if (uploadsDone === seen.current) return;
    seen.current = uploadsDone;
    const timer = setTimeout(onFilesArrived, active.length ? 1500 : 0);
    return () => clearTimeout(timer);
  }, [uploadsDone, active.length, onFilesArrived]);
  if (active.length === 0) return null;
  return (
    <div className="dataset-transfers" role="status" aria-live="polite">
      {active.slice(0, 3).map((job) => {
        const fraction = job.totalBytes > 0 ? Math.min(1, job.doneBytes / job.totalBytes) : 0;
        return (
          <div key={job.id} className="dataset-transfer">
            <Icon name={job.kind === 'upload' ? 'upload' : 'download'} />
            <div className="dataset-transfer-body">
              <div className="dataset-transfer-line">
                <strong>{job.title}</strong>
                <span className="muted">
                  {job.planning
                    ? `Finding files… ${plural(job.totalFiles, 'file')} so far`
                    : job.state === 'paused'
                      ? 'Paused'
                      : `${job.doneFiles} of ${plural(job.totalFiles, 'file')} · ${humanSize(job.doneBytes)} of ${humanSize(job.totalBytes)} · ${humanRate(job.bytesPerSecond)} · ${humanDuration(job.etaSeconds)} left`}
                </span>
              </div>
              <div
                className={`progress${job.planning ? ' indeterminate' : ''}`}
                role="progressbar"
                aria-label={job.title}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={job.planning ? undefined : Math.round(fraction * 100)}
              >
                <span style={{ width: job.planning ? undefined : `${fraction * 100}%` }} />
              </div>
            </div>
            <button type="button" className="button small" onClick={() => go({ section: 'transfers' })}>
              Details
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={job.state === 'paused' ? `Resume ${job.title}` : `Pause ${job.title}`}
              title={job.state === 'paused' ? 'Resume' : 'Pause'}
              onClick={() =>
                void call(job.state === 'paused' ? 'transfers.resume' : 'transfers.pause', { jobId: job.id })
              }
            >
              <Icon name={job.state === 'paused' ? 'play' : 'pause'} />
            </button>
          </div>
        );
      })}
      {active.length > 3 && <div className="muted small">and {active.length - 3} more in Transfers</div>}
    </div>
  );
}
