/** The CLI's commands, over the app's services (the same router the UI uses, and the transfer engine). */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../core/index.ts';
import type { App } from '../services.ts';
import {
  toTransferJob,
  type ConflictPolicy,
  type JobSnapshot,
  type UploadSource,
} from '../transfers/index.ts';
import { formatBytes } from './format.ts';
import { followJob, reportFinished, type Reporter } from './output.ts';
import type { CliValues } from './run.ts';

export const usage = `Usage: datadesk <command> [options]

  upload <paths…> --dataset <id> [--to <sub/path>]   Upload files and folders ("folder/" uploads its contents)
  download <dataset-id> [<path>] --dest <dir>        Download a dataset, a folder ("folder/" for its contents) or a file
  verify <path> --dataset <id> [--to <sub/path>]     Compare a local file or folder with the dataset (changes nothing)
  jobs                                               List transfers
  resume [<job-id>] [--retry]                        Continue unfinished transfers (--retry: also failed files)
  mint --metadata <file.json>                        Create a dataset; prints its id
  organisations [<name>] | people [<name>]           Registry ids to use in the metadata (organisation_id, …)

Options: --conflict skip-identical|overwrite|keep-both (default skip-identical), --no-checksums (verify),
         --bwlimit <MiB/s> (this command only),
         --profile <id> (default: the current data store), --data-dir <dir>, --json (machine-readable lines)`;

const conflicts = new Set<ConflictPolicy>(['skip-identical', 'overwrite', 'keep-both']);

/** One problem with an input, as the bridge's validation reports it. */
interface InputIssue {
  path: string[];
  message: string;
}

/** The input problems an error carries (a request the bridge refused), if any. */
export function issuesOf(error: unknown): InputIssue[] {
  const details = error instanceof AppError ? (error.details as { issues?: unknown } | undefined) : undefined;
  return Array.isArray(details?.issues) ? (details.issues as InputIssue[]) : [];
}

async function dispatch<T>(app: App, name: string, input: unknown): Promise<T> {
  const result = await app.router.dispatch(name, input, {
    signal: new AbortController().signal,
    transport: 'direct',
  });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value as T;
}

async function profileOf(app: App, values: CliValues): Promise<string> {
  const list = await dispatch<{ currentId: string; profiles: Array<{ id: string }> }>(
    app,
    'profiles.list',
    {},
  );
  const wanted = values.profile ?? list.currentId;
  if (!list.profiles.some((profile) => profile.id === wanted))
    throw new AppError('invalid', `There is no data store profile "${wanted}".`);
  return wanted;
}

function conflictOf(values: CliValues): ConflictPolicy {
  const value = (values.conflict ?? 'skip-identical') as ConflictPolicy;
  if (!conflicts.has(value))
    throw new AppError('invalid', `--conflict must be one of ${[...conflicts].join(', ')}.`);
  return value;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new AppError('invalid', `${what} is required.\n\n${usage}`);
  return value;
}

/** A local path as a source: a trailing slash means "its contents". */
async function sourceOf(path: string): Promise<UploadSource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new AppError('invalid', `No such file or folder: ${path}`);
  return { path: resolve(path), contentsOnly: info.isDirectory() && /[\\/]$/.test(path) };
}

/** An unfinished CLI job with the same request, so running a command again resumes it. */
function unfinishedTwin(app: App, match: (job: JobSnapshot) => boolean): JobSnapshot | null {
  return (
    app.transfers
      .jobs(500)
      .find(
        (job) => job.host === 'cli' && ['pending', 'running', 'paused'].includes(job.state) && match(job),
      ) ?? null
  );
}

/** --bwlimit <MiB/s>: a limit for this command only (the app's saved setting applies otherwise). */
function applyBandwidthLimit(app: App, values: CliValues): void {
  if (values.bwlimit === undefined) return;
  const limit = Number(values.bwlimit);
  if (!Number.isFinite(limit) || limit <= 0)
    throw new AppError('invalid', '--bwlimit takes a number of MiB per second, such as 50.');
  app.transfers.limitBandwidthForThisRun(limit);
}

