// DESIGN "The typed DSL by example" (.step) and "Details the contract fixes: Step outputs".
import { describe, it, expect } from 'vitest';
import { flow, run, FlowError } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, flush, observed, tick } from '../helpers.js';

describe('step outputs', () => {
  it('a returned value is the step output and the next step input', async () => {
    const f = flow<number>()
      .step((as, x) => x + 1)
      .step((as, x) => x * 10);
    expect(await run(f, 1)).toBe(20);
  });

  it('a returned promise is awaited and its value is the output', async () => {
    const f = flow<number>()
      .step(async (as, x) => {
        await tick();
        return `v${x}`;
      })
      .step((as, s) => s + '!');
    expect(await run(f, 3)).toBe('v3!');
  });

  it('a handler returning undefined without waiting completes with undefined', async () => {
    const seen: unknown[] = [];
    const f = flow<number>()
      .step((as, x) => {
        void x;
      })
      .step((as, v) => {
        seen.push(v);
        return 'next';
      });
    expect(await run(f, 5)).toBe('next');
    expect(seen).toEqual([undefined]);
    expect(await run(flow<number>().step(() => undefined), 1)).toBeUndefined();
  });

  it('callback style: as.success later after as.setTimeout; the step timer is cleared', async () => {
    const sched = createTestScheduler();
    const f = flow<number>().step<number>('cb', (as, x) => {
      as.setTimeout(1000);
      setImmediate(() => as.success(x * 2));
    });
    const exec = run(f, 21, { scheduler: sched });
    await flush();
    expect(exec.status).toBe('succeeded');
    expect(await exec).toBe(42);
    expect(sched.now()).toBe(0);
    expect(sched.pending()).toBe(0);
  });

  it('callback style: as.setCancel keeps the step waiting for a later as.success', async () => {
    let later: ((v: string) => void) | undefined;
    const f = flow<number>().step<string>((as) => {
      as.setCancel(() => {});
      later = (v) => as.success(v);
    });
    const exec = run(f, 0);
    await flush();
    expect(exec.status).toBe('running');
    later!('done');
    expect(await exec).toBe('done');
  });

  it('callback style: as.waitExternal keeps the step waiting; as.error from the callback fails it', async () => {
    let api: any;
    const f = flow<number>().step<string>((as) => {
      as.waitExternal();
      api = as;
    });
    const exec = run(f, 0);
    await flush();
    expect(exec.status).toBe('running');
    api.error('Remote', 'went away');
    const err = await failure(exec);
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe('Remote');
    expect(err.info).toBe('went away');
  });

  it('a handler that returns its own as (a chained waitExternal/setTimeout) waits: its as is never the output', async () => {
    const waiters: Array<{ success(v?: unknown): void }> = [];
    const f = flow<number>()
      .step<string>((as) => {
        waiters.push(as);
        return as.setTimeout(10_000);
      })
      .step(async (as, v) => {
        await flush();
        waiters.push(as);
        return as.waitExternal();
      })
      .step((as, v) => ({ last: v }));
    const exec = run(f, 0);
    await flush();
    expect(exec.status).toBe('running');
    waiters[0]!.success('first');
    await flush();
    await flush();
    expect(exec.status).toBe('running');
    waiters[1]!.success();
    expect(await exec).toEqual({ last: undefined });
  });

  it('as.add sub-steps: the step completes with the last sub-step result', async () => {
    const f = flow<number>()
      .step<number>((as, x) => {
        as.add((s: any) => s.success(x + 1));
        as.add((s: any, y: number) => s.success(y * 3));
      })
      .step((as, v) => v + 0.5);
    expect(await run(f, 1)).toBe(6.5);
  });

  it('return as.run(sub, v) gives the sub-flow output as the step output', async () => {
    const sub = flow<string>().step((as, s) => s.toUpperCase()).step((as, s) => s + s);
    const f = flow<number>()
      .step((as, x) => as.run(sub, `a${x}`))
      .step((as, s) => `[${s}]`);
    expect(await run(f, 1)).toBe('[A1A1]');
  });

  it('.step(subFlow) embeds a flow; it receives the current value', async () => {
    const sub = flow<number>().step((as, x) => x * 10).step((as, x) => x + 1);
    const f = flow<number>().step((as, x) => x + 1).step(sub);
    expect(await run(f, 1)).toBe(21);
  });

  it(".step('name', subFlow) embeds a named flow; the name is in err.steps", async () => {
    const sub = flow<number>().step((as, x) => (x > 0 ? x : as.error('Neg')));
    const f = flow<number>().step('inner', sub);
    expect(await run(f, 2)).toBe(2);
    const err = await failure(run(f, -1));
    expect(err.code).toBe('Neg');
    expect(err.steps).toContain('inner');
  });

  it('.step(name, handler, onError): onError recovers the step error with its return value', async () => {
    const f = flow<number>()
      .step(
        'risky',
        (as, x): number => as.error('Bad', x),
        (as, err) => `recovered ${err.code} ${String(err.info)}`,
      )
      .step((as, v) => `${v}.`);
    expect(await run(f, 7)).toBe('recovered Bad 7.');
  });

  it('.step(name, handler, onError): onError is scoped to that step only', async () => {
    const calls: string[] = [];
    const f = flow<number>()
      .step(
        'first',
        (as, x) => x,
        () => {
          calls.push('onError');
          return 0;
        },
      )
      .step((as): number => as.error('Later'));
    const err = await failure(run(f, 1));
    expect(err.code).toBe('Later');
    expect(calls).toEqual([]);
  });

  it(".step<T>(name, handler, onError): onError recovers through as.success with the step's output type", async () => {
    const f = flow<number>()
      .step<string>(
        'charge',
        (as) => {
          setTimeout(() => as.error('Declined'), 1);
          as.waitExternal();
        },
        (as, err) => {
          as.success(`offline after ${err.code}`);
        },
      )
      .step((as, v) => v.toUpperCase());
    expect(await run(f, 1)).toBe('OFFLINE AFTER DECLINED');
  });

  it('.step(name, handler, onError): returning nothing from onError rethrows', async () => {
    const f = flow<number>().step(
      'x',
      (as): number => as.error('Keep'),
      () => {},
    );
    expect((await failure(run(f, 1))).code).toBe('Keep');
  });

  it('as.signal is aborted when the run is cancelled', async () => {
    let signal: AbortSignal | undefined;
    const never = deferred();
    const f = flow<number>().step(async (as) => {
      signal = as.signal;
      await never.promise;
    });
    const exec = run(f, 0);
    await flush();
    expect(signal!.aborted).toBe(false);
    exec.cancel();
    expect(signal!.aborted).toBe(true);
    expect((await failure(exec)).code).toBe('Cancelled');
  });

  it('as.signal is aborted when the step times out', async () => {
    const sched = createTestScheduler();
    let signal: AbortSignal | undefined;
    const never = deferred();
    const f = flow<number>()
      .step(async (as) => {
        signal = as.signal;
        await never.promise;
      })
      .timeout(100);
    const exec = observed(run(f, 0, { scheduler: sched }));
    await sched.advance(99);
    expect(signal!.aborted).toBe(false);
    await sched.advance(1);
    expect(signal!.aborted).toBe(true);
    expect((await failure(exec)).code).toBe('Timeout');
    expect(sched.pending()).toBe(0);
  });
});

