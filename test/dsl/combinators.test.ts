// DESIGN: .parallel / .allSettled / .race / .any and "Details the contract fixes: Combinators".
import { describe, it, expect } from 'vitest';
import { flow, run, FlowError, Errors, type FlowStepApi } from '../../index.js';
import { deferred, failure, flush, gauge, tick } from '../helpers.js';

describe('parallel', () => {
  it('a callback-style branch that declares its output completes with as.success(value)', async () => {
    const f = flow<number>().parallel([
      (as: FlowStepApi<string>, n) => {
        setTimeout(() => as.success(`five ${n}`), 1);
        as.waitExternal();
      },
      (as, n) => n * 2,
    ]);
    const out: [string, number] = await run(f, 5);
    expect(out).toEqual(['five 5', 10]);
  });

  it('an array of branches gives a tuple in branch order; each branch gets the current value', async () => {
    const f = flow<number>()
      .step((as, x) => x + 1)
      .parallel([
        async (as: unknown, x: number) => {
          await tick();
          await tick();
          return x * 10;
        },
        (as: unknown, x: number) => `s${x}`,
        flow<number>().step((as, x) => x - 1),
      ]);
    expect(await run(f, 1)).toEqual([20, 's2', 1]);
  });

  it('a record of branches gives a record', async () => {
    const f = flow<number>().parallel({
      double: (as: unknown, x: number) => x * 2,
      str: flow<number>().step(async (as, x) => String(x)),
    });
    expect(await run(f, 4)).toEqual({ double: 8, str: '4' });
  });

  it('branches run concurrently when no limit is given', async () => {
    const g = gauge();
    const branch = async () => {
      g.enter();
      await tick();
      await tick();
      g.leave();
      return 1;
    };
    await run(flow<number>().parallel([branch, branch, branch, branch]), 0);
    expect(g.max).toBe(4);
  });

  it('the concurrency option bounds the branches in flight; results stay in order', async () => {
    const g = gauge();
    const mk = (i: number) => async () => {
      g.enter();
      await tick();
      await tick();
      g.leave();
      return i;
    };
    const f = flow<number>().parallel([mk(0), mk(1), mk(2), mk(3), mk(4), mk(5)], { concurrency: 2 });
    expect(await run(f, 0)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.max).toBe(2);
  });

  it("the first error cancels the running siblings, waits for their cancel handlers, then propagates", async () => {
    const log: string[] = [];
    const f = flow<number>()
      .parallel([
        (as: any) => {
          as.setCancel(() => log.push('sibling cancel'));
        },
        flow<number>()
          .step<number>((as) => {
            as.waitExternal();
          })
          .finally((as, o) => {
            log.push(`sibling finally ${o.status}`);
          }),
        async (as: any) => {
          await tick();
          as.error('BranchFailed', 'third');
        },
      ])
      .catch((as, err) => {
        log.push(`caught ${err.code}`);
        return 'x';
      });
    expect(await run(f, 0)).toBe('x');
    expect(log).toEqual(expect.arrayContaining(['sibling cancel', 'sibling finally cancelled']));
    expect(log).toHaveLength(3);
    expect(log[2]).toBe('caught BranchFailed');
  });

  it('the error that propagates is the failing branch error', async () => {
    const mine = new FlowError('Mine', 'info');
    const f = flow<number>().parallel([
      (as: any) => {
        as.waitExternal();
      },
      () => {
        throw mine;
      },
    ]);
    expect(await failure(run(f, 0))).toBe(mine);
  });

  it('after an error, branches not yet started never start', async () => {
    const started: number[] = [];
    const mk = (i: number) => async (as: any) => {
      started.push(i);
      await tick();
      if (i === 0) as.error('Stop');
      await deferred().promise;
    };
    const f = flow<number>().parallel([mk(0), mk(1), mk(2), mk(3)], { concurrency: 2 });
    expect((await failure(run(f, 0))).code).toBe('Stop');
    await flush();
    expect(started).toEqual([0, 1]);
  });
});

