// DESIGN: Context (contextVar / continuationVar) and "Details the contract fixes: Context vars".
import { describe, it, expect } from 'vitest';
import { flow, run, contextVar, continuationVar } from '../../index.js';
import { tick } from '../helpers.js';

describe('contextVar', () => {
  const tenant = contextVar<string>('tenant', 'public');
  const noDefault = contextVar<string>('nodefault');

  it('.with(v, value, body) sets it for the body (v.get() and as.get(v))', async () => {
    const f = flow<number>().with(tenant, 'acme', (as) => [tenant.get(), as.get(tenant)]);
    expect(await run(f, 0)).toEqual(['acme', 'acme']);
  });

  it('.with(v, fn, body) computes the value from the input', async () => {
    const f = flow<{ t: string }>().with(
      tenant,
      (req: { t: string }) => req.t.toUpperCase(),
      (as, req) => `${tenant.get()}/${req.t}`,
    );
    expect(await run(f, { t: 'x' })).toBe('X/x');
  });

  it('get() is the default when unset, undefined without a default', async () => {
    const f = flow<number>().step(() => [tenant.get(), noDefault.get()]);
    expect(await run(f, 0)).toEqual(['public', undefined]);
    expect(tenant.get()).toBe('public');
    expect(noDefault.get()).toBeUndefined();
  });

  it('sub-steps, as.run flows, embedded flows and parallel branches see the value', async () => {
    const f = flow<number>().with(
      tenant,
      'acme',
      flow<number>()
        .step<string>((as) => {
          as.add((s: any) => s.success(tenant.get()));
        })
        .step((as, a) => as.run(flow<string>().step((as2, x) => `${x}+${tenant.get()}`), a))
        .step('emb', flow<string>().step((as, x) => `${x}+${tenant.get()}`))
        .parallel([
          (as: unknown, x: string) => `${x}|${tenant.get()}`,
          async () => {
            await tick();
            return tenant.get();
          },
        ]),
    );
    expect(await run(f, 0)).toEqual(['acme+acme+acme|acme', 'acme']);
  });

  it('catch handlers, map items and loop bodies inside the body see the value', async () => {
    const seen: string[] = [];
    const f = flow<number>().with(
      tenant,
      'acme',
      flow<number>()
        .step((as): number => as.error('E'))
        .catch(() => tenant.get())
        .repeat(1, () => {
          seen.push(`loop ${tenant.get()}`);
        })
        .map(
          () => [1, 2],
          async () => {
            await tick();
            return tenant.get();
          },
        ),
    );
    expect(await run(f, 0)).toEqual(['acme', 'acme']);
    expect(seen).toEqual(['loop acme']);
  });

  it('a finally handler inside the body sees the value (v.get() and as.get(v))', async () => {
    const seen: string[] = [];
    const f = flow<number>().with(
      tenant,
      'acme',
      flow<number>()
        .step((as, x) => x)
        .finally((as) => {
          seen.push(`${as.get(tenant)} ${tenant.get()}`);
        }),
    );
    await run(f, 0);
    expect(seen).toEqual(['acme acme']);
  });

  it('plain async functions called from a step see it, also after awaits', async () => {
    async function helper(): Promise<string[]> {
      const seen = [tenant.get()];
      await Promise.resolve();
      seen.push(tenant.get());
      await tick();
      seen.push(tenant.get());
      await new Promise((r) => setTimeout(r, 1));
      seen.push(tenant.get());
      return seen;
    }
    const f = flow<number>().with(tenant, 'acme', () => helper());
    expect(await run(f, 0)).toEqual(['acme', 'acme', 'acme', 'acme']);
  });

  it('concurrent runs each see their own value', async () => {
    async function helper(): Promise<string> {
      await tick();
      await tick();
      return tenant.get();
    }
    const f = flow<string>().with(tenant, (t: string) => t, () => helper());
    expect(await Promise.all([run(f, 'a'), run(f, 'b'), run(f, 'c')])).toEqual(['a', 'b', 'c']);
  });

  it('nothing leaks to the parent: after the body the outer value is back', async () => {
    const f = flow<number>()
      .with(tenant, 'outer', flow<number>().with(tenant, 'inner', () => tenant.get()).step((as, innerValue) => [innerValue, tenant.get()]))
      .step((as, pair) => [...pair, tenant.get()]);
    expect(await run(f, 0)).toEqual(['inner', 'outer', 'public']);
  });

  it('nothing leaks to siblings: a parallel branch setting it does not affect the others', async () => {
    const f = flow<number>().parallel([
      flow<number>().with(tenant, 'a', async () => {
        await tick();
        return tenant.get();
      }),
      async () => {
        await tick();
        await tick();
        return tenant.get();
      },
      flow<number>().with(tenant, 'c', () => tenant.get()),
    ]);
    expect(await run(f, 0)).toEqual(['a', 'public', 'c']);
  });

  it('as.set on a contextVar throws a TypeError', async () => {
    let caught: unknown;
    const f = flow<number>().step((as) => {
      try {
        (as as any).set(tenant, 'nope');
      } catch (e) {
        caught = e;
      }
      return tenant.get();
    });
    expect(await run(f, 0)).toBe('public');
    expect(caught).toBeInstanceOf(TypeError);
  });
});

