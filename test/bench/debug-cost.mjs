// What debug mode costs: the same flows run with `debug` off and on
// (slow-step, unbounded-wait and late-settle reports), interleaved in one
// process; median runs/s and the ratio. Runs on dist/.
import os from 'node:os';
import { flow, run } from '../../dist/index.js';

let ten = flow('ten');
for (let i = 0; i < 10; i++) ten = ten.step(`s${i}`, (as, n) => n + 1);
const awaited = flow('awaited').step('a', async (as, n) => n + 1).step('b', async (as, n) => n + 1).timeout(1_000);
const workloads = [
  ['ten synchronous steps', ten],
  ['two async steps under a timeout', awaited],
];
const modes = { off: {}, on: { debug: { slowStepMs: 100 } } };

async function rate(f, options, ms) {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await run(f, 0, options);
    n += 100;
  }
  return (n / ms) * 1000;
}

console.log(`debug mode cost — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}`);
for (const [title, f] of workloads) {
  const samples = { off: [], on: [] };
  for (const m of Object.keys(modes)) await rate(f, modes[m], 100);
  for (let round = 0; round < 7; round++) for (const m of Object.keys(modes)) samples[m].push(await rate(f, modes[m], 150));
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const off = median(samples.off);
  const on = median(samples.on);
  console.log(`${title}: debug off ${Math.round(off).toLocaleString('en')} runs/s, on ${Math.round(on).toLocaleString('en')} runs/s (${(on / off).toFixed(2)}x)`);
}
