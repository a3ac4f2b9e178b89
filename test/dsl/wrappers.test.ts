// DESIGN: .finally, .timeout, .retry ("Wrappers apply to the flow built so far"),
// "Timeout and finally", "retry" details, Running (timeout option).
import { describe, it, expect, vi, afterEach } from 'vitest';
import { flow, run as start, FlowError, Errors } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, flush, observed, tick } from '../helpers.js';

/** These tests advance virtual time before they read a run's outcome: every run is observed from its start. */
const run: typeof start = (f, input, options) => observed(start(f, input, options));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('finally', () => {
  it('runs once after success with { status: success, value }; the value passes on', async () => {
    const outcomes: unknown[] = [];
    const f = flow<number>()
      .step((as, x) => x * 2)
      .finally((as, o) => {
        outcomes.push(o);
      })
      .step((as, v) => v + 1);
    expect(await run(f, 5)).toBe(11);
    expect(outcomes).toEqual([{ status: 'success', value: 10 }]);
  });

  it('runs once after an error with { status: error, error }; the error passes on', async () => {
    const outcomes: any[] = [];
    const f = flow<number>()
      .step((as) => as.error('Bad', 'info'))
      .finally((as, o) => {
        outcomes.push(o);
      });
    const err = await failure(run(f, 0));
    expect(err.code).toBe('Bad');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('error');
    expect(outcomes[0].error).toBe(err);
  });

  it('runs once after a cancel with { status: cancelled }; the run stays cancelled', async () => {
    const outcomes: unknown[] = [];
    const never = deferred();
    const f = flow<number>()
      .step(async () => {
        await never.promise;
      })
      .finally((as, o) => {
        outcomes.push(o);
      });
    const exec = run(f, 0);
    await flush();
    exec.cancel();
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    await flush();
    expect(outcomes).toEqual([{ status: 'cancelled' }]);
  });

  it('an async finally is awaited before the outcome moves on', async () => {
    const gate = deferred();
    const log: string[] = [];
    const f = flow<number>()
      .step((as, x) => x)
      .finally(async () => {
        log.push('finally start');
        await gate.promise;
        log.push('finally end');
      })
      .step((as, x) => {
        log.push('next');
        return x;
      });
    const exec = run(f, 1);
    await flush();
    expect(log).toEqual(['finally start']);
    expect(exec.status).toBe('running');
    gate.resolve();
    expect(await exec).toBe(1);
    expect(log).toEqual(['finally start', 'finally end', 'next']);
  });

  it('an async finally after an error is awaited before a catch outside sees the error', async () => {
    const gate = deferred();
    const log: string[] = [];
    const f = flow<number>()
      .step((as) => as.error('E'))
      .finally(async () => {
        await gate.promise;
        log.push('finally');
      })
      .catch(() => {
        log.push('catch');
        return 0;
      });
    const exec = run(f, 1);
    await flush();
    expect(log).toEqual([]);
    gate.resolve();
    await exec;
    expect(log).toEqual(['finally', 'catch']);
  });

  it('a finally that throws replaces a success with that error', async () => {
    const thrown = new FlowError('FinallyFailed');
    const f = flow<number>()
      .step((as, x) => x)
      .finally(() => {
        throw thrown;
      });
    expect(await failure(run(f, 1))).toBe(thrown);
  });

  it('a finally that throws replaces an error with that error', async () => {
    const f = flow<number>()
      .step((as) => as.error('Original'))
      .finally(() => {
        throw new Error('from finally');
      });
    const err = await failure(run(f, 1));
    expect(err.code).toBe(Errors.InternalError);
    expect((err.cause as Error).message).toBe('from finally');
  });

  it('a finally that rejects replaces a success with that error', async () => {
    const f = flow<number>()
      .step((as, x) => x)
      .finally(async () => {
        await tick();
        throw new FlowError('Late');
      });
    expect((await failure(run(f, 1))).code).toBe('Late');
  });

  it('a finally that throws during a cancel: the run stays cancelled and the throw is an error event', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const events: any[] = [];
    const never = deferred();
    const f = flow<number>()
      .step(async () => {
        await never.promise;
      })
      .finally(() => {
        throw new FlowError('CleanupFailed');
      });
    const exec = run(f, 0, { onEvent: (e) => events.push(e) });
    await flush();
    exec.cancel('stop');
    const err = await failure(exec);
    expect(err.code).toBe(Errors.Cancelled);
    expect(exec.status).toBe('cancelled');
    await flush();
    expect(events.some((e) => e.type === 'error')).toBe(true);
  });

  it('its return value is ignored', async () => {
    const f = flow<number>()
      .step((as, x) => x + 1)
      .finally(() => 'ignored' as unknown);
    expect(await run(f, 1)).toBe(2);
  });

  it('a finally inside a scope that timed out sees { status: cancelled }; Timeout is raised at the boundary', async () => {
    const sched = createTestScheduler();
    const outcomes: unknown[] = [];
    const never = deferred();
    const f = flow<number>()
      .step(async () => {
        await never.promise;
      })
      .finally((as, o) => {
        outcomes.push(o);
      })
      .timeout(100);
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(100);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(outcomes).toEqual([{ status: 'cancelled' }]);
    expect(sched.pending()).toBe(0);
  });

  it('a finally outside a timed-out scope sees the Timeout error', async () => {
    const sched = createTestScheduler();
    const outcomes: any[] = [];
    const f = flow<number>()
      .step<number>((as) => {
        as.waitExternal();
      })
      .timeout(50)
      .finally((as, o) => {
        outcomes.push(o);
      });
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(50);
    await failure(exec);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('error');
    expect(outcomes[0].error.code).toBe(Errors.Timeout);
  });
});

