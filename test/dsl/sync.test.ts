// DESIGN: .sync(primitive, body) and "Details the contract fixes: Sync primitives".
import { describe, it, expect } from 'vitest';
import { flow, run, Errors, Mutex, Throttle, Limiter, CircuitBreaker } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, flush, gauge, tick } from '../helpers.js';

function guarded(primitive: any, g = gauge()) {
  return {
    g,
    f: flow<number>().sync(primitive, async (as, x) => {
      g.enter();
      await tick();
      await tick();
      g.leave();
      return x * 2;
    }),
  };
}

describe('Mutex', () => {
  it('lets one flow at a time into the critical section (across runs)', async () => {
    const { f, g } = guarded(new Mutex());
    const results = await Promise.all([1, 2, 3, 4].map((x) => run(f, x)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(g.max).toBe(1);
  });

  it('excludes parallel branches of one run from each other', async () => {
    const { f, g } = guarded(new Mutex());
    const p = flow<number>().parallel([f, f, f]);
    expect(await run(p, 1)).toEqual([2, 2, 2]);
    expect(g.max).toBe(1);
  });

  it('new Mutex(max) admits up to max at once', async () => {
    const { f, g } = guarded(new Mutex(2));
    await Promise.all([1, 2, 3, 4, 5].map((x) => run(f, x)));
    expect(g.max).toBe(2);
  });

  it('a full queue raises DefenseRejected', async () => {
    const gate = deferred();
    const entered: number[] = [];
    const f = flow<number>().sync(new Mutex(1, 1), async (as, x) => {
      entered.push(x);
      await gate.promise;
      return x;
    });
    const e1 = run(f, 1);
    const e2 = run(f, 2);
    const e3 = run(f, 3);
    const err = await failure(e3);
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(entered).toEqual([1]);
    gate.resolve();
    expect(await e1).toBe(1);
    expect(await e2).toBe(2);
    expect(entered).toEqual([1, 2]);
  });

  it('the lock is released when the body fails', async () => {
    const m = new Mutex();
    const bad = flow<number>().sync(m, (as) => as.error('Inside'));
    const good = flow<number>().sync(m, (as, x) => x);
    expect((await failure(run(bad, 0))).code).toBe('Inside');
    expect(await run(good, 5)).toBe(5);
  });

  it('the body may be a Flow; its output is the output', async () => {
    const body = flow<number>().step((as, x) => x + 1).step((as, x) => `${x}`);
    expect(await run(flow<number>().sync(new Mutex(), body), 1)).toBe('2');
  });
});

describe('Throttle', () => {
  it('admits at most max entries per period on the run scheduler (virtual time)', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const t = new Throttle(2, 1000);
    const f = flow<number>().sync(t, (as, x) => {
      times.push(sched.now());
      return x;
    });
    const execs = [1, 2, 3, 4, 5].map((x) => run(f, x, { scheduler: sched }));
    await flush();
    expect(times).toEqual([0, 0]);
    await sched.advance(999);
    expect(times).toEqual([0, 0]);
    await sched.advance(1);
    expect(times).toEqual([0, 0, 1000, 1000]);
    await sched.runAll();
    expect(times).toEqual([0, 0, 1000, 1000, 2000]);
    expect(await Promise.all(execs)).toEqual([1, 2, 3, 4, 5]);
    expect(sched.pending()).toBe(0);
  });

  it('periodMs defaults to 1000', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const f = flow<number>().sync(new Throttle(1), (as, x) => {
      times.push(sched.now());
      return x;
    });
    const execs = [1, 2].map((x) => run(f, x, { scheduler: sched }));
    await sched.runAll();
    await Promise.all(execs);
    expect(times).toEqual([0, 1000]);
  });

  it('a full queue raises DefenseRejected', async () => {
    const sched = createTestScheduler();
    const f = flow<number>().sync(new Throttle(1, 1000, 1), (as, x) => x);
    const execs = [1, 2, 3].map((x) => run(f, x, { scheduler: sched }));
    expect((await failure(execs[2]!)).code).toBe(Errors.DefenseRejected);
    await sched.runAll();
    expect(await execs[0]).toBe(1);
    expect(await execs[1]).toBe(2);
    expect(sched.pending()).toBe(0);
  });

  it('a cancelled waiter leaves the queue and no timer remains', async () => {
    const sched = createTestScheduler();
    const ran: number[] = [];
    const f = flow<number>().sync(new Throttle(1, 1000), (as, x) => {
      ran.push(x);
      return x;
    });
    const e1 = run(f, 1, { scheduler: sched });
    const e2 = run(f, 2, { scheduler: sched });
    await flush();
    e2.cancel();
    expect((await failure(e2)).code).toBe(Errors.Cancelled);
    await sched.runAll();
    expect(await e1).toBe(1);
    expect(ran).toEqual([1]);
    expect(sched.pending()).toBe(0);
  });
});

