import { useState } from 'react';
import type { TransferJob } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { useTransferJobsStore } from '../../stores/transfer-jobs-store';
import { ErrorNotice } from '../../ui/error-notice';
import { EmptyState, Screen } from '../../ui/screen';
import { JobCard } from './job-card';
import { isFinished } from './transfer-text';
import './transfers.css';

const newestFirst = (a: TransferJob, b: TransferJob) => b.createdAt - a.createdAt;

/** Transfers: every upload and download with its progress, rate, ETA, state, actions and failed files. */
export function TransfersScreen() {
  const jobs = useTransferJobsStore((state) => state.jobs);
  const [error, setError] = useState<unknown>(null);
  const all = Object.values(jobs);
  const active = all.filter((job) => !isFinished(job)).sort(newestFirst);
  const finished = all.filter(isFinished).sort(newestFirst);

  const clearFinished = async () => {
    setError(null);
    try {
      for (const job of finished) await call('transfers.remove', { jobId: job.id });
      useTransferJobsStore.setState((state) => ({
        jobs: Object.fromEntries(Object.entries(state.jobs).filter(([, job]) => !isFinished(job))),
      }));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Screen
      title="Transfers"
      subtitle="Uploads and downloads; unfinished ones carry on after a restart"
      actions={
        finished.length > 0 ? (
          <button type="button" className="button" onClick={() => void clearFinished()}>
            Clear finished
          </button>
        ) : undefined
      }
    >
      {error !== null && <ErrorNotice error={error} compact />}
      {all.length === 0 ? (
        <EmptyState title="No transfers yet">
          Drop a folder on a dataset to upload it, or download a dataset's files from its Files tab.
        </EmptyState>
      ) : (
        <div className="transfer-sections">
          {active.length > 0 && (
            <section aria-labelledby="transfers-active">
              <h2 id="transfers-active" className="transfer-section-title">
                In progress
              </h2>
              <div className="transfer-list">
                {active.map((job) => (
                  <JobCard key={job.id} job={job} />
                ))}
              </div>
            </section>
          )}
          {finished.length > 0 && (
            <section aria-labelledby="transfers-finished">
              <h2 id="transfers-finished" className="transfer-section-title">
                Finished
              </h2>
              <div className="transfer-list">
                {finished.map((job) => (
                  <JobCard key={job.id} job={job} />
                ))}
              </div>
            </section>
          )}
        </div>
      )}
    </Screen>
  );
}
