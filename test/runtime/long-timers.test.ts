// Delays beyond what host timers take (2^31 - 1 ms; Node fires longer ones
// after 1 ms) and Infinity (never), in both front ends and every primitive,
// on the real scheduler and on virtual time.
import { describe, it, expect } from 'vitest';
import { flow, run, Errors, Throttle, CircuitBreaker, type Scheduler } from '../../index.js';
import { $as } from '../../ftn12.js';
import { createTestScheduler } from '../../testing.js';
import { failure, observed } from '../helpers.js';

const LONG = 2 ** 31;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slowOne = () => flow<number>().step(async () => {
  await sleep(20);
  return 1;
});

/** The real scheduler, recording every delay it is asked for. */
function recordingScheduler(): Scheduler & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => performance.now(),
    setTimer: (fn, ms) => {
      delays.push(ms);
      return setTimeout(fn, ms);
    },
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    yieldTurn: (fn) => setImmediate(fn),
    resume: (fn) => queueMicrotask(fn),
  };
}

describe('delays of 2^31 ms and more do not fire early (real timers)', () => {
  it('.timeout(2 ** 31) lets a 20 ms step finish', async () => {
    expect(await run(slowOne().timeout(LONG), 0)).toBe(1);
  });

  it('run(..., { timeout: 2 ** 31 }) lets a 20 ms step finish', async () => {
    expect(await run(slowOne(), 0, { timeout: LONG })).toBe(1);
  });

  it('Number.MAX_SAFE_INTEGER works as a timeout, and no host timer is asked for more than 2^31 - 1 ms', async () => {
    const scheduler = recordingScheduler();
    expect(await run(slowOne().timeout(Number.MAX_SAFE_INTEGER), 0, { scheduler })).toBe(1);
    expect(scheduler.delays.length).toBeGreaterThan(0);
    expect(Math.max(...scheduler.delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('a retry backoff of 2^31 ms waits instead of retrying after 1 ms', async () => {
    let tries = 0;
    const f = flow<number>()
      .step(() => {
        tries++;
        throw new Error('down');
      })
      .retry({ attempts: 2, backoff: { initialMs: LONG, maxMs: LONG, jitter: 'none' } });
    const exec = observed(run(f, 0));
    await sleep(30);
    expect(tries).toBe(1);
    expect(exec.status).toBe('running');
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
  });

  it('FTN12 as.setTimeout(2 ** 31) waits for the external success', async () => {
    const p = $as()
      .add((as) => {
        as.setTimeout(LONG);
        setTimeout(() => as.success('late but in time'), 20);
      })
      .promise();
    expect(await p).toBe('late but in time');
  });

  it('a Throttle with a 2^31 ms period holds the second entry instead of admitting it after 1 ms', async () => {
    const throttle = new Throttle(1, LONG);
    const entered: number[] = [];
    const f = flow<number>().sync(throttle, (as, n) => {
      entered.push(n);
    });
    await run(f, 1);
    const second = observed(run(f, 2));
    await sleep(30);
    expect(entered).toEqual([1]);
    second.cancel();
    expect(throttle.waiting).toBe(0);
  });
});

describe('Infinity means never', () => {
  it('.timeout(Infinity), run timeout Infinity and as.setTimeout(Infinity) arm no timer', async () => {
    const clock = createTestScheduler();
    let resume: ((v: number) => void) | undefined;
    const f = flow<number>()
      .step<number>((as) => {
        as.setTimeout(Infinity);
        resume = (v) => as.success(v);
      })
      .timeout(Infinity);
    const exec = run(f, 0, { scheduler: clock, timeout: Infinity });
    expect(clock.pending()).toBe(0);
    await clock.advance(Number.MAX_SAFE_INTEGER);
    expect(exec.status).toBe('running');
    resume!(7);
    expect(await exec).toBe(7);
  });

  it('retry backoff Infinity waits forever (until cancelled) and holds no timer', async () => {
    const clock = createTestScheduler();
    let tries = 0;
    const f = flow<number>()
      .step(() => {
        tries++;
        throw new Error('down');
      })
      .retry({ attempts: 3, backoff: { initialMs: Infinity, maxMs: Infinity, jitter: 'full' } });
    const exec = observed(run(f, 0, { scheduler: clock }));
    await clock.runAll();
    expect(tries).toBe(1);
    expect(clock.pending()).toBe(0);
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
  });

  it('a CircuitBreaker with resetTimeoutMs Infinity stays open', async () => {
    const clock = createTestScheduler();
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: Infinity });
    const f = flow<number>().sync(breaker, () => {
      throw new Error('down');
    });
    await failure(run(f, 0, { scheduler: clock }));
    await clock.advance(Number.MAX_SAFE_INTEGER);
    expect((await failure(run(f, 0, { scheduler: clock }))).code).toBe(Errors.DefenseRejected);
    expect(breaker.state).toBe('open');
  });

  it('NaN and negative delays are refused where they are given', () => {
    expect(() => flow<number>().timeout(NaN)).toThrow(TypeError);
    expect(() => flow<number>().retry({ backoff: { maxMs: -1 } })).toThrow(TypeError);
    expect(() => new Throttle(1, NaN)).toThrow(/periodMs/);
    expect(() => run(flow<number>(), 0, { timeout: NaN })).toThrow(/timeout/);
  });
});

describe('long delays on virtual time', () => {
  it('a 2^40 ms timeout fires exactly when due, not a millisecond before', async () => {
    const clock = createTestScheduler();
    const f = flow<number>()
      .step<number>((as) => {
        as.waitExternal();
      })
      .timeout(2 ** 40);
    const exec = observed(run(f, 0, { scheduler: clock }));
    await clock.advance(2 ** 40 - 1);
    expect(exec.status).toBe('running');
    await clock.advance(1);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(clock.pending()).toBe(0);
  });

  it('FTN12 as.setTimeout(2^35) on virtual time: Timeout when due', async () => {
    const clock = createTestScheduler();
    const codes: string[] = [];
    $as(undefined, clock)
      .add(
        (as) => {
          as.setTimeout(2 ** 35);
        },
        (_as, code) => {
          codes.push(code);
        },
      )
      .execute();
    await clock.advance(2 ** 35 - 1);
    expect(codes).toEqual([]);
    await clock.advance(1);
    expect(codes).toEqual([Errors.Timeout]);
  });
});
