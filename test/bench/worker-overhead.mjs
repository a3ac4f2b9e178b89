// Worker steps and the host, measured on the build (node test/bench/worker-overhead.mjs
// after npm run build; not part of npm test or npm run bench):
// - round trip of a trivial worker step, against a trivial in-process step;
// - the overhead of a worker step on a 10 ms CPU task;
// - 200 x 10 ms tasks on a 2-thread pool against the same work in process;
// - what a host adds per run, against run().
import { flow, run } from '../../dist/index.js';
import { createHost } from '../../dist/host.js';
import { createWorkerPool, worker } from '../../dist/worker.js';
import { spin } from './fixtures/cpu-tasks.mjs';

const tasks = new URL('./fixtures/cpu-tasks.mjs', import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const pool = createWorkerPool({ size: 2, idleTimeoutMs: 60_000 });
const trivial = flow().step(worker(tasks, 'noop', { pool }));
const inProcess = flow().step((as, n) => n);
const tenMs = flow().step(worker(tasks, 'spin', { pool }));

// Warm up both threads and the module.
await Promise.all(Array.from({ length: 50 }, (_, i) => run(trivial, i)));

const N = 2_000;
const rounds = [];
for (let r = 0; r < 5; r++) {
  const w = await time(async () => {
    for (let i = 0; i < N; i++) await run(trivial, i);
  });
  const p = await time(async () => {
    for (let i = 0; i < N; i++) await run(inProcess, i);
  });
  rounds.push([(w / N) * 1000, (p / N) * 1000]);
}
console.log(`trivial step, sequential: worker ${median(rounds.map((r) => r[0])).toFixed(1)} µs per run, in process ${median(rounds.map((r) => r[1])).toFixed(1)} µs`);

const over = [];
for (let r = 0; r < 30; r++) {
  const w = await time(() => run(tenMs, 10));
  const p = await time(() => run(flow().step(() => spin(10)), 0));
  over.push(w - p);
}
console.log(`10 ms CPU task: worker step overhead ${median(over).toFixed(2)} ms (median of 30)`);

const batch = [];
for (let r = 0; r < 3; r++) {
  const w = await time(() => Promise.all(Array.from({ length: 200 }, () => run(tenMs, 10))));
  const p = await time(() => Promise.all(Array.from({ length: 200 }, () => run(flow().step(() => spin(10)), 0))));
  batch.push([w, p]);
}
console.log(`200 x 10 ms: 2 worker threads ${median(batch.map((b) => b[0])).toFixed(0)} ms, in process ${median(batch.map((b) => b[1])).toFixed(0)} ms`);
await pool.close();

const host = createHost({ maxRunning: 64 });
const lean = createHost({ maxRunning: 64, trackSteps: false });
const hostRounds = [];
const three = flow('three').step('a', (as, n) => n + 1).step('b', (as, n) => n + 1).step('c', (as, n) => n + 1);
for (let r = 0; r < 5; r++) {
  const M = 20_000;
  const h = await time(async () => {
    for (let i = 0; i < M; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => host.run(three, i + j)));
  });
  const p = await time(async () => {
    for (let i = 0; i < M; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => run(three, i + j)));
  });
  const l = await time(async () => {
    for (let i = 0; i < M; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => lean.run(three, i + j)));
  });
  hostRounds.push([(h / M) * 1000, (p / M) * 1000, (l / M) * 1000]);
}
console.log(`3-step flow, 100 at a time: host.run ${median(hostRounds.map((r) => r[0])).toFixed(2)} µs per run (trackSteps: false ${median(hostRounds.map((r) => r[2])).toFixed(2)} µs), run() ${median(hostRounds.map((r) => r[1])).toFixed(2)} µs`);
await lean.close();
await host.close();
