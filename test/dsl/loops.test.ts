// DESIGN: loops (.loop / .repeat / .forEach), "Details the contract fixes: Bodies", labelled break/continue.
import { describe, it, expect } from 'vitest';
import { flow, run, Errors } from '../../index.js';
import { failure, tick } from '../helpers.js';

interface Ctx {
  n: number;
  log: string[];
}
const ctx = (): Ctx => ({ n: 0, log: [] });

describe('loop', () => {
  it('runs until as.break(); the handler gets (as, input); the output is the input', async () => {
    const inputs: unknown[] = [];
    const f = flow<Ctx>().loop((as, c) => {
      inputs.push(c);
      if (++c.n === 3) as.break();
    });
    const input = ctx();
    const out = await run(f, input);
    expect(out).toBe(input);
    expect(input.n).toBe(3);
    expect(inputs).toEqual([input, input, input]);
  });

  it('the output passes on to the next step', async () => {
    const f = flow<number>()
      .loop((as) => as.break())
      .step((as, x) => x + 1);
    expect(await run(f, 41)).toBe(42);
  });

  it('a Flow body receives the loop input every iteration', async () => {
    const body = flow<Ctx>().step((as, c) => {
      c.log.push(`it${c.n}`);
      if (++c.n === 2) as.break();
    });
    const input = ctx();
    expect(await run(flow<Ctx>().loop(body), input)).toBe(input);
    expect(input.log).toEqual(['it0', 'it1']);
  });

  it('as.break() works from nested sub-steps', async () => {
    let iterations = 0;
    const f = flow<number>().loop((as) => {
      iterations++;
      as.add((s: any) => {
        s.add((s2: any) => {
          if (iterations === 2) s2.break();
          s2.success();
        });
      });
    });
    await run(f, 0);
    expect(iterations).toBe(2);
  });

  it('an async body is awaited before the next iteration', async () => {
    const log: string[] = [];
    let n = 0;
    const f = flow<number>().loop(async (as) => {
      log.push(`start ${n}`);
      await tick();
      log.push(`end ${n}`);
      if (++n === 2) as.break();
    });
    await run(f, 0);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
  });

  it('an error in the body ends the loop and propagates', async () => {
    let n = 0;
    const f = flow<number>().loop((as) => {
      if (++n === 3) as.error('LoopFailed');
    });
    expect((await failure(run(f, 0))).code).toBe('LoopFailed');
    expect(n).toBe(3);
  });
});

