// Stress tests for the interpreter (runtime/machine.ts): constant JS stack per
// step / iteration / nesting level, bounded memory on long loops, mass
// cancellation, no leftover timers, no unhandled rejections, and a burst
// budget that yields to the event loop.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { $as, Throttle } from '../../ftn12.js';
import type { StepApi } from '../../ftn12.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, stackDepth } from '../helpers.js';

// ---- helpers ----------------------------------------------------------------

const MB = 1024 * 1024;

/** A full GC when one can be had (global.gc, or the V8 flag trick); otherwise a no-op. */
const gc: (() => void) | null = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
})();

function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Some real event-loop turns. */
async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A stack this deep means the interpreter recursed per step; a flat driver stays far below. */
const STACK_BOUND = 200;

// ---- 5. no unhandledRejection during the whole suite ------------------------

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  await turns(5);
  await new Promise<void>((r) => setTimeout(r, 20));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

// ---- 1. a million-iteration repeat ------------------------------------------

describe('stress: long loops', () => {
  it('repeat(1_000_000) of a sync step: right count, flat stack, bounded heap', { timeout: 30_000 }, async () => {
    const N = 1_000_000;
    let count = 0;
    let lastI = -1;
    let inOrder = true;
    let heapAt100k = 0;
    let heapAtEnd = 0;
    let maxStack = 0;
    const root = $as();
    root.repeat(N, (_as, i: number) => {
      if (i !== lastI + 1) inOrder = false;
      lastI = i;
      count++;
      if (i === 100_000) heapAt100k = heapUsed();
      if (i === N - 1) heapAtEnd = heapUsed();
      if ((i & 0x3ffff) === 0 || i === N - 1) maxStack = Math.max(maxStack, stackDepth());
    });
    root.add((as) => as.success('done', count));
    const result = await root.promise();
    expect(result).toBe('done');
    expect(count).toBe(N);
    expect(lastI).toBe(N - 1);
    expect(inOrder).toBe(true);
    expect(maxStack).toBeLessThan(STACK_BOUND);
    // 900k more iterations must not retain memory: without a GC this is
    // still far below what one retained frame per iteration (~100+ B) would give.
    expect(heapAtEnd - heapAt100k).toBeLessThan((gc ? 16 : 64) * MB);
  });

  it('loop() + break() after 300_000 iterations: right count, flat stack, bounded heap', { timeout: 20_000 }, async () => {
    const N = 300_000;
    let count = 0;
    let heapAt30k = 0;
    let heapAtEnd = 0;
    let maxStack = 0;
    let after = false;
    const root = $as();
    root.add((as) => {
      as.loop((as) => {
        count++;
        if (count === 30_000) heapAt30k = heapUsed();
        if ((count & 0xffff) === 0) maxStack = Math.max(maxStack, stackDepth());
        if (count === N) {
          heapAtEnd = heapUsed();
          as.break();
        }
      });
      as.add((as) => {
        after = true;
        as.success(count);
      });
    });
    expect(await root.promise()).toBe(N);
    expect(after).toBe(true);
    expect(count).toBe(N);
    expect(maxStack).toBeLessThan(STACK_BOUND);
    expect(heapAtEnd - heapAt30k).toBeLessThan((gc ? 16 : 64) * MB);
  });

  it('parallel() of 1_000 branches x 100 sync steps: every step runs, memory returns to baseline', { timeout: 20_000 }, async () => {
    const BRANCHES = 1_000;
    const STEPS = 100;
    const runOnce = async (): Promise<number[]> => {
      const perBranch = new Array<number>(BRANCHES).fill(0);
      const root = $as();
      root.add((as) => {
        const p = as.parallel();
        for (let b = 0; b < BRANCHES; b++) {
          p.add((as) => {
            as.repeat(STEPS - 1, () => {
              perBranch[b]!++;
            });
            as.add(() => {
              perBranch[b]!++;
            });
          });
        }
      });
      root.add((as) => as.success('ok'));
      expect(await root.promise()).toBe('ok');
      return perBranch;
    };
    const first = await runOnce();
    expect(first.every((n) => n === STEPS)).toBe(true);
    expect(first.reduce((a, b) => a + b, 0)).toBe(BRANCHES * STEPS);
    const before = heapUsed();
    for (let r = 0; r < 5; r++) {
      const counts = await runOnce();
      expect(counts.every((n) => n === STEPS)).toBe(true);
    }
    // Five more rounds of 100k steps across 1k threads retain nothing.
    expect(heapUsed() - before).toBeLessThan((gc ? 8 : 64) * MB);
  });
});

// ---- 2. deep nesting ----------------------------------------------------------

