// One workload measured: every contestant interleaved in the same rounds
// after a warm-up; median ops/s and median ratio to async/await.
import { Bench } from 'tinybench';

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
export const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 150);
const BASE = 'async/await';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

export async function measure(workload) {
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