describe('continuationVar', () => {
  it('starts at its default; a value set with as.set flows on to later steps', async () => {
    const cv = continuationVar<number>('cv', { default: 7 });
    const f = flow<number>()
      .step((as) => as.get(cv))
      .step((as, before) => {
        as.set(cv, before + 1);
      })
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe(8);
  });

  it('a value set in a sub-step or an embedded flow flows on to the steps after it', async () => {
    const cv = continuationVar<string>('cv', { default: 'none' });
    const sub = flow<string>().step((as) => as.set(cv, 'from embedded'));
    const f = flow<number>()
      .step((as) => {
        as.add((s: any) => {
          s.set(cv, 'from sub-step');
          s.success();
        });
      })
      .step((as) => as.get(cv))
      .step((as, first) => {
        as.set(cv, 'reset');
        return first;
      })
      .step('emb', sub)
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe('from embedded');
    const g = flow<number>()
      .step((as) => {
        as.add((s: any) => {
          s.set(cv, 'from sub-step');
          s.success();
        });
      })
      .step((as) => as.get(cv));
    expect(await run(g, 0)).toBe('from sub-step');
  });

  it('each run starts from the default', async () => {
    const cv = continuationVar<number>('cv', { default: 0 });
    const f = flow<number>()
      .step((as) => as.set(cv, as.get(cv) + 1))
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe(1);
    expect(await run(f, 0)).toBe(1);
  });

  it('a sibling branch does not see what another branch set', async () => {
    const cv = continuationVar<string>('cv', { default: 'd' });
    const f = flow<number>().parallel([
      (as: any) => {
        as.set(cv, 'b0');
      },
      async (as: any) => {
        await tick();
        return as.get(cv);
      },
    ]);
    expect(((await run(f, 0)) as unknown[])[1]).toBe('d');
  });

  const late = (cv: any, v: string) => async (as: any) => {
    await tick();
    await tick();
    as.set(cv, v);
  };
  const now = (cv: any, v: string) => (as: any) => {
    as.set(cv, v);
  };

  it("merge 'last' (the default): the value of the branch that finished last", async () => {
    const cv = continuationVar<string>('last');
    const a = flow<number>()
      .parallel([late(cv, 'b0-late'), now(cv, 'b1-now')])
      .step((as) => as.get(cv));
    expect(await run(a, 0)).toBe('b0-late');
    const b = flow<number>()
      .parallel([now(cv, 'b0-now'), late(cv, 'b1-late')])
      .step((as) => as.get(cv));
    expect(await run(b, 0)).toBe('b1-late');
  });

  it("merge 'first': the value of the first branch in branch order", async () => {
    const cv = continuationVar<string>('first', { merge: 'first' });
    const a = flow<number>()
      .parallel([late(cv, 'b0-late'), now(cv, 'b1-now')])
      .step((as) => as.get(cv));
    expect(await run(a, 0)).toBe('b0-late');
    const b = flow<number>()
      .parallel([now(cv, 'b0-now'), late(cv, 'b1-late')])
      .step((as) => as.get(cv));
    expect(await run(b, 0)).toBe('b0-now');
  });

  it('a merge function gets one value per branch in branch order, inherited ones included', async () => {
    const calls: number[][] = [];
    const cv = continuationVar<number>('sum', {
      default: 0,
      merge: (vs) => {
        calls.push([...vs]);
        return vs.reduce((a, b) => a + b, 0);
      },
    });
    const f = flow<number>()
      .step((as) => as.set(cv, 1))
      .parallel([
        async (as: any) => {
          await tick();
          await tick();
          as.set(cv, 10);
        },
        () => {},
        (as: any) => {
          as.set(cv, 30);
        },
      ])
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe(41);
    expect(calls).toEqual([[10, 1, 30]]);
  });

  it('allSettled joins merge too, a failed branch contributing its final value', async () => {
    const calls: string[][] = [];
    const cv = continuationVar<string>('j', {
      default: 'd',
      merge: (vs) => {
        calls.push([...vs]);
        return vs.join('+');
      },
    });
    const f = flow<number>()
      .allSettled([
        (as: any) => {
          as.set(cv, 'ok');
        },
        (as: any) => {
          as.set(cv, 'bad');
          as.error('Fail');
        },
        () => 1,
      ])
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe('ok+bad+d');
    expect(calls).toEqual([['ok', 'bad', 'd']]);
  });

  it("after race it is the winner's value", async () => {
    const cv = continuationVar<string>('r', { default: 'd', merge: 'first' });
    const f = flow<number>()
      .race([
        async (as: any) => {
          as.set(cv, 'loser');
          await tick();
          await tick();
          return 1;
        },
        async (as: any) => {
          await tick();
          as.set(cv, 'winner');
          return 2;
        },
      ])
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe('winner');
  });

  it("after any it is the winner's value (not a failed branch's)", async () => {
    const cv = continuationVar<string>('a', { default: 'd' });
    const f = flow<number>()
      .any([
        (as: any) => {
          as.set(cv, 'failed');
          as.error('X');
        },
        async (as: any) => {
          await tick();
          as.set(cv, 'winner');
          return 1;
        },
      ])
      .step((as) => as.get(cv));
    expect(await run(f, 0)).toBe('winner');
  });

  it("on an error path it is the failing branch's value", async () => {
    const cv = continuationVar<string>('e', { default: 'd', merge: 'first' });
    const f = flow<number>()
      .parallel([
        (as: any) => {
          as.set(cv, 'healthy');
          as.waitExternal();
        },
        async (as: any) => {
          await tick();
          as.set(cv, 'failing');
          as.error('Broken');
        },
      ])
      .catch((as, err) => `${err.code}:${as.get(cv)}`);
    expect(await run(f, 0)).toBe('Broken:failing');
  });

  it('an error raised by a later step after as.set still sees the value in the catch', async () => {
    const cv = continuationVar<number>('c', { default: 0 });
    const f = flow<number>()
      .step((as) => as.set(cv, 5))
      .step((as) => as.error('Later'))
      .catch((as) => as.get(cv));
    expect(await run(f, 0)).toBe(5);
  });

  it('without a default it starts undefined', async () => {
    const cv = continuationVar<number>('nodefault');
    expect(await run(flow<number>().step((as) => [as.get(cv)]), 0)).toEqual([undefined]);
  });
});