describe('immutability', () => {
  it('every builder call returns a new Flow and leaves the receiver unchanged', async () => {
    const base = flow<number>().step((as, x) => x + 1);
    const graph = base.graph;
    const a = base.step((as, x) => x * 2);
    const b = base.step((as, x) => x * 3);
    const c = base.catch(() => 0).finally(() => {}).timeout(1000).retry({ attempts: 1 });
    expect(a).not.toBe(base);
    expect(b).not.toBe(base);
    expect(c).not.toBe(base);
    expect(base.graph).toBe(graph);
    expect(await run(base, 1)).toBe(2);
    expect(await run(a, 1)).toBe(4);
    expect(await run(b, 1)).toBe(6);
  });

  it('the graph is deeply frozen plain data', () => {
    const f = flow<number>('root')
      .step('a', (as, x) => x)
      .parallel([(as, x) => x, flow<number>().step((as, x) => x)])
      .parallel({ k: (as: unknown, x: unknown) => x })
      .map(
        () => [1, 2],
        (as, i) => i,
        { concurrency: 1 },
      )
      .choose(() => 'a', { a: () => 1 }, () => 2)
      .loop((as) => as.break(), { label: 'L' })
      .repeat(2, () => {})
      .forEach(() => [1], () => {})
      .catch('X', () => 1)
      .finally(() => {})
      .timeout(1000)
      .retry({ attempts: 2, retryOn: ['X'] });
    const seen = new Set<object>();
    const unfrozen: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v !== 'object' || seen.has(v)) return;
      seen.add(v);
      if (!Object.isFrozen(v)) unfrozen.push(path);
      for (const k of Reflect.ownKeys(v)) walk((v as any)[k], `${path}.${String(k)}`);
    };
    walk(f.graph, 'graph');
    expect(seen.size).toBeGreaterThan(5);
    expect(unfrozen).toEqual([]);
  });

  it('a Flow has no then: it is never mistaken for a promise', async () => {
    const f = flow<number>().step((as, x) => x);
    expect('then' in f).toBe(false);
    const awaited = await f;
    expect(awaited).toBe(f);
    expect(await Promise.resolve(f)).toBe(f);
  });
});