describe('Limiter', () => {
  it('limits concurrency', async () => {
    const { f, g } = guarded(new Limiter({ concurrent: 2, maxQueue: 10, rate: 100 }));
    await Promise.all([1, 2, 3, 4, 5].map((x) => run(f, x)));
    expect(g.max).toBe(2);
  });

  it('with maxQueue 0 a busy limiter raises DefenseRejected', async () => {
    const gate = deferred();
    const f = flow<number>().sync(new Limiter({ concurrent: 1, maxQueue: 0 }), async (as, x) => {
      await gate.promise;
      return x;
    });
    const e1 = run(f, 1);
    const e2 = run(f, 2);
    expect((await failure(e2)).code).toBe(Errors.DefenseRejected);
    gate.resolve();
    expect(await e1).toBe(1);
  });

  it('limits only what its options name: concurrent alone queues without bound and sets no rate limit', async () => {
    const g = gauge();
    const f = flow<number>().sync(new Limiter({ concurrent: 2 }), async (as, x) => {
      g.enter();
      await tick();
      g.leave();
      return x;
    });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => run(f, i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(g.max).toBe(2);
    // The FTN12 defaults (1 per 1000 ms) would take 49 s here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('new Limiter() lets one flow in at a time and queues the rest', async () => {
    const g = gauge();
    const f = flow<number>().sync(new Limiter(), async (as, x) => {
      g.enter();
      await tick();
      g.leave();
      return x;
    });
    expect(await Promise.all([run(f, 1), run(f, 2), run(f, 3)])).toEqual([1, 2, 3]);
    expect(g.max).toBe(1);
  });

  it('limits the rate per period on virtual time', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const f = flow<number>().sync(new Limiter({ concurrent: 10, maxQueue: 10, rate: 1, periodMs: 500, burst: 10 }), (as, x) => {
      times.push(sched.now());
      return x;
    });
    const execs = [1, 2, 3].map((x) => run(f, x, { scheduler: sched }));
    await sched.runAll();
    expect(await Promise.all(execs)).toEqual([1, 2, 3]);
    expect(times).toEqual([0, 500, 1000]);
    expect(sched.pending()).toBe(0);
  });

  it('with the default burst 0, an entry over the rate raises DefenseRejected', async () => {
    const sched = createTestScheduler();
    const f = flow<number>().sync(new Limiter({ concurrent: 10, maxQueue: 10, rate: 1 }), (as, x) => x);
    const e1 = run(f, 1, { scheduler: sched });
    const e2 = run(f, 2, { scheduler: sched });
    expect(await e1).toBe(1);
    expect((await failure(e2)).code).toBe(Errors.DefenseRejected);
    await sched.advance(1000);
    expect(await run(f, 3, { scheduler: sched })).toBe(3);
  });

  it('accepts the FTN12 spellings max_queue and period_ms', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const f = flow<number>().sync(new Limiter({ concurrent: 10, max_queue: 10, rate: 1, period_ms: 300, burst: 10 }), (as, x) => {
      times.push(sched.now());
      return x;
    });
    const execs = [1, 2, 3].map((x) => run(f, x, { scheduler: sched }));
    await sched.runAll();
    await Promise.all(execs);
    expect(times).toEqual([0, 300, 600]);
  });
});

