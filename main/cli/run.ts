/** Parses the command line, builds the app through the composition root, runs one command. */
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../app/index.ts';
import { AppError, createLogger, fileSinkSync } from '../core/index.ts';
import { createApp, type App } from '../services.ts';
import { issuesOf, runCommand, usage } from './commands.ts';
import { Reporter, type CliStreams } from './output.ts';

const options = {
  dataset: { type: 'string' },
  to: { type: 'string' },
  dest: { type: 'string' },
  conflict: { type: 'string' },
  metadata: { type: 'string' },
  profile: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  'no-checksums': { type: 'boolean' },
  retry: { type: 'boolean' },
  bwlimit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parsed arguments. */
export type CliValues = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

/** Runs the CLI; resolves with the exit code (0 done, 1 failed or paused, 2 usage). */
export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (error) {
    streams.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (!command || parsed.values.help) {
    streams.stdout.write(`${usage}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  const reporter = new Reporter(streams, parsed.values.json ?? false);
  const dataDir = parsed.values['data-dir'] ?? defaultDataDir();
  let app: App | null = null;
  try {
    // Logs go to the app's log file; the terminal shows progress and results.
    const logger = createLogger({ sinks: [fileSinkSync(`${dataDir}/datadesk.log`)] });
    app = await createApp({ host: 'cli', dataDir, logger });
    return await runCommand(app, command, rest, parsed.values, reporter);
  } catch (error) {
    const usageError = error instanceof AppError && error.code === 'invalid';
    const message = error instanceof Error ? error.message : String(error);
    const issues = issuesOf(error);
    reporter.emit({
      event: 'error',
      code: error instanceof AppError ? error.code : 'server',
      message,
      ...(issues.length > 0 ? { issues } : {}),
    });
    reporter.warn(`datadesk: ${message}`);
    for (const issue of issues.slice(0, 20))
      reporter.warn(`  ${issue.path.join('.') || '(the whole file)'}: ${issue.message}`);
    if (issues.length > 20) reporter.warn(`  … and ${issues.length - 20} more (--json for all).`);
    return usageError ? 2 : 1;
  } finally {
    await app?.dispose();
  }
}