describe('allSettled', () => {
  it('gives per-branch outcomes for an array', async () => {
    const f = flow<number>().allSettled([
      (as: unknown, x: number) => x + 1,
      (as: any) => as.error('Nope', 'i'),
      async () => {
        await tick();
        return 'late';
      },
    ]);
    const r = (await run(f, 1)) as any[];
    expect(r).toHaveLength(3);
    expect(r[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(r[1].status).toBe('rejected');
    expect(r[1].error).toBeInstanceOf(FlowError);
    expect(r[1].error.code).toBe('Nope');
    expect(r[2]).toEqual({ status: 'fulfilled', value: 'late' });
  });

  it('gives a record of outcomes for a record; one failure cancels nothing', async () => {
    let slowDone = false;
    const f = flow<number>().allSettled({
      bad: () => {
        throw new FlowError('Bad');
      },
      slow: async () => {
        await tick();
        await tick();
        slowDone = true;
        return 5;
      },
    });
    const r = (await run(f, 0)) as any;
    expect(Object.keys(r).sort()).toEqual(['bad', 'slow']);
    expect(r.bad.status).toBe('rejected');
    expect(r.bad.error.code).toBe('Bad');
    expect(r.slow).toEqual({ status: 'fulfilled', value: 5 });
    expect(slowDone).toBe(true);
  });
});

describe('race', () => {
  it('settles with the first branch to succeed; losers are cancelled with cleanup before continuing', async () => {
    const log: string[] = [];
    const f = flow<number>()
      .race([
        (as: any) => {
          as.setCancel(() => log.push('loser cancelled'));
        },
        async (as: unknown, x: number) => {
          await tick();
          return x * 2;
        },
      ])
      .step((as, v) => {
        log.push(`next ${String(v)}`);
        return v;
      });
    expect(await run(f, 4)).toBe(8);
    expect(log).toEqual(['loser cancelled', 'next 8']);
  });

  it('settles with the first branch to fail', async () => {
    const log: string[] = [];
    const f = flow<number>()
      .race({
        slow: async () => {
          await tick();
          await tick();
          await tick();
          return 'slow';
        },
        fail: async (as: any) => {
          await tick();
          as.error('Lost');
        },
        wait: (as: any) => {
          as.setCancel(() => log.push('wait cancelled'));
        },
      })
      .catch((as, err) => {
        log.push(`caught ${err.code}`);
        return 'c';
      });
    expect(await run(f, 0)).toBe('c');
    expect(log).toEqual(['wait cancelled', 'caught Lost']);
  });
});

describe('any', () => {
  it('succeeds with the first success, ignoring failures; losers cancelled before continuing', async () => {
    const log: string[] = [];
    const f = flow<number>()
      .any([
        (as: any) => as.error('Fast fail'),
        async () => {
          await tick();
          await tick();
          return 'second';
        },
        (as: any) => {
          as.setCancel(() => log.push('third cancelled'));
        },
      ])
      .step((as, v) => {
        log.push(`next ${String(v)}`);
        return v;
      });
    expect(await run(f, 0)).toBe('second');
    expect(log).toEqual(['third cancelled', 'next second']);
  });

  it('takes a record of branches', async () => {
    const f = flow<number>().any({
      a: (as: any) => as.error('A'),
      b: (as: unknown, x: number) => x + 100,
    });
    expect(await run(f, 1)).toBe(101);
  });

  it('when all fail: AllFailed with the errors in branch order in err.data', async () => {
    const f = flow<number>().any([
      async (as: any) => {
        await tick();
        await tick();
        as.error('First', 0);
      },
      (as: any) => as.error('Second', 1),
      async (as: any) => {
        await tick();
        as.error('Third', 2);
      },
    ]);
    const err = await failure(run(f, 0));
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.AllFailed);
    expect(Array.isArray(err.data)).toBe(true);
    expect(err.data.map((e: FlowError) => e.code)).toEqual(['First', 'Second', 'Third']);
    expect(err.data.every((e: unknown) => e instanceof FlowError)).toBe(true);
  });
});

describe('choose', () => {
  const f = flow<{ kind: string; n: number }>().choose(
    (o) => o.kind,
    {
      double: (as: unknown, o: { n: number }) => o.n * 2,
      flow: flow<{ kind: string; n: number }>().step((as, o) => `flow ${o.n}`),
    },
    (as: unknown, o: { kind: string }) => `otherwise ${o.kind}`,
  );

  it('runs the case the selector names, with the current value', async () => {
    expect(await run(f, { kind: 'double', n: 21 })).toBe(42);
  });

  it('a case may be a Flow', async () => {
    expect(await run(f, { kind: 'flow', n: 3 })).toBe('flow 3');
  });

  it('runs otherwise when no case matches', async () => {
    expect(await run(f, { kind: 'other', n: 0 })).toBe('otherwise other');
  });

  it('no matching case and no otherwise: InternalError whose info names the key', async () => {
    const g = flow<string>().choose((s) => s, { a: () => 1 });
    const err = await failure(run(g, 'zebra'));
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.InternalError);
    expect(String(err.info)).toContain('zebra');
  });

  it('only the chosen case runs', async () => {
    const ran: string[] = [];
    const g = flow<string>().choose((s) => s, {
      a: () => {
        ran.push('a');
      },
      b: () => {
        ran.push('b');
      },
    });
    await run(g, 'b');
    expect(ran).toEqual(['b']);
  });
});
