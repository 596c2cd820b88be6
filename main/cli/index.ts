/**
 * The headless CLI: `npm run datadesk -- <command>`. The same services, profiles (the embedded local store by
 * default) and job database as the app, for scripts, clusters and the benchmarks.
 *
 *   upload <paths…> --dataset <id> [--to <sub/path>] [--conflict skip-identical|overwrite|keep-both]
 *   download <dataset-id> [<path>] --dest <dir> [--conflict …]
 *   verify <path> --dataset <id> [--to <sub/path>] [--no-checksums]
 *   jobs            resume [<job-id>]            mint --metadata <file.json>
 *
 * Common: --json (machine-readable lines on stdout), --data-dir <dir>, --profile <id>.
 *
 * Entered through start.mjs, which turns the compile cache on first.
 */
// Commands that move bytes start the transfer workers now, so they load while the rest of the app does.
if (['upload', 'download', 'resume', 'verify'].includes(process.argv[2] ?? '')) {
  const { prestartWorkers } = await import('../transfers/worker-start.ts');
  prestartWorkers();
}
const { runCli } = await import('./run.ts');

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
