import { useEffect, useState } from 'react';
import type { TransferItem, TransferJob } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { ErrorNotice } from '../../ui/error-notice';
import { humanSize } from '../../ui/format';

const pageSize = 100;

/** The files of a job that failed, each with its reason (loaded when opened). */
export function FailedItems({ job }: { job: TransferJob }) {
  const [items, setItems] = useState<TransferItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    call('transfers.detail', { jobId: job.id, state: 'failed', limit: pageSize }, controller.signal).then(
      (detail) => setItems(detail.items),
      (caught: unknown) => setError(caught),
    );
    return () => controller.abort();
  }, [job.id, job.failedFiles]);
  if (error) return <ErrorNotice error={error} compact />;
  if (!items) return <div className="muted small">Loading the failed files…</div>;
  return (
    <div className="transfer-failures">
      <table className="table" aria-label={`Failed files of ${job.title}`}>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col">Why it failed</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td className="mono" title={item.relativePath}>
                {item.relativePath}
              </td>
              <td className="number">{humanSize(item.size)}</td>
              <td
                className="transfer-reason"
                title={item.errorCode ? `${item.error} (${item.errorCode})` : (item.error ?? undefined)}
              >
                {item.error ?? 'Unknown reason'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {job.failedFiles > items.length && (
        <div className="muted small">
          Showing {items.length} of {job.failedFiles.toLocaleString()} failed files.
        </div>
      )}
    </div>
  );
}
