// DESIGN: .map(select, body, { concurrency? }) and "Details the contract fixes: map".
import { describe, it, expect } from 'vitest';
import { flow, run, Errors } from '../../index.js';
import { deferred, failure, flush, gauge, tick, track, type Deferred } from '../helpers.js';

/** An AsyncIterable of 0..n-1 that counts next() and return() calls. */
function countedSource(n: number, onReturn?: () => Promise<void>) {
  const stats = { pulls: 0, returns: 0, returnDone: 0 };
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        async next() {
          stats.pulls++;
          return i < n ? { value: i++, done: false } : { value: undefined as unknown as number, done: true };
        },
        async return() {
          stats.returns++;
          if (onReturn) await onReturn();
          stats.returnDone++;
          return { value: undefined as unknown as number, done: true };
        },
      };
    },
  };
  return { iterable, stats };
}

describe('map', () => {
  it('maps an array; results keep input order even when later items finish first', async () => {
    const f = flow<number[]>().map(
      (xs) => xs,
      async (as, x: number) => {
        for (let i = 0; i < 5 - x; i++) await tick();
        return x * 10;
      },
    );
    expect(await run(f, [1, 2, 3, 4])).toEqual([10, 20, 30, 40]);
  });

  it('the body gets (as, item, index)', async () => {
    const seen: [string, number][] = [];
    const f = flow<string[]>().map(
      (xs) => xs,
      (as, item: string, index) => {
        seen.push([item, index]);
        return `${index}:${item}`;
      },
    );
    expect(await run(f, ['a', 'b', 'c'])).toEqual(['0:a', '1:b', '2:c']);
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('maps any Iterable (Set, generator)', async () => {
    function* gen(n: number) {
      for (let i = 0; i < n; i++) yield i;
    }
    const set = flow<Set<string>>().map(
      (s) => s,
      (as, v: string) => v.toUpperCase(),
    );
    expect(await run(set, new Set(['x', 'y']))).toEqual(['X', 'Y']);
    const g = flow<number>().map(
      (n) => gen(n),
      (as, v: number) => v * v,
    );
    expect(await run(g, 4)).toEqual([0, 1, 4, 9]);
  });

  it('maps an AsyncIterable (async generator) in input order', async () => {
    async function* agen() {
      for (const v of ['a', 'b', 'c']) {
        await tick();
        yield v;
      }
    }
    const f = flow<number>().map(
      () => agen(),
      async (as, v: string, i) => {
        await tick();
        return v + i;
      },
    );
    expect(await run(f, 0)).toEqual(['a0', 'b1', 'c2']);
  });

  it('the body may be a Flow; it receives the item', async () => {
    const body = flow<number>().step((as, x) => x + 1).step((as, x) => x * 2);
    const f = flow<number[]>().map((xs) => xs, body);
    expect(await run(f, [1, 2, 3])).toEqual([4, 6, 8]);
  });

  it('a callback-style body that declares its output completes with as.success(value)', async () => {
    const f = flow<number[]>().map<number, number>(
      (xs) => xs,
      (as, x) => {
        setTimeout(() => as.success(x * 10), 1);
        as.waitExternal();
      },
    );
    const out: number[] = await run(f, [1, 2]);
    expect(out).toEqual([10, 20]);
  });

  it('maps a string by its characters (code points, as for…of gives them)', async () => {
    const f = flow<string>().map((s) => s, (as, ch, i) => `${i}:${ch}`);
    expect(await run(f, 'a😀b')).toEqual(['0:a', '1:😀', '2:b']);
    expect(await run(f, '')).toEqual([]);
  });

  it('an empty source gives []', async () => {
    expect(await run(flow<number[]>().map((xs) => xs, (as, x: number) => x), [])).toEqual([]);
  });

  it('default concurrency is unbounded', async () => {
    const g = gauge();
    const f = flow<number[]>().map(
      (xs) => xs,
      async (as, x: number) => {
        g.enter();
        await tick();
        await tick();
        g.leave();
        return x;
      },
    );
    expect(await run(f, [1, 2, 3, 4, 5, 6, 7])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(g.max).toBe(7);
  });

  it('the concurrency option bounds the items in flight', async () => {
    const g = gauge();
    const f = flow<number[]>().map(
      (xs) => xs,
      async (as, x: number) => {
        g.enter();
        await tick();
        await tick();
        g.leave();
        return -x;
      },
      { concurrency: 3 },
    );
    expect(await run(f, [1, 2, 3, 4, 5, 6, 7])).toEqual([-1, -2, -3, -4, -5, -6, -7]);
    expect(g.max).toBe(3);
  });

  it('backpressure: an AsyncIterable is pulled no faster than concurrency allows', async () => {
    const { iterable, stats } = countedSource(6);
    const gates: Deferred<void>[] = Array.from({ length: 6 }, () => deferred());
    const f = flow<number>().map(
      () => iterable,
      async (as, i: number) => {
        await gates[i]!.promise;
        return i * 2;
      },
      { concurrency: 2 },
    );
    const exec = run(f, 0);
    await flush(10);
    expect(stats.pulls).toBeLessThanOrEqual(2);
    gates[0]!.resolve();
    await flush(10);
    expect(stats.pulls).toBeLessThanOrEqual(3);
    expect(stats.pulls).toBeGreaterThanOrEqual(3);
    for (const g of gates) g.resolve();
    expect(await exec).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('one failing item cancels the others and the error propagates', async () => {
    const log: string[] = [];
    const f = flow<number[]>().map(
      (xs) => xs,
      async (as, x: number) => {
        if (x === 2) {
          await tick();
          return as.error('ItemFailed', x);
        }
        as.setCancel(() => log.push(`cancel ${x}`));
        await deferred().promise;
        return x;
      },
    );
    const err = await failure(run(f, [1, 2, 3]));
    expect(err.code).toBe('ItemFailed');
    expect(err.info).toBe(2);
    expect(log.sort()).toEqual(['cancel 1', 'cancel 3']);
  });

  it("on error an AsyncIterable's return() is called and awaited before the error propagates", async () => {
    const closing = deferred();
    const { iterable, stats } = countedSource(100, () => closing.promise);
    const f = flow<number>().map(
      () => iterable,
      async (as, i: number) => {
        await tick();
        if (i === 1) as.error('Boom');
        return i;
      },
      { concurrency: 2 },
    );
    const exec = run(f, 0);
    const t = track(exec);
    await flush(10);
    expect(stats.returns).toBe(1);
    expect(t.settled).toBe(false);
    closing.resolve();
    const err = await failure(exec);
    expect(err.code).toBe('Boom');
    expect(stats.returnDone).toBe(1);
    expect(stats.pulls).toBeLessThan(100);
  });

  it('on error an async generator is closed (its finally runs) before a catch outside sees the error', async () => {
    const log: string[] = [];
    async function* agen() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        log.push('closing');
        await tick();
        log.push('closed');
      }
    }
    const f = flow<number>()
      .map(
        () => agen(),
        (as, i: number) => (i === 2 ? as.error('Stop') : i),
        { concurrency: 1 },
      )
      .catch((as, err) => {
        log.push(`caught ${err.code}`);
        return [] as number[];
      });
    expect(await run(f, 0)).toEqual([]);
    expect(log).toEqual(['closing', 'closed', 'caught Stop']);
  });

  it("on cancel an AsyncIterable's return() is called and awaited before the run rejects", async () => {
    const closing = deferred();
    const { iterable, stats } = countedSource(10, () => closing.promise);
    const f = flow<number>().map(
      () => iterable,
      async () => {
        await deferred().promise;
      },
      { concurrency: 2 },
    );
    const exec = run(f, 0);
    await flush(10);
    const t = track(exec);
    exec.cancel();
    await flush(10);
    expect(stats.returns).toBe(1);
    expect(t.settled).toBe(false);
    closing.resolve();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(stats.returnDone).toBe(1);
  });
});