describe('stress: 10_000 nesting levels', () => {
  const DEPTH = 10_000;

  it('a 10_000-deep chain of sub-steps completes and the innermost result reaches the outside', async () => {
    let innermostStack = 0;
    let entered = 0;
    const nest = (as: StepApi, d: number): void => {
      entered++;
      if (d === DEPTH) {
        innermostStack = stackDepth();
        as.success('innermost', d);
        return;
      }
      as.add((as) => nest(as, d + 1));
    };
    let seen: unknown[] = [];
    const root = $as();
    root.add((as) => nest(as, 1));
    root.add((as, ...args: unknown[]) => {
      seen = args;
      as.success(args[0]);
    });
    expect(await root.promise()).toBe('innermost');
    expect(entered).toBe(DEPTH);
    expect(seen).toEqual(['innermost', DEPTH]);
    expect(innermostStack).toBeGreaterThan(0);
    expect(innermostStack).toBeLessThan(STACK_BOUND);
  });

  it('a 10_000-deep chain also carries state; every level continues after its child', async () => {
    const state = { depth: 0, unwound: 0 };
    const nest = (as: StepApi, d: number): void => {
      if (d === DEPTH) {
        (as.state as typeof state).depth = d;
        return;
      }
      as.add((as) => nest(as, d + 1));
      as.add((as) => {
        (as.state as typeof state).unwound++;
      });
    };
    const root = $as(state);
    root.add((as) => nest(as, 1));
    await root.promise();
    expect(state.depth).toBe(DEPTH);
    expect(state.unwound).toBe(DEPTH - 1);
  });

  it('an error raised 10_000 levels deep unwinds through every onerror to the outermost, which recovers', async () => {
    const seenBy: number[] = [];
    let outerCode = '';
    let throwStack = 0;
    let handlerStackMax = 0;
    const nest = (as: StepApi, d: number): void => {
      if (d === DEPTH) {
        throwStack = stackDepth();
        as.error('DeepFailure');
      }
      as.add(
        (as) => nest(as, d + 1),
        (_as, code) => {
          // Not handled here: returning without success() lets it unwind on.
          if (code === 'DeepFailure') seenBy.push(d + 1);
          if ((d & 1023) === 0) handlerStackMax = Math.max(handlerStackMax, stackDepth());
        },
      );
    };
    const root = $as();
    root.add(
      (as) => nest(as, 1),
      (as, code) => {
        outerCode = code;
        as.success('recovered');
      },
    );
    root.add((as, v: unknown) => as.success(v));
    expect(await root.promise()).toBe('recovered');
    expect(outerCode).toBe('DeepFailure');
    // Levels 2..DEPTH have an inner onerror; each saw the error once, innermost first.
    expect(seenBy.length).toBe(DEPTH - 1);
    expect(seenBy[0]).toBe(DEPTH);
    expect(seenBy[seenBy.length - 1]).toBe(2);
    expect(seenBy.every((d, i) => i === 0 || d === seenBy[i - 1]! - 1)).toBe(true);
    expect(throwStack).toBeLessThan(STACK_BOUND);
    expect(handlerStackMax).toBeLessThan(STACK_BOUND);
  });

  it('an unhandled error 10_000 levels deep rejects promise() with its code', async () => {
    const nest = (as: StepApi, d: number): void => {
      if (d === DEPTH) as.error('Unhandled10k');
      as.add((as) => nest(as, d + 1));
    };
    const root = $as();
    root.add((as) => nest(as, 1));
    await expect(root.promise()).rejects.toThrow(/^Unhandled10k$/);
  });
});

// ---- 3. mass cancellation -------------------------------------------------------

