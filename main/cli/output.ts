/** How the CLI reports: a live progress bar on a terminal, JSON lines with --json, plain lines otherwise. */
import type { Writable } from 'node:stream';
import { peakRssBytes } from '../core/index.ts';
import { toTransferJob, type JobSnapshot, type TransferEngine } from '../transfers/index.ts';
import { formatBytes, formatDuration, progressLine } from './format.ts';

/** Where the CLI writes. */
export interface CliStreams {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

/** A reporter for one run of the CLI. */
export class Reporter {
  readonly json: boolean;
  private readonly streams: CliStreams;
  private barShown = false;

  constructor(streams: CliStreams, json: boolean) {
    this.streams = streams;
    this.json = json;
  }

  /** A JSON line (with --json). */
  emit(value: Record<string, unknown>): void {
    if (this.json) this.streams.stdout.write(JSON.stringify(value) + '\n');
  }

  /** A line for people (without --json). */
  say(text: string): void {
    if (!this.json) {
      this.clearBar();
      this.streams.stdout.write(text + '\n');
    }
  }

  /** A problem, always on stderr. */
  warn(text: string): void {
    this.clearBar();
    this.streams.stderr.write(text + '\n');
  }

  /** Redraws the progress bar (terminals only). */
  bar(job: JobSnapshot): void {
    if (this.json || !this.streams.stderr.isTTY) return;
    const width = Math.max(40, (this.streams.stderr.columns ?? 100) - 1);
    this.streams.stderr.write(`\r${progressLine(job).slice(0, width).padEnd(width)}`);
    this.barShown = true;
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.streams.stderr.write('\r\x1b[2K');
    this.barShown = false;
  }
}

/** Follows a job until it stops, reporting progress; Ctrl-C pauses it (run the command again to resume). */
export async function followJob(
  engine: TransferEngine,
  jobId: string,
  reporter: Reporter,
): Promise<JobSnapshot> {
  let lastJson = 0;
  let lastBar = 0;
  const subscription = engine.onChange.on((snapshot) => {
    if (snapshot.id !== jobId) return;
    const now = Date.now();
    if (now - lastBar >= 100) {
      lastBar = now;
      reporter.bar(snapshot);
    }
    if (reporter.json && now - lastJson >= 500) {
      lastJson = now;
      reporter.emit({ event: 'progress', job: toTransferJob(snapshot) });
    }
  });
  const onInterrupt = () => {
    reporter.warn('Pausing… (run the same command again, or `datadesk resume`, to continue)');
    void engine.pause(jobId);
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await engine.waitFor(jobId);
  } finally {
    process.off('SIGINT', onInterrupt);
    subscription.dispose();
  }
}

/** Reports how a job ended; returns the exit code. */
export function reportFinished(
  engine: TransferEngine,
  job: JobSnapshot,
  reporter: Reporter,
  startedAt: number,
): number {
  const seconds = (performance.now() - startedAt) / 1000;
  const failed = job.failedFiles > 0 ? engine.items(job.id, 'failed', 100) : [];
  reporter.emit({
    event: 'finished',
    job: toTransferJob(job),
    failed: failed.map((item) => ({ path: item.relativePath, error: item.error, code: item.errorCode })),
    seconds,
    maxRssBytes: peakRssBytes(),
  });
  const verb = job.kind === 'upload' ? 'Uploaded' : 'Downloaded';
  const moved = `${job.doneFiles} ${job.doneFiles === 1 ? 'file' : 'files'} (${formatBytes(job.doneBytes)})`;
  const skipped = job.skippedFiles > 0 ? `, ${job.skippedFiles} already there` : '';
  const rate = seconds > 0 ? `, ${formatBytes(job.doneBytes / seconds)}/s` : '';
  if (job.state === 'done') {
    reporter.say(`${verb} ${moved}${skipped} in ${formatDuration(seconds)}${rate}.`);
    return 0;
  }
  if (job.state === 'paused') {
    reporter.say(
      `Paused after ${moved}. Run the same command again, or \`datadesk resume ${job.id}\`, to continue.`,
    );
    return 1;
  }
  reporter.warn(
    `${job.state === 'cancelled' ? 'Cancelled' : 'Failed'}: ${job.error ?? 'the transfer did not finish.'}`,
  );
  for (const item of failed.slice(0, 20)) reporter.warn(`  ${item.relativePath}: ${item.error}`);
  if (job.failedFiles > 20)
    reporter.warn(`  … and ${job.failedFiles - 20} more (datadesk jobs --json for all).`);
  if (job.failedFiles > 0) reporter.warn(`Retry the failed files with: datadesk resume ${job.id} --retry`);
  return 1;
}
