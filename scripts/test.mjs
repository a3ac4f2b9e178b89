// The whole check behind `npm test`: build, typecheck, every vitest test
// (runtime and type-level), the API report check and the type-cost check.
// Each gate and each test counts once; the last line is `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

let passed = 0;
let failed = 0;

function gate(name, cmd, args) {
  console.log(`\n> ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) passed++;
  else {
    failed++;
    console.log(`FAILED: ${name}`);
  }
  return r.status === 0;
}

gate('build', 'npx', ['tsc', '-p', 'tsconfig.build.json']);
gate('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);

// Timing-sensitive stress tests (timer gaps, heap growth) run after the rest,
// one file at a time, so the CPU load of other test files (child processes,
// a browser, a database) does not enter their measurements.
function vitest(name, args, report) {
  rmSync(report, { force: true });
  console.log(`\n> ${name}: vitest run ${args.join(' ')}`);
  const v = spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { stdio: 'inherit' });
  if (!existsSync(report)) {
    failed++;
    console.log(`FAILED: vitest produced no report (exit ${v.status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const brokenFiles = json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  passed += json.numPassedTests;
  failed += json.numFailedTests + brokenFiles;
  console.log(`${name}: ${json.numPassedTests} passed, ${json.numFailedTests + brokenFiles} failed`);
  if (v.status !== 0 && json.numFailedTests + brokenFiles === 0) failed++;
}
vitest('tests', ['--typecheck', '--exclude', 'test/stress/**'], '.vitest-report.json');
vitest('stress tests', ['test/stress', '--no-file-parallelism'], '.vitest-stress-report.json');

gate('api-report', 'node', ['scripts/api-report.mjs']);
gate('docs', 'node', ['scripts/check-docs.mjs']);
if (existsSync('scripts/type-cost.mjs')) gate('type-cost', 'node', ['scripts/type-cost.mjs']);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
