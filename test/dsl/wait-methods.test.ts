// sleep / waitFor in in-process runs, and the step API's update() and key().
import { describe, it, expect } from 'vitest';
import { flow, run, Errors, toJSON, fromJSON } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { failure, track, flush } from '../helpers.js';

describe('sleep', () => {
  it('pauses for ms on the run clock and passes its input through', async () => {
    const clock = createTestScheduler();
    const f = flow<number>().sleep(1_000).step((as, n) => n * 2);
    const t = track(run(f, 21, { scheduler: clock }));
    await clock.advance(999);
    expect(t.settled).toBe(false);
    await clock.advance(1);
    await flush();
    expect(t).toMatchObject({ settled: true, value: 42 });
    expect(clock.pending()).toBe(0);
  });

  it('sleeps until a Date or epoch ms given by a function of the input, or for a delay it returns', async () => {
    const clock = createTestScheduler();
    const due = (n: number) => new Date(Date.now() + n);
    const f = flow<number>().sleep(due).sleep((n) => n).sleep((n) => Date.now() + n).step((as, n) => n);
    const t = track(run(f, 500, { scheduler: clock }));
    await clock.advance(1_400);
    expect(t.settled).toBe(false);
    await clock.advance(200);
    await flush();
    expect(t).toMatchObject({ settled: true, value: 500 });
  });

  it('is cancelled by a timeout above it, leaving no timer', async () => {
    const clock = createTestScheduler();
    const f = flow<number>().sleep(10_000).timeout(100);
    const p = failure(run(f, 1, { scheduler: clock }));
    await clock.advance(100);
    expect((await p).code).toBe(Errors.Timeout);
    expect(clock.pending()).toBe(0);
  });

  it('refuses bad delays when the flow is built, and a bad until() result when it runs, naming the value', async () => {
    expect(() => flow().sleep(-1)).toThrow(/sleep.*-1/);
    expect(() => flow().sleep(Number.NaN)).toThrow(/sleep/);
    const bad = flow<number>().sleep(() => 'soon' as unknown as number);
    const e = await failure(run(bad, 1));
    expect(e.code).toBe(Errors.InternalError);
    expect(e.message).toMatch(/until\(\).*soon/);
  });

  it('round-trips through JSON', () => {
    const f = flow<number>().sleep(50).waitFor('go', { timeout: 10 });
    const back = fromJSON(toJSON(f), {});
    expect(toJSON(back)).toEqual(toJSON(f));
    expect(JSON.stringify(toJSON(f))).toMatch(/"kind":"sleep".*"kind":"wait"/);
  });
});

describe('waitFor outside a durable run', () => {
  it('fails with a clear error naming the signal instead of waiting forever', async () => {
    const f = flow<number>().waitFor<string>('approved');
    const e = await failure(run(f, 1));
    expect(e.code).toBe(Errors.InternalError);
    expect(e.message).toMatch(/waitFor\("approved"\).*durable/);
  });

  it('refuses an empty signal name or a bad timeout when the flow is built', () => {
    expect(() => flow().waitFor('')).toThrow(/waitFor/);
    expect(() => flow().waitFor('x', { timeout: -5 })).toThrow(/timeout/);
  });
});

describe('as.update() and as.key()', () => {
  it('update() hands the recipe the run state in an in-process run', async () => {
    const f = flow<number>()
      .step((as, n) => {
        as.update((s) => {
          s.total = n;
        });
        return n;
      })
      .step((as) => as.state.total as number);
    expect(await run(f, 7)).toBe(7);
  });

  it('update() refuses a non-function recipe', async () => {
    const f = flow().step((as) => as.update(1 as never));
    const e = await failure(run(f, undefined));
    expect(String(e.message)).toMatch(/as\.update\(\).*function/);
  });

  it('key() is stable for one step attempt and differs per step, iteration, branch and retry attempt', async () => {
    const keys: string[] = [];
    const record = (as: { key(): string }) => {
      keys.push(as.key());
      expect(as.key()).toBe(keys[keys.length - 1]);
    };
    const item = flow<number>().step((as, n) => {
      record(as);
      return n;
    });
    const branch = flow<number[]>().step((as, xs) => {
      record(as);
      return xs.length;
    });
    let attempt = 0;
    const f = flow<number[]>()
      .map((xs) => xs, item)
      .step((as, xs) => xs)
      .parallel({ a: branch, b: branch })
      .step((as) => {
        keys.push(as.key());
        if (++attempt < 3) throw new Error('again');
      })
      .retry({ attempts: 3, backoff: { initialMs: 1 } });
    await run(f, [1, 2]); // retry() wraps the flow so far: 3 attempts x (2 items + 2 branches + 1 step)
    expect(keys).toHaveLength(15);
    expect(new Set(keys).size).toBe(15);
    const first = new Set(keys);
    keys.length = 0;
    attempt = 0;
    await run(f, [1, 2]);
    expect(keys.some((k) => first.has(k))).toBe(false); // each in-process run has its own id
  });
});
