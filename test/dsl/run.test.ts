// DESIGN: Running, "Details the contract fixes: Execution", flow(zodSchema), cancel semantics.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { getEventListeners } from 'node:events';
import { z } from 'zod';
import { flow, run, FlowError, Errors } from '../../index.js';
import { deferred, failure, flush, track } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const waiting = () =>
  flow<number>().step<number>((as) => {
    as.waitExternal();
  });

describe('run and Execution', () => {
  it('returns an awaitable Execution', async () => {
    const exec = run(flow<number>().step((as, x) => x + 1), 1);
    expect(typeof exec.then).toBe('function');
    expect(await exec).toBe(2);
    await expect(Promise.resolve(exec)).resolves.toBe(2);
  });

  it("status goes 'running' -> 'succeeded'", async () => {
    const gate = deferred<number>();
    const exec = run(flow<number>().step(() => gate.promise), 0);
    expect(exec.status).toBe('running');
    gate.resolve(3);
    await exec;
    expect(exec.status).toBe('succeeded');
  });

  it("status goes 'running' -> 'failed' on an error", async () => {
    const exec = run(flow<number>().step((as) => as.error('E')), 0);
    await failure(exec);
    expect(exec.status).toBe('failed');
  });

  it('state is the object passed as the state option, also as.state', async () => {
    const state = { counter: 1 };
    let seen: unknown;
    const exec = run(
      flow<number>().step((as) => {
        seen = as.state;
        as.state.counter++;
      }),
      0,
      { state },
    );
    expect(exec.state).toBe(state);
    await exec;
    expect(seen).toBe(state);
    expect(state.counter).toBe(2);
  });

  it('without the option, state is a new {} per run, shared by its steps', async () => {
    const f = flow<number>()
      .step((as) => {
        as.state.x = 1;
      })
      .step((as) => as.state.x as number);
    const a = run(f, 0);
    const b = run(f, 0);
    expect(a.state).not.toBe(b.state);
    expect(await a).toBe(1);
    expect(a.state).toEqual({ x: 1 });
  });

  it("cancel(reason) rejects with FlowError Cancelled whose cause is the reason; status 'cancelled'", async () => {
    const exec = run(waiting(), 0);
    await flush();
    const reason = new Error('user left');
    exec.cancel(reason);
    expect(exec.status).toBe('cancelled');
    const err = await failure(exec);
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.Cancelled);
    expect(err.cause).toBe(reason);
  });

  it('cancel after the run settled changes nothing', async () => {
    const exec = run(flow<number>().step((as, x) => x), 4);
    expect(await exec).toBe(4);
    exec.cancel('late');
    expect(exec.status).toBe('succeeded');
    expect(await exec).toBe(4);
  });

  it('on cancel, error handlers are not called; cancel handlers and finally are, innermost first, once', async () => {
    const log: string[] = [];
    const inner = flow<number>()
      .step<number>(
        'hang',
        (as) => {
          as.setCancel(() => log.push('cancel handler'));
        },
        () => {
          log.push('onError');
          return 0;
        },
      )
      .catch(() => {
        log.push('inner catch');
        return 0;
      })
      .finally(() => {
        log.push('inner finally');
      });
    const f = flow<number>()
      .step(inner)
      .catch(() => {
        log.push('outer catch');
        return 0;
      })
      .finally(() => {
        log.push('outer finally');
      });
    const exec = run(f, 0);
    await flush();
    exec.cancel();
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    await flush();
    expect(log).toEqual(['cancel handler', 'inner finally', 'outer finally']);
  });

  it('aborting the signal cancels the run', async () => {
    const ac = new AbortController();
    let cancelled = 0;
    const f = flow<number>().step<number>((as) => {
      as.setCancel(() => cancelled++);
    });
    const exec = run(f, 0, { signal: ac.signal });
    await flush();
    ac.abort('stop');
    const err = await failure(exec);
    expect(err.code).toBe(Errors.Cancelled);
    expect(exec.status).toBe('cancelled');
    expect(cancelled).toBe(1);
  });

  it('leaves no abort listener on the signal once the run settled', async () => {
    const ac = new AbortController();
    const ok = run(flow<number>().step((as, x) => x), 1, { signal: ac.signal });
    await ok;
    const bad = run(flow<number>().step((as) => as.error('E')), 1, { signal: ac.signal });
    await failure(bad);
    const gate = deferred<number>();
    const pending = run(flow<number>().step(() => gate.promise), 1, { signal: ac.signal });
    pending.cancel();
    await failure(pending);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('a signal that is already aborted: the run rejects with Cancelled and no step runs', async () => {
    const ac = new AbortController();
    ac.abort();
    let ran = false;
    const exec = run(
      flow<number>().step(() => {
        ran = true;
      }),
      0,
      { signal: ac.signal },
    );
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(exec.status).toBe('cancelled');
    expect(ran).toBe(false);
  });

  it('throws synchronously (TypeError) for invalid arguments', () => {
    const f = flow<number>().step((as, x) => x);
    expect(() => run(null as any, 1)).toThrow(TypeError);
    expect(() => run({} as any, 1)).toThrow(TypeError);
    expect(() => run(f, 1, { timeout: -5 })).toThrow(TypeError);
    expect(() => run(f, 1, { signal: 'nope' as any })).toThrow(TypeError);
    expect(() => run(f, 1, { onEvent: 3 as any })).toThrow(TypeError);
    expect(() => run(f, 1, { state: 7 as any })).toThrow(TypeError);
  });

  it('a synchronously throwing step is a rejection, never a synchronous throw', async () => {
    const f = flow<number>().step(() => {
      throw new Error('sync');
    });
    let exec: PromiseLike<unknown> | undefined;
    expect(() => {
      exec = run(f, 0);
    }).not.toThrow();
    expect((await failure(exec!)).code).toBe(Errors.InternalError);
  });

  it('a throwing cancel handler does not crash the run; finally still runs once', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    let finallyRuns = 0;
    const f = flow<number>()
      .step<number>((as) => {
        as.setCancel(() => {
          throw new Error('cancel handler exploded');
        });
      })
      .finally(() => {
        finallyRuns++;
      });
    const exec = run(f, 0);
    await flush();
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    await flush();
    expect(finallyRuns).toBe(1);
  });

  it('the Execution promise settles only after the run settled', async () => {
    const gate = deferred<number>();
    const exec = run(flow<number>().step(() => gate.promise), 0);
    const t = track(exec);
    await flush();
    expect(t.settled).toBe(false);
    gate.resolve(1);
    await flush();
    expect(t.settled).toBe(true);
    expect(t.value).toBe(1);
  });
});