describe('CircuitBreaker', () => {
  function breakerFlow(cb: CircuitBreaker) {
    const calls = { n: 0 };
    const f = flow<'ok' | 'fail' | 'wait'>().sync(cb, async (as, mode) => {
      calls.n++;
      if (mode === 'fail') as.error('Down');
      if (mode === 'wait') await deferred().promise;
      return 'done';
    });
    return { f, calls };
  }

  it('a body left by break or continue is no failure: the breaker stays closed', async () => {
    for (const leave of ['break', 'continue'] as const) {
      const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 60_000 });
      const f = flow<number>().repeat(
        2,
        flow<number>().sync(breaker, (as) => (leave === 'break' ? as.break() : as.continue())),
      );
      await run(f, 0);
      expect(breaker.state).toBe('closed');
      expect(await run(flow<number>().sync(breaker, () => 'healthy'), 0)).toBe('healthy');
    }
  });

  it('opens after failureThreshold consecutive failures and rejects with DefenseRejected "Circuit open"', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker({ failureThreshold: 2 }));
    expect((await failure(run(f, 'fail', { scheduler: sched }))).code).toBe('Down');
    expect((await failure(run(f, 'fail', { scheduler: sched }))).code).toBe('Down');
    const err = await failure(run(f, 'ok', { scheduler: sched }));
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(err.info).toBe('Circuit open');
    expect(err.data).toEqual({ state: 'open', retryInMs: 30_000 });
    expect(calls.n).toBe(2);
  });

  it('a half-open circuit whose trial is in progress rejects with info exactly "Circuit open" too, the detail in data', async () => {
    const sched = createTestScheduler();
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 100 });
    let release: (() => void) | undefined;
    const f = flow<string>().sync(breaker, (as, mode) => {
      if (mode === 'fail') throw new Error('down');
      return new Promise<string>((resolve) => {
        release = () => resolve('trial done');
      });
    });
    await failure(run(f, 'fail', { scheduler: sched }));
    await sched.advance(100);
    const trial = run(f, 'slow', { scheduler: sched });
    await flush();
    const err = await failure(run(f, 'ok', { scheduler: sched }));
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(err.info).toBe('Circuit open');
    expect(err.message).toBe('DefenseRejected: Circuit open');
    expect(err.data).toEqual({ state: 'half-open', trials: 1 });
    release!();
    expect(await trial).toBe('trial done');
    expect(breaker.state).toBe('closed');
  });

  it('defaults to 5 failures', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker());
    for (let i = 0; i < 5; i++) await failure(run(f, 'fail', { scheduler: sched }));
    expect((await failure(run(f, 'ok', { scheduler: sched }))).code).toBe(Errors.DefenseRejected);
    expect(calls.n).toBe(5);
  });

  it('resetTimeoutMs defaults to 30 s', async () => {
    const sched = createTestScheduler();
    const { f } = breakerFlow(new CircuitBreaker({ failureThreshold: 1 }));
    await failure(run(f, 'fail', { scheduler: sched }));
    await sched.advance(29_999);
    expect((await failure(run(f, 'ok', { scheduler: sched }))).code).toBe(Errors.DefenseRejected);
    await sched.advance(1);
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker({ failureThreshold: 2 }));
    await failure(run(f, 'fail', { scheduler: sched }));
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
    await failure(run(f, 'fail', { scheduler: sched }));
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
    expect(calls.n).toBe(4);
  });

  it('after resetTimeoutMs it admits a trial; a trial success closes it', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 1000 }));
    await failure(run(f, 'fail', { scheduler: sched }));
    await failure(run(f, 'fail', { scheduler: sched }));
    await sched.advance(999);
    expect((await failure(run(f, 'ok', { scheduler: sched }))).code).toBe(Errors.DefenseRejected);
    await sched.advance(1);
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
    // closed again: one failure (below the threshold) does not open it
    await failure(run(f, 'fail', { scheduler: sched }));
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
    expect(calls.n).toBe(5);
  });

  it('a trial failure opens it again', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 500 }));
    for (let i = 0; i < 3; i++) await failure(run(f, 'fail', { scheduler: sched }));
    await sched.advance(500);
    expect((await failure(run(f, 'fail', { scheduler: sched }))).code).toBe('Down');
    const err = await failure(run(f, 'ok', { scheduler: sched }));
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(calls.n).toBe(4);
    await sched.advance(500);
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
  });

  it('half-open admits at most halfOpenMax trials at once', async () => {
    const sched = createTestScheduler();
    const cb = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 100, halfOpenMax: 2 });
    const { f, calls } = breakerFlow(cb);
    await failure(run(f, 'fail', { scheduler: sched }));
    await sched.advance(100);
    const t1 = run(f, 'wait', { scheduler: sched });
    const t2 = run(f, 'wait', { scheduler: sched });
    const t3 = run(f, 'wait', { scheduler: sched });
    expect((await failure(t3)).code).toBe(Errors.DefenseRejected);
    await flush();
    expect(calls.n).toBe(3);
    t1.cancel();
    t2.cancel();
    await failure(t1);
    await failure(t2);
  });

  it('a cancelled body is not a failure', async () => {
    const sched = createTestScheduler();
    const { f, calls } = breakerFlow(new CircuitBreaker({ failureThreshold: 1 }));
    const e = run(f, 'wait', { scheduler: sched });
    await flush();
    e.cancel();
    expect((await failure(e)).code).toBe(Errors.Cancelled);
    expect(await run(f, 'ok', { scheduler: sched })).toBe('done');
    expect(calls.n).toBe(2);
  });

  it('DefenseRejected from an open circuit is catchable', async () => {
    const sched = createTestScheduler();
    const cb = new CircuitBreaker({ failureThreshold: 1 });
    await failure(run(flow<number>().sync(cb, (as) => as.error('Down')), 0, { scheduler: sched }));
    const f = flow<number>()
      .sync(cb, (as, x) => x)
      .catch(Errors.DefenseRejected, () => 'fallback');
    expect(await run(f, 1, { scheduler: sched })).toBe('fallback');
  });
});