describe('as.error, as.break and as.continue after an await in an async handler', () => {
  const later = () => new Promise((r) => setTimeout(r, 1));

  it('stop the handler there, as in a sync handler: nothing after them runs', async () => {
    const log: string[] = [];
    const charged: string[] = [];
    const err = await failure(
      run(
        flow<number>().step(async (as, n) => {
          await later();
          if (n < 10) as.error('Declined', 'too little');
          await later();
          charged.push('charged');
          return n;
        }),
        1,
      ),
    );
    expect(err.code).toBe('Declined');
    await later();
    await later();
    expect(charged).toEqual([]);
    await run(
      flow<number>().repeat(2, async (as, i) => {
        await later();
        as.continue();
        log.push(`after continue ${i}`);
      }),
      0,
    );
    await run(
      flow<number>().loop(async (as) => {
        await later();
        as.break();
        log.push('after break');
      }),
      0,
    );
    expect(log).toEqual([]);
  });

  it('a callback-style step (its handler returned) still gets no exception thrown into the callback', async () => {
    let thrown: unknown = 'nothing';
    const f = flow<number>().step<number>((as) => {
      as.waitExternal();
      setTimeout(() => {
        try {
          as.error('Remote');
        } catch (e) {
          thrown = e;
        }
      }, 1);
    });
    const err = await failure(run(f, 0));
    expect(err.code).toBe('Remote');
    expect(thrown).toBe('nothing');
  });
});

describe('as.signal of a cancelled step', () => {
  it('is one signal, aborted, on every read: in an abort listener, after the cancel, and when first read after it', async () => {
    const reads: Array<[boolean, boolean]> = [];
    let captured: AbortSignal | undefined;
    const exec = run(
      flow<number>().step<number>((as) => {
        as.waitExternal();
        captured = as.signal;
        captured.addEventListener('abort', () => reads.push([as.signal === captured, as.signal.aborted]));
      }),
      0,
    );
    await flush();
    exec.cancel('gone');
    await failure(exec);
    expect(reads).toEqual([[true, true]]);
    let late: { signal: AbortSignal } | undefined;
    const exec2 = run(
      flow<number>().step<number>((as) => {
        as.waitExternal();
        late = as;
      }),
      0,
    );
    await flush();
    exec2.cancel('gone');
    await failure(exec2);
    expect(late!.signal.aborted).toBe(true);
    expect((late!.signal.reason as FlowError).code).toBe('Cancelled');
    expect(late!.signal).toBe(late!.signal);
  });
});
