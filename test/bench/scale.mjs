// Scale measurements: a 1,000,000-iteration loop (time and peak heap), a
// 10,000-deep nesting of sub-steps, and building a 1,000-step flow.
import { $as } from '../../dist/ftn12.js';
import { flow, run } from '../../dist/index.js';

const ms = (t0) => performance.now() - t0;
const heap = () => process.memoryUsage().heapUsed;

export async function measureScale() {
  globalThis.gc?.();
  const base = heap();
  let peak = base;
  let n = 0;
  const loop = flow().repeat(1_000_000, () => {
    if ((++n & 0xffff) === 0) peak = Math.max(peak, heap());
  });
  let t0 = performance.now();
  await run(loop, undefined);
  const loopMs = ms(t0);
  if (n !== 1_000_000) throw new Error(`loop ran ${n} times`);

  t0 = performance.now();
  const depth = await $as()
    .add(function nest(as, level = 0) {
      if (level < 10_000) as.add((as) => nest(as, level + 1));
      else as.success(level);
    })
    .promise();
  const nestMs = ms(t0);
  if (depth !== 10_000) throw new Error(`nesting reached ${depth}`);

  t0 = performance.now();
  let built = flow();
  for (let i = 0; i < 1_000; i++) built = built.step((as, v) => v);
  const graphSteps = built.graph.steps.length;
  const buildMs = ms(t0);
  if (graphSteps !== 1_000) throw new Error(`built ${graphSteps} steps`);

  return { loopMs, loopPeakMb: (peak - base) / 2 ** 20, nestMs, buildMs };
}
