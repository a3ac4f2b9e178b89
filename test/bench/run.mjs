// `npm run bench`: the seven workloads for every contestant, interleaved in
// one process after a warm-up; median ops/s per contestant and its ratio to
// async/await in the same rounds. Runs on the built dist/.
import os from 'node:os';
import { Bench } from 'tinybench';
import { throughputWorkloads } from './contestants.mjs';
import { measureSuspended } from './memory.mjs';
import { measureScale } from './scale.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 150);
const BASE = 'async/await';
const only = process.env.BENCH_ONLY?.split(',');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

async function measure(workload) {
  const names = Object.keys(workload.contestants);
  const ops = Object.fromEntries(names.map((n) => [n, []]));
  const ratios = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = -1; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]);
    const bench = new Bench({ time: round < 0 ? 50 : TIME_MS, warmup: round < 0, iterations: 3 });
    for (const name of order) {
      const fn = workload.contestants[name];
      bench.add(name, async () => {
        const v = await fn();
        if (!workload.check(v)) throw new Error(`${workload.title}: ${name} returned ${JSON.stringify(v)}`);
      });
    }
    await bench.run();
    const hz = {};
    for (const task of bench.tasks) {
      if (task.result.state === 'errored') throw task.result.error;
      hz[task.name] = 1000 / task.result.period;
    }
    if (round < 0) continue;
    for (const n of names) {
      ops[n].push(hz[n]);
      ratios[n].push(hz[n] / hz[BASE]);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ops: median(ops[n]), ratio: median(ratios[n]) }]));
}

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
