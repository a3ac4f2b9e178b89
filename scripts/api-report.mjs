// Runs API Extractor once per entry point. `--local` rewrites the checked-in
// reports; without it a stale report fails the run.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const local = process.argv.includes('--local');
mkdirSync('api-report', { recursive: true });
let failed = 0;
for (const entry of ['index', 'ftn12', 'testing', 'otel', 'durable', 'host', 'worker']) {
  const args = ['run', '-c', `api-extractor.${entry}.json`];
  if (local) args.push('--local');
  try {
    execFileSync('npx', ['api-extractor', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    console.log(`api-report: ${entry} ok`);
  } catch (e) {
    failed++;
    process.stdout.write(e.stdout ?? '');
    console.error(`api-report: ${entry} FAILED${local ? '' : ' (run `npm run api:update` and commit api-report/)'}`);
  }
}
process.exit(failed ? 1 : 0);
