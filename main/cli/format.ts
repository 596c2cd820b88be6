/** Human-readable sizes, rates, durations and a one-line progress bar for the terminal. */
import type { JobSnapshot } from '../transfers/index.ts';

const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 12.4 GB (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

/** 1:02:03 or 4:05. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** One line: bar, percentage, bytes, files, rate, ETA. */
export function progressLine(job: JobSnapshot, width = 24): string {
  const fraction =
    job.totalBytes > 0
      ? job.doneBytes / job.totalBytes
      : job.totalFiles > 0
        ? (job.doneFiles + job.skippedFiles) / job.totalFiles
        : 0;
  const filled = Math.round(Math.min(1, fraction) * width);
  const bar = job.planning ? '·'.repeat(width) : `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const finished = job.doneFiles + job.skippedFiles + job.failedFiles;
  const parts = [
    `[${bar}]`,
    job.planning ? 'listing' : `${Math.floor(fraction * 100)}%`,
    `${formatBytes(job.doneBytes)} / ${formatBytes(job.totalBytes)}`,
    `${finished}/${job.totalFiles} files${job.planning ? ' found' : ''}`,
    `${formatBytes(job.bytesPerSecond)}/s`,
    `ETA ${formatDuration(job.etaSeconds)}`,
  ];
  if (job.failedFiles > 0) parts.push(`${job.failedFiles} failed`);
  return parts.join('  ');
}
