import { useAppStore } from '../../stores/app-store';
import { useTransferJobsStore } from '../../stores/transfer-jobs-store';
import { humanDuration, humanRate, humanSize, plural } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { overviewOf } from './transfer-text';

/** The status bar's transfers item: overall bytes, rate and ETA of what is running; opens Transfers. */
export function TransfersStatusItem() {
  const jobs = useTransferJobsStore((state) => state.jobs);
  const navigate = useAppStore((state) => state.navigate);
  const overview = overviewOf(Object.values(jobs));
  const text =
    overview.activeJobs === 0
      ? 'No transfers running'
      : `${plural(overview.activeJobs, 'transfer')}: ${humanSize(overview.doneBytes)} of ${humanSize(overview.totalBytes)} · ${humanRate(overview.bytesPerSecond)}${
          overview.etaSeconds !== null ? ` · ${humanDuration(overview.etaSeconds)} left` : ''
        }`;
  return (
    <button
      type="button"
      className="status-item push transfer-status"
      data-testid="status-transfers"
      title="Open Transfers"
      onClick={() => navigate('transfers')}
    >
      {overview.activeJobs > 0 && <Icon name="transfers" />}
      {text}
    </button>
  );
}