describe('stress: 10_000 concurrent roots cancelled at once', () => {
  it('every cancel handler runs exactly once, every promise rejects Cancelled, no timers left', { timeout: 20_000 }, async () => {
    const ROOTS = 10_000;
    const sched = createTestScheduler();
    const innerCancels = new Array<number>(ROOTS).fill(0);
    const outerCancels = new Array<number>(ROOTS).fill(0);
    const entered = new Array<number>(ROOTS).fill(0);
    let afterWait = 0;
    const roots = [];
    const promises: Promise<unknown>[] = [];
    for (let r = 0; r < ROOTS; r++) {
      const root = $as(undefined, sched);
      root.add((as) => {
        // Every third root waits two levels deep, with a cancel handler at each level.
        if (r % 3 === 0) {
          as.setCancel(() => {
            outerCancels[r]!++;
          });
        }
        as.add((as) => {
          entered[r]!++;
          as.waitExternal();
          as.setCancel(() => {
            innerCancels[r]!++;
          });
          if (r % 2 === 0) as.setTimeout(60_000 + r);
        });
      });
      root.add(() => {
        afterWait++;
      });
      roots.push(root);
      promises.push(root.promise());
    }
    const settled = Promise.allSettled(promises);
    await turns(2);
    expect(entered.every((n) => n === 1)).toBe(true);
    expect(sched.pending()).toBe(ROOTS / 2);

    for (const root of roots) root.cancel();
    // cancel() is synchronous: every handler already ran.
    expect(innerCancels.every((n) => n === 1)).toBe(true);
    expect(sched.pending()).toBe(0);
    // A second cancel is a no-op.
    for (const root of roots) root.cancel();

    const results = await settled;
    expect(results.length).toBe(ROOTS);
    for (const res of results) {
      expect(res.status).toBe('rejected');
      expect(((res as PromiseRejectedResult).reason as Error).message).toBe('Cancelled');
    }
    await sched.runAll();
    await sched.advance(120_000);
    await turns(2);
    expect(innerCancels.every((n) => n === 1)).toBe(true);
    outerCancels.forEach((n, r) => {
      if (n !== (r % 3 === 0 ? 1 : 0)) throw new Error(`root ${r}: outer cancel handler ran ${n} times`);
    });
    expect(afterWait).toBe(0);
    expect(sched.pending()).toBe(0);
  });
});

// ---- 4. no leftover timers / immediates ------------------------------------------

interface Handles {
  Timeout: number;
  Immediate: number;
}

function timerHandles(): Handles {
  const info = process.getActiveResourcesInfo();
  return {
    Timeout: info.filter((x) => x === 'Timeout').length,
    Immediate: info.filter((x) => x === 'Immediate').length,
  };
}

/** Handle counts once nothing transient is pending (up to ~1 s of waiting). */
async function quietHandles(): Promise<Handles> {
  let h = timerHandles();
  for (let i = 0, stable = 0; i < 50 && stable < 5; i++) {
    await new Promise<void>((r) => setTimeout(r, 20));
    await turns(1);
    const next = timerHandles();
    stable = next.Timeout === h.Timeout && next.Immediate === h.Immediate ? stable + 1 : 0;
    h = next;
  }
  return h;
}

describe('stress: no leftover handles', () => {
  it('flows with real timers, throttles, timeouts and cancels leave no Timeout/Immediate behind', { timeout: 20_000 }, async () => {
    // The test runner keeps a short-lived debounce timer around test starts: wait for quiet.
    const baseline = await quietHandles();

    const throttle = new Throttle(5, 15);
    const cancelled: number[] = [];
    const ok: Promise<unknown>[] = [];
    const failing: Promise<unknown>[] = [];
    const cancelRoots = [];

    for (let k = 0; k < 100; k++) {
      // Step timeout armed, external success well before it fires.
      ok.push(
        $as()
          .add((as) => {
            as.setTimeout(10_000);
            setTimeout(() => as.success(k), 1 + (k % 5));
          })
          .promise(),
      );
      // Throttled: 100 entries at 5 per 15 ms window queue and arm the throttle timer.
      ok.push(
        $as()
          .sync(throttle, (as) => as.success(k))
          .promise(),
      );
      // Awaited promise resolved by a real timer, under a step timeout.
      ok.push(
        $as()
          .add((as) => {
            as.setTimeout(10_000);
            as.await(new Promise((r) => setTimeout(() => r(k), 2)));
          })
          .promise(),
      );
      // A step timeout that fires.
      failing.push(
        $as()
          .add((as) => {
            as.setTimeout(3);
            as.waitExternal();
          })
          .promise(),
      );
      // Long sync flows that yield via setImmediate mid-burst.
      if (k % 20 === 0) {
        ok.push(
          $as()
            .repeat(20_000, () => {})
            .promise(),
        );
      }
      // Cancelled while a timer (10 s) is armed, and while queued on a throttle.
      const c = $as().add((as) => {
        as.setTimeout(10_000);
        as.setCancel(() => cancelled.push(k));
      });
      const slow = new Throttle(1, 10_000);
      const t = $as()
        .sync(slow, () => {})
        .sync(slow, () => {});
      cancelRoots.push(c, t);
      failing.push(c.promise(), t.promise());
    }
    const okDone = Promise.all(ok);
    const failDone = Promise.allSettled(failing);
    await new Promise<void>((r) => setTimeout(r, 5));
    expect(timerHandles().Timeout).toBeGreaterThan(baseline.Timeout);
    for (const c of cancelRoots) c.cancel();

    const values = await okDone;
    expect(values.length).toBe(300 + 5);
    const fails = await failDone;
    const codes = fails.map((f) => (f.status === 'rejected' ? (f.reason as Error).message : 'resolved'));
    expect(codes.filter((c) => c === 'Timeout').length).toBe(100);
    expect(codes.filter((c) => c === 'Cancelled').length).toBe(200);
    expect(cancelled.length).toBe(100);
    expect(throttle.waiting).toBe(0);

    // Settle: a leaked 10 s timer never goes away; allow a few real turns for the rest.
    const above = (h: Handles): boolean => h.Timeout > baseline.Timeout || h.Immediate > baseline.Immediate;
    let now = timerHandles();
    for (let i = 0; i < 50 && above(now); i++) {
      await new Promise<void>((r) => setTimeout(r, 10));
      await turns(1);
      now = timerHandles();
    }
    expect(now.Timeout).toBeLessThanOrEqual(baseline.Timeout);
    expect(now.Immediate).toBeLessThanOrEqual(baseline.Immediate);
  });
});