async function run(
  app: App,
  reporter: Reporter,
  start: () => JobSnapshot | Promise<JobSnapshot>,
  twin: JobSnapshot | null,
): Promise<number> {
  const startedAt = performance.now();
  const job = twin ? await app.transfers.resume(twin.id) : await start();
  reporter.emit({ event: 'started', job: toTransferJob(job), resumed: twin !== null });
  if (twin) reporter.say(`Resuming ${job.title} (${job.id}).`);
  return reportFinished(app.transfers, await followJob(app.transfers, job.id, reporter), reporter, startedAt);
}

async function upload(app: App, paths: string[], values: CliValues, reporter: Reporter): Promise<number> {
  if (paths.length === 0)
    throw new AppError('invalid', `Name at least one file or folder to upload.\n\n${usage}`);
  const datasetId = required(values.dataset, '--dataset');
  const sources = await Promise.all(paths.map(sourceOf));
  const profileId = await profileOf(app, values);
  const remotePath = values.to ?? '';
  const conflict = conflictOf(values);
  const twin = unfinishedTwin(
    app,
    (job) =>
      job.kind === 'upload' &&
      job.datasetId === datasetId &&
      job.profileId === profileId &&
      job.remotePath === remotePath.replace(/^\/+|\/+$/g, '') &&
      JSON.stringify(job.sources) === JSON.stringify(sources),
  );
  applyBandwidthLimit(app, values);
  return run(
    app,
    reporter,
    () => app.transfers.startUpload({ profileId, datasetId, sources, remotePath, conflict }),
    twin,
  );
}

async function download(app: App, args: string[], values: CliValues, reporter: Reporter): Promise<number> {
  const datasetId = required(args[0], 'The dataset id');
  const remotePath = args[1] ?? '';
  const destination = resolve(values.dest ?? '.');
  const profileId = await profileOf(app, values);
  const twin = unfinishedTwin(
    app,
    (job) =>
      job.kind === 'download' &&
      job.datasetId === datasetId &&
      job.remotePath === remotePath.replace(/^\/+/, '') &&
      job.localPath === destination,
  );
  applyBandwidthLimit(app, values);
  return run(
    app,
    reporter,
    () =>
      app.transfers.startDownload({
        profileId,
        datasetId,
        remotePath,
        destination,
        conflict: conflictOf(values),
      }),
    twin,
  );
}

async function resumeJobs(app: App, args: string[], values: CliValues, reporter: Reporter): Promise<number> {
  const states = values.retry ? ['pending', 'running', 'paused', 'failed'] : ['pending', 'running', 'paused'];
  const jobs = args[0]
    ? [app.transfers.snapshot(args[0])]
    : app.transfers.jobs(500).filter((job) => job.host === 'cli' && states.includes(job.state));
  if (jobs.length === 0) {
    reporter.say('Nothing to resume.');
    return 0;
  }
  let code = 0;
  for (const job of jobs) {
    const startedAt = performance.now();
    const resumed =
      values.retry && job.state === 'failed'
        ? await app.transfers.retry(job.id)
        : await app.transfers.resume(job.id);
    reporter.say(`Resuming ${resumed.title} (${resumed.id}).`);
    code = Math.max(
      code,
      reportFinished(
        app.transfers,
        await followJob(app.transfers, resumed.id, reporter),
        reporter,
        startedAt,
      ),
    );
  }
  return code;
}

async function verify(app: App, args: string[], values: CliValues, reporter: Reporter): Promise<number> {
  const source = await sourceOf(required(args[0], 'The local file or folder'));
  const report = await app.transfers.verify(
    {
      profileId: await profileOf(app, values),
      datasetId: required(values.dataset, '--dataset'),
      source,
      remotePath: values.to ?? '',
      checksums: !values['no-checksums'],
    },
    new AbortController().signal,
  );
  reporter.emit({ event: 'verified', report });
  reporter.say(
    `${report.localFiles} local files, ${report.remoteFiles} in the dataset: ${report.identical} identical, ${report.unverified} same size (not checksummed).`,
  );
  for (const path of report.missing.paths) reporter.say(`  missing in dataset: ${path}`);
  for (const path of report.extra.paths) reporter.say(`  only in dataset:    ${path}`);
  for (const item of report.different.items)
    reporter.say(`  different ${item.reason.padEnd(8)}   ${item.path}`);
  const clean = report.missing.count === 0 && report.extra.count === 0 && report.different.count === 0;
  reporter.say(
    clean
      ? 'Everything matches.'
      : `${report.missing.count} missing, ${report.extra.count} extra, ${report.different.count} different.`,
  );
  return clean ? 0 : 1;
}

