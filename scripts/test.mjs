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

const report = '.vitest-report.json';
rmSync(report, { force: true });
console.log('\n> tests: vitest run --typecheck');
const v = spawnSync('npx', ['vitest', 'run', '--typecheck', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { stdio: 'inherit' });
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  const brokenFiles = json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed += brokenFiles;
  console.log(`vitest: ${json.numPassedTests} passed, ${json.numFailedTests + brokenFiles} failed`);
} else {
  failed++;
  console.log(`FAILED: vitest produced no report (exit ${v.status})`);
}
if (v.status !== 0 && existsSync(report) && failed === 0) failed++;

gate('api-report', 'node', ['scripts/api-report.mjs']);
gate('docs', 'node', ['scripts/check-docs.mjs']);
if (existsSync('scripts/type-cost.mjs')) gate('type-cost', 'node', ['scripts/type-cost.mjs']);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