// ---- 5. rejection paths (checked by the afterAll above) ---------------------------

describe('stress: rejection paths raise no unhandledRejection', () => {
  it('failing promise(), awaited rejections, cancelled promise(), failing execute()', async () => {
    const N = 500;
    const outcomes: Promise<unknown>[] = [];
    const execFailures: string[] = [];
    for (let k = 0; k < N; k++) {
      // promise() of a failing flow.
      outcomes.push(
        $as()
          .add((as) => as.error('Boom'))
          .promise()
          .then(
            () => 'resolved',
            (e: Error) => e.message,
          ),
      );
      // await() of a promise that is already rejected, unhandled by the flow.
      outcomes.push(
        $as()
          .await(Promise.reject(new Error('x')))
          .promise()
          .then(
            () => 'resolved',
            (e: Error) => e.message,
          ),
      );
      // await() of a promise rejected later, caught by onerror.
      outcomes.push(
        $as()
          .add(
            (as) => {
              as.await(new Promise((_r, rej) => setImmediate(() => rej('LateReject'))));
            },
            (as, code) => as.success(`caught:${code}`),
          )
          .promise(),
      );
      // A cancelled flow waiting on a promise that rejects after the cancel.
      const late = deferred<never>();
      const c = $as().add((as) => {
        as.await(late.promise);
      });
      const cp = c.promise().then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      c.cancel();
      late.reject(new Error('after-cancel'));
      outcomes.push(cp);
      // execute() (no promise) of a failing flow.
      $as()
        .add(
          (as) => as.error('ExecFail'),
          (_as, code) => {
            execFailures.push(code);
          },
        )
        .execute();
    }
    const results = await Promise.all(outcomes);
    const tally = new Map<unknown, number>();
    for (const r of results) tally.set(r, (tally.get(r) ?? 0) + 1);
    expect(Object.fromEntries(tally)).toEqual({
      Boom: N,
      PromiseReject: N,
      'caught:LateReject': N,
      Cancelled: N,
    });
    expect(execFailures.length).toBe(N);
    await turns(3);
    expect(unhandled).toEqual([]);
  });
});

// ---- 6. event loop not starved --------------------------------------------------

describe('stress: the event loop is not starved', () => {
  it('timers and immediates scheduled at the start fire while a 200_000-step sync flow runs', { timeout: 20_000 }, async () => {
    const N = 200_000;
    let i = 0;
    let timeoutAt = -1;
    let immediateAt = -1;
    let ticks = 0;
    let running = true;
    const done = deferred<void>();
    const tick = (): void => {
      if (!running) return;
      ticks++;
      setImmediate(tick);
    };
    setTimeout(() => {
      timeoutAt = i;
    }, 0);
    setImmediate(() => {
      immediateAt = i;
    });
    setImmediate(tick);
    const root = $as();
    root.repeat(N, () => {
      i++;
    });
    root.add(() => {
      running = false;
      done.resolve();
    });
    const started = performance.now();
    root.execute();
    // execute() ran only the first burst synchronously.
    expect(i).toBeGreaterThan(0);
    expect(i).toBeLessThan(N);
    await done.promise;
    const elapsed = performance.now() - started;
    expect(i).toBe(N);
    expect(immediateAt).toBeGreaterThan(0);
    expect(immediateAt).toBeLessThan(N);
    expect(timeoutAt).toBeGreaterThan(0);
    expect(timeoutAt).toBeLessThan(N);
    // The driver yields a macrotask turn once a 4096-step burst is spent and 4 ms passed since the
    // last turn: at least one turn per ~4 ms of running (half that rate leaves room for a noisy host).
    expect(ticks).toBeGreaterThanOrEqual(Math.max(3, Math.floor(elapsed / 8)));
  });
});
