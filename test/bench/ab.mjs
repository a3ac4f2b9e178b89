// Same-process A/B of two stepflow builds: `node --expose-gc test/bench/ab.mjs <old dist> [new dist]`
// measures the new build (default: this checkout's dist/) and the old one on the
// six throughput workloads, interleaved with async/await, and prints each
// one's ratio to async/await and new/old.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workloadsFor } from './contestants.mjs';
import { measure, fmt } from './measure.mjs';

const other = process.argv[2];
if (!other) {
  console.error('usage: node test/bench/ab.mjs <dist dir of the other build>');
  process.exit(2);
}
const load = async (dir) => ({
  index: await import(pathToFileURL(path.resolve(dir, 'index.js')).href),
  ftn12: await import(pathToFileURL(path.resolve(dir, 'ftn12.js')).href),
});
const builds = { new: await load(process.argv[3] ?? new URL('../../dist', import.meta.url).pathname), old: await load(other) };
const only = process.env.BENCH_ONLY?.split(',');
for (const w of workloadsFor(builds, { withPeers: false })) {
  if (only && !only.some((o) => w.title.startsWith(o))) continue;
  const r = await measure(w);
  const cell = (name) => `${fmt(r[name].ops)} (${r[name].ratio.toFixed(2)})`;
  console.log(
    `${w.title}: ftn12 new ${cell('new ftn12')} old ${cell('old ftn12')} = ${(r['new ftn12'].ratio / r['old ftn12'].ratio).toFixed(2)}x | ` +
      `dsl new ${cell('new dsl')} old ${cell('old dsl')} = ${(r['new dsl'].ratio / r['old dsl'].ratio).toFixed(2)}x`,
  );
}
