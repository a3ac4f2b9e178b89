// `npm run bench`: the seven workloads for every contestant, interleaved in
// one process after a warm-up; median ops/s per contestant and its ratio to
// async/await in the same rounds. Runs on the built dist/.
import os from 'node:os';
import { throughputWorkloads } from './contestants.mjs';
import { measureSuspended } from './memory.mjs';
import { measureScale } from './scale.mjs';
import { measure, fmt, ROUNDS, TIME_MS } from './measure.mjs';

const BASE = 'async/await';
const only = process.env.BENCH_ONLY?.split(',');

const contestants = Object.keys(throughputWorkloads[0].contestants);
const rows = [];
console.log(`stepflow benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}`);
console.log(`${ROUNDS} interleaved rounds of ${TIME_MS} ms per contestant after a warm-up; median ops/s (ratio to async/await)\n`);
for (const w of throughputWorkloads) {
  if (only && !only.some((o) => w.title.startsWith(o))) continue;
  const r = await measure(w);
  rows.push([w.title, ...contestants.map((c) => `${fmt(r[c].ops)} (${r[c].ratio.toFixed(2)})`)]);
  console.log(`${w.title}: ${contestants.map((c) => `${c} ${fmt(r[c].ops)} (${r[c].ratio.toFixed(2)})`).join(' | ')}`);
}
if (!only || only.includes('W7')) {
  const mem = await measureSuspended();
  rows.push(['W7 heap / suspended flow', ...contestants.map((c) => `${Math.round(mem[c])} B (${(mem[c] / mem[BASE]).toFixed(2)}x)`)]);
}
const header = ['workload', ...contestants];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

if (!only || only.includes('scale')) {
  const s = await measureScale();
  console.log(`\nscale: 1,000,000-iteration repeat ${s.loopMs.toFixed(0)} ms, peak heap growth ${s.loopPeakMb.toFixed(1)} MB; 10,000-deep sub-steps ${s.nestMs.toFixed(1)} ms; building a 1,000-step flow ${s.buildMs.toFixed(1)} ms`);
}
