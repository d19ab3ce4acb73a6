// `npm test`: type-checks, formats and lints (Biome, writing nothing), builds, and runs every suite (Node, element in Chromium, Playwright),
// then prints one closing line `N passed, N failed` over all of them. It fails when any step
// fails, when any test fails, and when no test ran at all.
// `npm test -- node element` runs only the suites named (node, element, e2e).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBrowser } from './browser.mjs';
import { canInstallDebianPackages, installDebianPackage } from './system-package.mjs';

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
const scratch = mkdtempSync(join(tmpdir(), 'ctc-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, command, args, env = {}) {
  console.log(`\n── ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) problems.push(`${label} exited with ${result.status ?? result.signal}`);
  return result.status === 0;
}

function addCounts(label, file, read = (json) => json) {
  if (!existsSync(file)) {
    problems.push(`${label} reported no results`);
    return;
  }
  const counts = read(JSON.parse(readFileSync(file, 'utf8')));
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}

function testFiles(...folders) {
  return folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.test.ts'))
          .map((name) => join(folder, name))
      : [],
  );
}

run('type-check', 'npx', ['tsc', '-p', 'tsconfig.json']);
run('type-check (element tests)', 'npx', ['tsc', '-p', 'test/element/tsconfig.json']);
run('format and lint', 'npx', ['biome', 'ci', '--error-on-warnings', '.']);
const built = run('build', 'npm', ['run', '--silent', 'build']);

/** The Redis tests start their own redis-server; this makes sure there is one to start. */
function ensureRedisServer() {
  const paths = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  if (paths.some((path) => path && existsSync(path))) return;
  if (canInstallDebianPackages()) installDebianPackage('redis-server');
  if (!paths.some((path) => path && existsSync(path))) {
    console.error('redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_SERVER.');
  }
}

if (wanted('node')) {
  ensureRedisServer();
  const countFile = join(scratch, 'node.json');
  run('node suites', process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-count-reporter.mjs',
    `--test-reporter-destination=${countFile}`,
    ...testFiles('test/core', 'test/docs', 'test/proxy', 'test/simulator', 'test/package'),
  ]);
  addCounts('node suites', countFile);
}

if (wanted('element') || wanted('e2e')) {
  try {
    process.env.CHROME_PATH = ensureBrowser();
    console.log(`\nBrowser: ${process.env.CHROME_PATH}`);
  } catch (error) {
    console.error(error.message);
    problems.push('no browser');
  }
}

if (wanted('element') && process.env.CHROME_PATH) {
  const countFile = join(scratch, 'element.json');
  run('element suite', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], { CTC_COUNT_FILE: countFile });
  addCounts('element suite', countFile);
}

if (wanted('e2e') && process.env.CHROME_PATH && built) {
  const countFile = join(scratch, 'e2e.json');
  run('end-to-end suite', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: countFile });
  addCounts('end-to-end suite', countFile, ({ stats }) => ({
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  }));
}

rmSync(scratch, { recursive: true, force: true });
const ran = totals.passed + totals.failed;
if (ran === 0) problems.push('no test ran');
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(problems.length > 0 || totals.failed > 0 ? 1 : 0);