function listJobs(app: App, reporter: Reporter): number {
  const jobs = app.transfers.jobs(100);
  reporter.emit({ event: 'jobs', jobs: jobs.map(toTransferJob) });
  if (jobs.length === 0) reporter.say('No transfers yet.');
  for (const job of jobs) {
    const created = new Date(job.createdAt).toISOString().replace('T', ' ').slice(0, 16);
    const files = `${job.doneFiles + job.skippedFiles}/${job.totalFiles} files`;
    reporter.say(
      `${job.id.slice(0, 8)}  ${created}  ${job.state.padEnd(9)} ${files.padStart(16)}  ${formatBytes(job.totalBytes).padStart(9)}  ${job.title}`,
    );
  }
  return 0;
}

async function mint(app: App, values: CliValues, reporter: Reporter): Promise<number> {
  const file = required(values.metadata, '--metadata <file.json>');
  let metadata: unknown;
  try {
    metadata = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError(
      'invalid',
      `Could not read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const minted = await dispatch<{ handle?: string | null; status: { success: boolean; details: string } }>(
    app,
    'datasets.mint',
    { metadata },
  ).catch((error: unknown) => {
    // The bridge names fields from its own input ("metadata.…"); the user knows them from the file.
    const found = issuesOf(error);
    if (found.length === 0) throw error;
    const issues = found.map((issue) => ({
      path: issue.path[0] === 'metadata' ? issue.path.slice(1) : issue.path,
      message: /received undefined$/.test(issue.message) ? 'missing' : issue.message,
    }));
    throw new AppError('invalid', `The metadata in ${file} is not valid:`, { issues });
  });
  if (!minted.handle)
    throw new AppError('server', `The data store did not mint the dataset: ${minted.status.details}`);
  reporter.emit({ event: 'minted', id: minted.handle });
  reporter.say(minted.handle);
  return 0;
}

/** Lists registry organisations or people whose name matches, with the ids metadata refers to. */
async function registry(
  app: App,
  kind: 'organisation' | 'person',
  args: string[],
  reporter: Reporter,
): Promise<number> {
  const found = await dispatch<{
    available: boolean;
    items: Array<{ id: string; name: string; detail: string | null }>;
  }>(app, 'registry.search', { kind, query: args.join(' '), limit: 50 });
  if (!found.available) throw new AppError('not_found', 'This data store offers no registry search.');
  for (const item of found.items) {
    reporter.emit({ event: kind, ...item });
    reporter.say(`${item.id}\t${item.name}${item.detail ? `\t${item.detail}` : ''}`);
  }
  if (found.items.length === 0) reporter.say(`No ${kind === 'person' ? 'people' : 'organisations'} match.`);
  return 0;
}

/** Runs one command; resolves with its exit code. */
export async function runCommand(
  app: App,
  command: string,
  args: string[],
  values: CliValues,
  reporter: Reporter,
): Promise<number> {
  switch (command) {
    case 'upload':
      return upload(app, args, values, reporter);
    case 'download':
      return download(app, args, values, reporter);
    case 'resume':
      return resumeJobs(app, args, values, reporter);
    case 'verify':
      return verify(app, args, values, reporter);
    case 'jobs':
      return listJobs(app, reporter);
    case 'mint':
      return mint(app, values, reporter);
    case 'organisations':
      return registry(app, 'organisation', args, reporter);
    case 'people':
      return registry(app, 'person', args, reporter);
    default:
      throw new AppError('invalid', `Unknown command "${command}".\n\n${usage}`);
  }
}
