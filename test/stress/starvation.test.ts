// Timers and I/O are never starved: the burst budget counts every step,
// also those resumed from promises (each a microtask), and yields a
// macrotask turn through the scheduler.
import { describe, it, expect } from 'vitest';
import { flow, run, Errors } from '../../index.js';
import { $as } from '../../ftn12.js';
import { failure } from '../helpers.js';

/**
 * The gaps between firings of a 1 ms timer while `work` runs: the longest,
 * and the second longest (one gap may be a pause of the machine itself — an
 * OS preemption or a major GC on a loaded CI host — which no interpreter can
 * prevent; starvation shows as every gap, or one very long one, being long).
 */
async function longestTimerGap(work: () => PromiseLike<unknown>): Promise<{ gap: number; second: number; fired: number }> {
  let last = performance.now();
  const gaps: number[] = [];
  let fired = 0;
  let stop = false;
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    fired++;
    if (!stop) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  try {
    await work();
  } finally {
    stop = true;
  }
  gaps.push(performance.now() - last);
  gaps.sort((a, b) => b - a);
  return { gap: gaps[0]!, second: gaps[1] ?? 0, fired };
}

// DESIGN asks for a 1 ms timer at least every ~20 ms; the bound leaves room for a loaded CI machine.
const MAX_GAP_MS = 45;
/** The one gap allowed above MAX_GAP_MS (a pause of the machine) must still be shorter than the starvation this suite guards against (110–300 ms). */
const PAUSE_MS = 100;

function expectNoStarvation(g: { gap: number; second: number }): void {
  expect(g.second).toBeLessThan(MAX_GAP_MS);
  expect(g.gap).toBeLessThan(PAUSE_MS);
}

describe('stress: promise-driven flows do not starve timers', { timeout: 60_000 }, () => {
  it('a 500,000-iteration repeat with an async body', async () => {
    let n = 0;
    const f = flow<number>().repeat(500_000, async () => {
      n++;
    });
    const g = await longestTimerGap(() => run(f, 0));
    expect(n).toBe(500_000);
    expect(g.fired).toBeGreaterThan(5);
    expectNoStarvation(g);
  });

  it('a 300,000-item map over an async generator', async () => {
    async function* items(count: number) {
      for (let i = 0; i < count; i++) yield i;
    }
    const f = flow<number>().map((count) => items(count), (as, item) => item, { concurrency: 4 });
    let length = 0;
    const g = await longestTimerGap(async () => {
      length = (await run(f, 300_000)).length;
    });
    expect(length).toBe(300_000);
    expectNoStarvation(g);
  });

  it('300,000 promise-returning steps (FTN12 as.await in a repeat)', async () => {
    let n = 0;
    const root = $as().repeat(300_000, (as) => {
      n++;
      as.await(Promise.resolve());
    });
    const g = await longestTimerGap(() => root.promise());
    expect(n).toBe(300_000);
    expectNoStarvation(g);
  });

  it('a run timeout always fires: an endless loop with an async body times out', async () => {
    const started = performance.now();
    const err = await failure(run(flow<number>().loop(async () => {}), 0, { timeout: 100 }));
    expect(err.code).toBe(Errors.Timeout);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('an endless FTN12 loop awaiting resolved promises can be cancelled by a timer', async () => {
    const root = $as();
    root.loop((as) => {
      as.await(Promise.resolve());
    });
    const p = root.promise().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    setTimeout(() => root.cancel(), 50);
    expect(await p).toBe(Errors.Cancelled);
  });
});
