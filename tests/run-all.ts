/**
 * `npm test`: lint and format check, type-check, unit tests, both builds, then the real-browser tests; prints one
 * closing line `N passed, N failed` summing them all, and fails when anything failed or nothing ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  passed: number;
  failed: number;
}

const tally: Tally = { passed: 0, failed: 0 };
const failures: string[] = [];

function run(command: string, args: string[]): boolean {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return result.status === 0;
}

/** A step that is one check: it passes or fails as a whole. */
function check(name: string, command: string, args: string[]): boolean {
  const ok = run(command, args);
  if (ok) tally.passed++;
  else {
    tally.failed++;
    failures.push(name);
  }
  return ok;
}

/** A test runner step: its counts come from the JSON report it writes. */
function suite(name: string, command: string, args: string[], report: string, read: (json: unknown) => Tally): void {
  rmSync(report, { force: true });
  const ok = run(command, args);
  let counts: Tally = { passed: 0, failed: 0 };
  if (existsSync(report)) counts = read(JSON.parse(readFileSync(report, 'utf8')));
  if (!ok && counts.failed === 0) counts.failed = 1;
  if (counts.failed > 0) failures.push(name);
  tally.passed += counts.passed;
  tally.failed += counts.failed;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

mkdirSync('.cache', { recursive: true });
const npx = 'npx';

check('lint and format (biome)', npx, ['biome', 'check', '.']);
check('type-check (tsc strict)', npx, ['tsc', '--noEmit', '-p', '.']);
function vitestCounts(json: unknown): Tally {
  const report = json as VitestReport;
  // A skipped or todo test left behind counts as a failure: nothing is called done that did not run.
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + report.numPendingTests + report.numTodoTests,
  };
}

suite(
  'unit tests (vitest)',
  npx,
  ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=.cache/vitest.json'],
  '.cache/vitest.json',
  vitestCounts,
);
const built = check('build (chrome-mv3)', npx, ['wxt', 'build', '-b', 'chrome']);
const builtForFirefox = check('build (firefox)', npx, ['wxt', 'build', '-b', 'firefox']);
if (builtForFirefox) check('store linter on the Firefox build (web-ext lint)', npx, ['tsx', 'tests/lint-firefox.ts']);
// What loads into every tracker page, measured on the builds just made: here, not in vitest, which runs before them.
const builds = [...(built ? ['.output/chrome-mv3'] : []), ...(builtForFirefox ? ['.output/firefox-mv2'] : [])];
if (builds.length > 0) {
  check('content script at most 8 KiB gzipped', npx, ['tsx', 'tests/content-script-size.ts', ...builds]);
}
// The Firefox build in Debian's Firefox ESR against the sandbox on port 443 (tests/firefox/support/launch.ts).
if (builtForFirefox) {
  suite(
    'Firefox tests (vitest, firefox-esr)',
    npx,
    [
      'vitest',
      'run',
      '-c',
      'vitest.firefox.config.ts',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=.cache/vitest-firefox.json',
    ],
    '.cache/vitest-firefox.json',
    vitestCounts,
  );
}
if (built) {
  suite('browser tests (playwright)', npx, ['playwright', 'test'], '.cache/playwright.json', (json) => {
    const { stats } = json as PlaywrightReport;
    return { passed: stats.expected, failed: stats.unexpected + stats.flaky + stats.skipped };
  });
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed > 0 || tally.passed === 0 ? 1 : 0);