describe('repeat', () => {
  it('runs the body count times with (as, i, input); the output is the input', async () => {
    const calls: [number, unknown][] = [];
    const input = { id: 1 };
    const f = flow<{ id: number }>().repeat(3, (as, i, inp) => {
      calls.push([i, inp]);
    });
    expect(await run(f, input)).toBe(input);
    expect(calls).toEqual([
      [0, input],
      [1, input],
      [2, input],
    ]);
  });

  it('the count may be a function of the input', async () => {
    const seen: number[] = [];
    const f = flow<{ size: number }>().repeat(
      (b) => b.size,
      (as, i) => {
        seen.push(i);
      },
    );
    await run(f, { size: 4 });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('a count of 0 never runs the body', async () => {
    let called = false;
    await run(
      flow<number>().repeat(0, () => {
        called = true;
      }),
      0,
    );
    expect(called).toBe(false);
  });

  it('as.continue() skips the rest of an iteration, including queued sub-steps', async () => {
    const log: number[] = [];
    const f = flow<number>().repeat(3, (as, i) => {
      as.add((s: any) => {
        if (i === 1) s.continue();
        s.success();
      });
      as.add((s: any) => {
        log.push(i);
        s.success();
      });
    });
    await run(f, 0);
    expect(log).toEqual([0, 2]);
  });

  it('a Flow body receives the loop input (not the index)', async () => {
    const seen: unknown[] = [];
    const body = flow<string>().step((as, s) => {
      seen.push(s);
    });
    expect(await run(flow<string>().repeat(2, body), 'in')).toBe('in');
    expect(seen).toEqual(['in', 'in']);
  });
});

describe('forEach', () => {
  it('iterates an array with (as, value, index, input); the output is the input', async () => {
    const calls: unknown[][] = [];
    const input = { items: ['a', 'b'] };
    const f = flow<{ items: string[] }>().forEach(
      (x) => x.items,
      (as, value, key, inp) => {
        calls.push([value, key, inp]);
      },
    );
    expect(await run(f, input)).toBe(input);
    expect(calls).toEqual([
      ['a', 0, input],
      ['b', 1, input],
    ]);
  });

  it('iterates a Map with (value, key)', async () => {
    const calls: unknown[][] = [];
    const f = flow<Map<string, number>>().forEach(
      (m) => m,
      (as, value, key) => {
        calls.push([value, key]);
      },
    );
    await run(
      f,
      new Map([
        ['x', 1],
        ['y', 2],
      ]),
    );
    expect(calls).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('iterates a plain object with (value, key)', async () => {
    const calls: unknown[][] = [];
    const f = flow<Record<string, number>>().forEach(
      (o) => o,
      (as, value, key) => {
        calls.push([value, key]);
      },
    );
    await run(f, { a: 1, b: 2 });
    expect(calls).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('iterates a Set (an Iterable) with the index as key', async () => {
    const calls: unknown[][] = [];
    const f = flow<Set<string>>().forEach(
      (s) => s,
      (as, value, key) => {
        calls.push([value, key]);
      },
    );
    await run(f, new Set(['p', 'q']));
    expect(calls).toEqual([
      ['p', 0],
      ['q', 1],
    ]);
  });

  it('iterates a string by its characters with the index as key', async () => {
    const calls: unknown[][] = [];
    const f = flow<string>().forEach(
      (s) => s,
      (as, value, key) => {
        calls.push([value, key]);
      },
    );
    expect(await run(f, 'ab')).toBe('ab');
    expect(calls).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('iterates an AsyncIterable with the index as key', async () => {
    async function* agen() {
      yield 'u';
      await tick();
      yield 'v';
    }
    const calls: unknown[][] = [];
    const f = flow<number>().forEach(
      () => agen(),
      (as, value, key) => {
        calls.push([value, key]);
      },
    );
    expect(await run(f, 5)).toBe(5);
    expect(calls).toEqual([
      ['u', 0],
      ['v', 1],
    ]);
  });

  it('as.break() stops the iteration', async () => {
    const seen: number[] = [];
    const f = flow<number[]>().forEach(
      (xs) => xs,
      (as, v) => {
        if (v === 3) as.break();
        seen.push(v);
      },
    );
    await run(f, [1, 2, 3, 4]);
    expect(seen).toEqual([1, 2]);
  });

  it('a Flow body receives the loop input', async () => {
    const seen: unknown[] = [];
    const body = flow<number[]>().step((as, xs) => {
      seen.push(xs);
    });
    const input = [7, 8];
    await run(flow<number[]>().forEach((xs) => xs, body), input);
    expect(seen).toEqual([input, input]);
  });
});

describe('labels', () => {
  const inner = flow<{ i: number; log: string[]; action: 'break' | 'continue' }>().repeat(
    3,
    (as, j, c) => {
      if (c.i === 1 && j === 1) {
        if (c.action === 'break') as.break('outer');
        else as.continue('outer');
      }
      c.log.push(`${c.i}.${j}`);
    },
    { label: 'inner' },
  );
  const outer = flow<{ i: number; log: string[]; action: 'break' | 'continue' }>()
    .repeat(
      3,
      (as, i, c) => {
        c.i = i;
        return as.run(inner, c);
      },
      { label: 'outer' },
    )
    .step((as, c) => {
      c.log.push('after');
      return c.log;
    });

  it("as.break('outer') from a nested loop ends the outer loop", async () => {
    expect(await run(outer, { i: 0, log: [], action: 'break' })).toEqual(['0.0', '0.1', '0.2', '1.0', 'after']);
  });

  it("as.continue('outer') from a nested loop goes on with the next outer iteration", async () => {
    expect(await run(outer, { i: 0, log: [], action: 'continue' })).toEqual(['0.0', '0.1', '0.2', '1.0', '2.0', '2.1', '2.2', 'after']);
  });

  it('an unlabelled break ends only the innermost loop', async () => {
    const log: string[] = [];
    const innerLoop = flow<number>().forEach(
      () => [0, 1, 2],
      (as, j) => {
        if (j === 1) as.break();
        log.push(`j${j}`);
      },
    );
    const f = flow<number>().forEach(() => ['a', 'b'], innerLoop, { label: 'L' });
    await run(f, 0);
    expect(log).toEqual(['j0', 'j0']);
  });

  it('a labelled break crosses embedded flows and sub-steps of a loop body', async () => {
    let outerIterations = 0;
    const deep = flow<number>().step('deep', (as) => {
      as.add((s: any) => s.break('top'));
    });
    const middle = flow<number>().loop(deep);
    const f = flow<number>()
      .loop(
        (as, x) => {
          outerIterations++;
          return as.run(middle, x);
        },
        { label: 'top' },
      )
      .step((as, x) => x * 2);
    expect(await run(f, 4)).toBe(8);
    expect(outerIterations).toBe(1);
  });
});

describe('repeat with a count function', () => {
  it('a count that is not a non-negative integer fails the run with InternalError naming it', async () => {
    for (const [bad, shown] of [[-2, '-2'], [2.5, '2.5'], [Number.POSITIVE_INFINITY, 'Infinity'], ['3', '"3"'], [Number.NaN, 'NaN']] as const) {
      let iterations = 0;
      const f = flow<number>().repeat(() => bad as number, () => {
        iterations++;
      });
      const err = await failure(run(f, 0));
      expect(err.code).toBe(Errors.InternalError);
      expect(err.info).toBe(`repeat: the count function must give a non-negative integer, got ${shown}`);
      expect(iterations).toBe(0);
    }
  });
});
