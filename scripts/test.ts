/**
 * `npm test`: lint, typecheck, build, then the unit, integration and e2e suites; ends with one line
 * `N passed, N failed, N skipped` covering all of them.
 *
 * The suites need the real OS keychain: when no D-Bus session is running, the runner re-runs itself under
 * `dbus-run-session` with an unlocked gnome-keyring and a fresh XDG_DATA_HOME.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

function reRunUnderKeyring(): never {
  const dataHome = mkdtempSync(join(tmpdir(), 'datadesk-keyring-'));
  const script =
    'echo -n datadesk | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
    `exec "${process.execPath}" "${fileURLToPath(import.meta.url)}" "$@"`;
  const result = spawnSync(
    'dbus-run-session',
    ['--', 'sh', '-c', script, 'datadesk-test', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, XDG_DATA_HOME: dataHome, DATADESK_TEST_KEYRING: '1' },
    },
  );
  rmSync(dataHome, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

if (!process.env.DATADESK_TEST_KEYRING && onPath('dbus-run-session') && onPath('gnome-keyring-daemon')) {
  reRunUnderKeyring();
}

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];

function step(suite: string, command: string, args: string[]): void {
  process.stdout.write(`\n── ${suite}: ${[command.replace(root, ''), ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  tallies.push({
    suite,
    passed: result.status === 0 ? 1 : 0,
    failed: result.status === 0 ? 0 : 1,
    skipped: 0,
  });
}

step('lint', bin('eslint'), ['.', '--max-warnings=0']);
step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('typecheck main', bin('tsc'), ['-p', 'tsconfig.node.json']);
step('typecheck renderer', bin('tsc'), ['-p', 'tsconfig.web.json']);
step('typecheck e2e', bin('tsc'), ['-p', 'tsconfig.e2e.json']);
step('build', bin('electron-vite'), ['build']);

interface VitestJson {
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ status: string }>;
  }>;
}

const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const jsonFile = join(resultsDir, 'vitest.json');
rmSync(jsonFile, { force: true });
process.stdout.write('\n── unit, integration and e2e suites (vitest)\n');
const vitestArgs = [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${jsonFile}`,
  ...process.argv.slice(2),
];
const vitest = spawnSync(bin('vitest'), vitestArgs, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATADESK_TEST: '1' },
});

const suiteOf = (file: string) => {
  const match = /tests\/(unit|integration|e2e)\//.exec(file);
  return match?.[1] ?? 'other';
};
if (existsSync(jsonFile)) {
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as VitestJson;
  const bySuite = new Map<string, Tally>();
  for (const file of report.testResults) {
    const suite = suiteOf(file.name);
    let tally = bySuite.get(suite);
    if (!tally) bySuite.set(suite, (tally = { suite, passed: 0, failed: 0, skipped: 0 }));
    // A file that failed to load has no assertions but must still count as a failure.
    if (file.assertionResults.length === 0 && file.status === 'failed') tally.failed += 1;
    for (const assertion of file.assertionResults) {
      if (assertion.status === 'passed') tally.passed += 1;
      else if (assertion.status === 'failed') tally.failed += 1;
      else tally.skipped += 1;
    }
  }
  for (const suite of ['unit', 'integration', 'e2e', 'other']) {
    const tally = bySuite.get(suite);
    if (tally) tallies.push(tally);
  }
} else {
  tallies.push({ suite: 'vitest', passed: 0, failed: 1, skipped: 0 });
}
if (
  vitest.status !== 0 &&
  !tallies.some((tally) => tally.failed > 0 && ['unit', 'integration', 'e2e', 'other'].includes(tally.suite))
) {
  // vitest failed outside any test (a global setup, an unhandled error): that is a failure too.
  tallies.push({ suite: 'vitest run', passed: 0, failed: 1, skipped: 0 });
}

process.stdout.write('\n── summary\n');
for (const tally of tallies) {
  process.stdout.write(
    `  ${tally.suite.padEnd(20)} ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}\n`,
  );
}
const total = tallies.reduce(
  (sum, tally) => ({
    passed: sum.passed + tally.passed,
    failed: sum.failed + tally.failed,
    skipped: sum.skipped + tally.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
process.stdout.write(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`,
);
process.exit(total.failed === 0 ? 0 : 1);