describe('timeout', () => {
  it('fails with Timeout exactly when the time is up and leaves no timer', async () => {
    const sched = createTestScheduler();
    const f = flow<number>()
      .step<number>((as) => {
        as.waitExternal();
      })
      .timeout(100);
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(99);
    expect(exec.status).toBe('running');
    await sched.advance(1);
    expect(exec.status).toBe('failed');
    const err = await failure(exec);
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.Timeout);
    expect(sched.pending()).toBe(0);
  });

  it('a body that finishes in time succeeds and its timer is cleared', async () => {
    const sched = createTestScheduler();
    const f = flow<number>()
      .step((as, x) => x + 1)
      .timeout(100);
    const exec = run(f, 1, { scheduler: sched });
    expect(await exec).toBe(2);
    expect(sched.pending()).toBe(0);
  });

  it("Timeout is raised after the scope's cancel handlers ran and is catchable outside", async () => {
    const sched = createTestScheduler();
    const log: string[] = [];
    const f = flow<number>()
      .step<number>((as) => {
        as.setCancel(() => log.push('cancel handler'));
      })
      .timeout(100)
      .catch('Timeout', (as, err) => {
        log.push(`catch ${err.code}`);
        return -1;
      });
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(100);
    expect(await exec).toBe(-1);
    expect(log).toEqual(['cancel handler', 'catch Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('error handlers inside the timed-out scope are not called', async () => {
    const sched = createTestScheduler();
    const calls: string[] = [];
    const f = flow<number>()
      .step<number>(
        'wait',
        (as) => {
          as.waitExternal();
        },
        () => {
          calls.push('onError');
          return 1;
        },
      )
      .catch(() => {
        calls.push('inner catch');
        return 2;
      })
      .timeout(10);
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(10);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(calls).toEqual([]);
  });

  it('covers the whole flow built so far, not just its last step', async () => {
    const sched = createTestScheduler();
    const ran: string[] = [];
    const f = flow<number>()
      .step<number>((as, x) => {
        as.setTimeout(60);
        setImmediate(() => as.success(x));
      })
      .step<number>((as) => {
        ran.push('second');
        as.waitExternal();
      })
      .timeout(100);
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(100);
    expect(ran).toEqual(['second']);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(sched.now()).toBe(100);
  });

  it('Timeout is raised at the scope that timed out: an inner catch inside an outer timed-out scope is not called', async () => {
    const sched = createTestScheduler();
    let innerCaught = false;
    const f = flow<number>()
      .step<number>((as) => {
        as.waitExternal();
      })
      .timeout(100)
      .catch('Timeout', () => {
        innerCaught = true;
        return 1;
      })
      .timeout(50);
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(50);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(innerCaught).toBe(false);
    expect(sched.pending()).toBe(0);
  });

  it('the run option timeout limits the whole run', async () => {
    const sched = createTestScheduler();
    const f = flow<number>().step<number>((as) => {
      as.waitExternal();
    });
    const exec = run(f, 0, { scheduler: sched, timeout: 250 });
    await sched.advance(249);
    expect(exec.status).toBe('running');
    await sched.advance(1);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(sched.pending()).toBe(0);
  });
});

describe('retry', () => {
  function failing(times: number[], sched: ReturnType<typeof createTestScheduler>, code = 'Flaky') {
    return flow<number>().step((as): number => {
      times.push(sched.now());
      return as.error(code, times.length);
    });
  }

  it('attempts defaults to 3 tries, the first included', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched).retry(), 0, { scheduler: sched });
    await sched.runAll();
    expect((await failure(exec)).code).toBe('Flaky');
    expect(times).toHaveLength(3);
    expect(sched.pending()).toBe(0);
  });

  it('attempts counts every try', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched).retry({ attempts: 5, backoff: { jitter: 'none', initialMs: 1 } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(exec);
    expect(times).toHaveLength(5);
    const once: number[] = [];
    const exec1 = run(failing(once, sched).retry({ attempts: 1 }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(exec1);
    expect(once).toHaveLength(1);
  });

  it("jitter 'none' waits exactly min(maxMs, initialMs * factor^(k-1)) before try k+1", async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const f = failing(times, sched).retry({ attempts: 5, backoff: { initialMs: 100, factor: 2, maxMs: 300, jitter: 'none' } });
    const exec = run(f, 0, { scheduler: sched });
    await sched.advance(99);
    expect(times).toEqual([0]);
    await sched.advance(1);
    expect(times).toEqual([0, 100]);
    await sched.runAll();
    expect(times).toEqual([0, 100, 300, 600, 900]);
    await failure(exec);
    expect(sched.pending()).toBe(0);
  });

  it('backoff defaults are 100 ms and factor 2', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched).retry({ attempts: 4, backoff: { jitter: 'none' } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(exec);
    expect(times).toEqual([0, 100, 300, 700]);
  });

  it('maxMs defaults to 30 s', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched).retry({ attempts: 3, backoff: { initialMs: 20_000, factor: 10, jitter: 'none' } }), 0, {
      scheduler: sched,
    });
    await sched.runAll();
    await failure(exec);
    expect(times).toEqual([0, 20_000, 50_000]);
  });

  it("jitter 'full' waits uniform 0..d (and is the default)", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const sched = createTestScheduler();
    const full: number[] = [];
    const e1 = run(failing(full, sched).retry({ attempts: 3, backoff: { initialMs: 100, jitter: 'full' } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(e1);
    expect(full).toEqual([0, 50, 150]);
    const sched2 = createTestScheduler();
    const dflt: number[] = [];
    const e2 = run(failing(dflt, sched2).retry({ attempts: 3 }), 0, { scheduler: sched2 });
    await sched2.runAll();
    await failure(e2);
    expect(dflt).toEqual([0, 50, 150]);
  });

  it("jitter 'full' stays within 0..d", async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const exec = run(failing(times, sched).retry({ attempts: 2, backoff: { initialMs: 1000, jitter: 'full' } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(exec);
    expect(times[1]).toBeGreaterThan(990);
    expect(times[1]).toBeLessThanOrEqual(1000);
  });

  it("jitter 'equal' waits d/2 + uniform 0..d/2", async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const exec = run(failing(times, sched).retry({ attempts: 3, backoff: { initialMs: 100, jitter: 'equal' } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(exec);
    expect(times).toEqual([0, 75, 225]);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const low: number[] = [];
    const sched2 = createTestScheduler();
    const exec2 = run(failing(low, sched2).retry({ attempts: 2, backoff: { initialMs: 100, jitter: 'equal' } }), 0, { scheduler: sched2 });
    await sched2.runAll();
    await failure(exec2);
    expect(low).toEqual([0, 50]);
  });

  it('succeeds with the value of a later try', async () => {
    const sched = createTestScheduler();
    let n = 0;
    const f = flow<number>()
      .step((as, x) => (++n < 3 ? as.error('Flaky') : x * 2))
      .retry({ attempts: 3, backoff: { jitter: 'none' } });
    const exec = run(f, 21, { scheduler: sched });
    await sched.runAll();
    expect(await exec).toBe(42);
    expect(n).toBe(3);
  });

  it('re-runs the whole flow built so far with the same input', async () => {
    const sched = createTestScheduler();
    const inputs: number[] = [];
    let n = 0;
    const f = flow<number>()
      .step((as, x) => {
        inputs.push(x);
        return x + 1;
      })
      .step((as, x) => (++n < 2 ? as.error('Flaky') : x))
      .retry({ attempts: 3, backoff: { jitter: 'none' } });
    const exec = run(f, 7, { scheduler: sched });
    await sched.runAll();
    expect(await exec).toBe(8);
    expect(inputs).toEqual([7, 7]);
  });

  it('retryOn: a code retries only that code', async () => {
    const sched = createTestScheduler();
    const a: number[] = [];
    const b: number[] = [];
    const ea = run(failing(a, sched, 'A').retry({ attempts: 3, retryOn: 'A', backoff: { jitter: 'none' } }), 0, { scheduler: sched });
    const eb = run(failing(b, sched, 'B').retry({ attempts: 3, retryOn: 'A', backoff: { jitter: 'none' } }), 0, { scheduler: sched });
    await sched.runAll();
    await failure(ea);
    expect((await failure(eb)).code).toBe('B');
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(1);
  });

  it('retryOn: a list of codes', async () => {
    const sched = createTestScheduler();
    const counts: Record<string, number[]> = { A: [], B: [], C: [] };
    const execs = Object.entries(counts).map(([code, times]) =>
      run(failing(times, sched, code).retry({ attempts: 2, retryOn: ['A', 'B'], backoff: { jitter: 'none' } }), 0, { scheduler: sched }),
    );
    await sched.runAll();
    for (const e of execs) await failure(e);
    expect([counts.A!.length, counts.B!.length, counts.C!.length]).toEqual([2, 2, 1]);
  });

  it('retryOn: a predicate that throws fails the run with InternalError whose cause is the exception', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const boom = new Error('predicate exploded');
    const f = failing(times, sched).retry({
      attempts: 5,
      backoff: { jitter: 'none' },
      retryOn: () => {
        throw boom;
      },
    });
    const err = await failure(run(f, 0, { scheduler: sched }));
    expect(err.code).toBe(Errors.InternalError);
    expect(err.cause).toBe(boom);
    expect(err.data).toMatchObject({ code: 'Flaky' });
    expect(times).toHaveLength(1);
  });

  it('retryOn: a predicate gets the error', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const seen: unknown[] = [];
    const f = failing(times, sched).retry({
      attempts: 5,
      backoff: { jitter: 'none' },
      retryOn: (err) => {
        seen.push(err.info);
        return (err.info as number) < 2;
      },
    });
    const exec = run(f, 0, { scheduler: sched });
    await sched.runAll();
    expect((await failure(exec)).info).toBe(2);
    expect(times).toHaveLength(2);
    expect(seen).toEqual([1, 2]);
  });

  it('an error with code Cancelled is not retried by default', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched, Errors.Cancelled).retry({ attempts: 3 }), 0, { scheduler: sched });
    await sched.runAll();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(times).toHaveLength(1);
  });

  it('a cancel is never retried, even with a predicate that accepts everything', async () => {
    const sched = createTestScheduler();
    let tries = 0;
    const f = flow<number>()
      .step<number>((as) => {
        tries++;
        as.waitExternal();
      })
      .retry({ attempts: 5, retryOn: () => true, backoff: { jitter: 'none' } });
    const exec = run(f, 0, { scheduler: sched });
    await flush();
    exec.cancel();
    await sched.runAll();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(tries).toBe(1);
    expect(sched.pending()).toBe(0);
  });

  it('a cancel during the backoff wait clears the timer and stops retrying', async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const exec = run(failing(times, sched).retry({ attempts: 3, backoff: { initialMs: 1000, jitter: 'none' } }), 0, { scheduler: sched });
    await sched.advance(500);
    exec.cancel();
    await sched.runAll();
    expect(times).toEqual([0]);
    expect(sched.pending()).toBe(0);
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
  });

  it('when tries run out, the last error propagates unchanged', async () => {
    const sched = createTestScheduler();
    const errors: FlowError[] = [];
    const f = flow<number>()
      .step(() => {
        const e = new FlowError('Flaky', errors.length + 1);
        errors.push(e);
        throw e;
      })
      .retry({ attempts: 3, backoff: { jitter: 'none' } });
    const exec = run(f, 0, { scheduler: sched });
    await sched.runAll();
    const err = await failure(exec);
    expect(errors).toHaveLength(3);
    expect(err).toBe(errors[2]);
    expect(err.info).toBe(3);
  });

  it('retries a scope that timed out (Timeout is an ordinary error)', async () => {
    const sched = createTestScheduler();
    const starts: number[] = [];
    const f = flow<number>()
      .step<number>((as) => {
        starts.push(sched.now());
        as.waitExternal();
      })
      .timeout(100)
      .retry({ attempts: 2, backoff: { initialMs: 10, jitter: 'none' } });
    const exec = run(f, 0, { scheduler: sched });
    await sched.runAll();
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(starts).toEqual([0, 110]);
    expect(sched.now()).toBe(210);
    expect(sched.pending()).toBe(0);
  });

  it("emits a 'retry' event before each new try", async () => {
    const sched = createTestScheduler();
    const times: number[] = [];
    const events: any[] = [];
    const exec = run(failing(times, sched).retry({ attempts: 3, backoff: { jitter: 'none' } }), 0, {
      scheduler: sched,
      onEvent: (e) => events.push(e),
    });
    await sched.runAll();
    await failure(exec);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries[0].error.code).toBe('Flaky');
  });
});

describe('the as of a finally handler', () => {
  it('as.error replaces a success or an error outcome, as a throw does; errorNoThrow too', async () => {
    expect((await failure(start(flow<number>().step(() => 1).finally((as) => as.error('FE')), 0))).code).toBe('FE');
    expect((await failure(start(flow<number>().step((as) => as.error('A')).finally((as) => as.error('FE')), 0))).code).toBe('FE');
    const noThrow = flow<number>().step(() => 1).finally((as) => {
      as.errorNoThrow('Late', 'audit failed');
    });
    const err = await failure(start(noThrow, 0));
    expect([err.code, err.info]).toEqual(['Late', 'audit failed']);
  });

  it('as.success changes nothing (the outcome passes on); adding steps fails with a clear error', async () => {
    expect(await start(flow<number>().step(() => 1).finally((as) => (as as unknown as { success(v?: unknown): void }).success(5)), 0)).toBe(1);
    const adds = flow<number>().step(() => 1).finally((as) => {
      as.add(() => {});
    });
    const err = await failure(start(adds, 0));
    expect(err.code).toBe(Errors.InternalError);
    expect(String(err.info)).toContain('a finally handler added steps');
  });
});