describe('flow(zodSchema)', () => {
  const schema = z.object({ id: z.string(), address: z.object({ zip: z.number() }) });
  const f = flow(schema, 'lookup').step((as, req) => `${req.id}:${req.address.zip}`);

  it('valid input runs', async () => {
    expect(await run(f, { id: 'a', address: { zip: 1 } })).toBe('a:1');
  });

  it('invalid input rejects with InvalidRequest naming each bad path; no step runs', async () => {
    let ran = false;
    const g = flow(schema).step(() => {
      ran = true;
    });
    const exec = run(g, { id: 5, address: { zip: 'x' } } as any);
    const err = await failure(exec);
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.InvalidRequest);
    const text = `${String(err.info)} ${err.message}`;
    expect(text).toMatch(/\bid\b/);
    expect(text).toContain('address.zip');
    expect(ran).toBe(false);
    expect(exec.status).toBe('failed');
  });

  it('invalid input is a rejection, not a synchronous throw', () => {
    let exec: PromiseLike<unknown> | undefined;
    expect(() => {
      exec = run(f, null as any);
    }).not.toThrow();
    return failure(exec!).then((err) => expect(err.code).toBe(Errors.InvalidRequest));
  });
});

describe('qualities', () => {
  it('a long loop of synchronous iterations neither overflows the stack nor starves timers', async () => {
    let timerFired = false;
    let iterationsWhenFired = -1;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    let i = 0;
    const f = flow<number>().loop((as) => {
      i++;
      if (timerFired && iterationsWhenFired < 0) iterationsWhenFired = i;
      if (iterationsWhenFired >= 0 || i >= 3_000_000) as.break();
    });
    await run(f, 0);
    expect(timerFired).toBe(true);
    expect(iterationsWhenFired).toBeGreaterThan(0);
  });

  it('many sequential steps and deep nesting run without stack overflow', async () => {
    let f = flow<number>().step((as, x) => x);
    for (let k = 0; k < 20_000; k++) f = f.step((as, x) => x + 1);
    expect(await run(f, 0)).toBe(20_000);
    let nested = flow<number>().step((as, x) => x + 1);
    for (let k = 0; k < 5_000; k++) nested = flow<number>().step(`n${k}`, nested);
    expect(await run(nested, 0)).toBe(1);
  });
});
