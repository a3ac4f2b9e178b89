// as.run(sub, v): returned, it runs as the step's sub-steps; awaited in an
// async handler, it gives the sub-flow's output (its error throws at the
// await). Types and runtime agree in every use.
import { describe, it, expect } from 'vitest';
import { flow, run, Errors, FlowError, Mutex, contextVar, type FlowEvent } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, observed } from '../helpers.js';

const double = flow<number>('double').step((as, n) => n * 2);
const failing = flow<number>('failing').step((as, n) => as.error('SubFailed', `n=${n}`));

describe('as.run returned', () => {
  it('return as.run(sub, v) makes the sub-flow output the step output', async () => {
    expect(await run(flow<number>().step((as, n) => as.run(double, n)).step((as, n) => n + 1), 5)).toBe(11);
  });

  it('the sub-flow error unwinds through the step and its handlers', async () => {
    const f = flow<number>()
      .step('outer', (as, n) => as.run(failing, n))
      .catch('SubFailed', (as, err) => `recovered ${err.info as string}`);
    expect(await run(f, 3)).toBe('recovered n=3');
  });

  it('a returned .then() of it gives the mapped value', async () => {
    expect(await run(flow<number>().step((as, n) => as.run(double, n).then((v) => v + 100)), 1)).toBe(102);
  });

  it('a returned run kept and awaited later says where its outcome went instead of hanging', async () => {
    let kept: PromiseLike<number> | undefined;
    const f = flow<number>().step((as, n) => (kept = as.run(double, n)));
    expect(await run(f, 2)).toBe(4);
    const err = await Promise.resolve(kept!).then(
      () => undefined,
      (e: FlowError) => e,
    );
    expect(err?.code).toBe(Errors.InternalError);
    expect(String(err?.info)).toMatch(/output of the step that returned it/);
  });

  it('async (as, v) => as.run(sub, v) resolves with the sub-flow output', async () => {
    expect(await run(flow<number>().step(async (as, n) => as.run(double, n)), 4)).toBe(8);
  });
});

describe('as.run awaited', () => {
  it('const r = await as.run(sub, v) gives the output; the handler goes on with it', async () => {
    const f = flow<number>().step(async (as, n) => {
      const r = await as.run(double, n);
      return r * 10;
    });
    expect(await run(f, 2)).toBe(40);
  });

  it('the sub-flow error throws at the await and the handler can catch it', async () => {
    const f = flow<number>().step(async (as, n) => {
      try {
        await as.run(failing, n);
        return 'not reached';
      } catch (e) {
        expect(e).toBeInstanceOf(FlowError);
        return `caught ${(e as FlowError).code} ${(e as FlowError).info as string}`;
      }
    });
    expect(await run(f, 7)).toBe('caught SubFailed n=7');
  });

  it('an uncaught error from an awaited run fails the step with its code and step path', async () => {
    const f = flow<number>('top').step('caller', async (as, n) => {
      await as.run(failing, n);
      return 0;
    });
    const err = await failure(run(f, 1));
    expect(err.code).toBe('SubFailed');
    expect(err.steps).toEqual(['top', 'caller', 'failing']);
  });

  it('sequential awaits run one after the other and see each other’s output', async () => {
    const order: string[] = [];
    const tag = (name: string) =>
      flow<number>(name).step(async (as, n) => {
        order.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 2));
        order.push(`${name} end`);
        return n + 1;
      });
    const f = flow<number>().step(async (as, n) => {
      const a = await as.run(tag('a'), n);
      const b = await as.run(tag('b'), a);
      return [a, b];
    });
    expect(await run(f, 0)).toEqual([1, 2]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('Promise.all of two runs gives both outputs; they run one after the other in await order', async () => {
    const order: string[] = [];
    const tag = (name: string) =>
      flow<number>(name).step(async (as, n) => {
        order.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 2));
        order.push(`${name} end`);
        return `${name}${n}`;
      });
    const f = flow<number>().step(async (as, n) => Promise.all([as.run(tag('a'), n), as.run(tag('b'), n)]));
    expect(await run(f, 1)).toEqual(['a1', 'b1']);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('a run awaited after other awaits in the handler still works', async () => {
    const f = flow<number>().step(async (as, n) => {
      await new Promise((r) => setTimeout(r, 1));
      const r = await as.run(double, n);
      await Promise.resolve();
      return r + 1;
    });
    expect(await run(f, 3)).toBe(7);
  });

  it('a handler that does not wait for a run it started completes only after that run ended', async () => {
    const ended: string[] = [];
    const slow = flow<number>().step(async (as, n) => {
      await new Promise((r) => setTimeout(r, 5));
      ended.push('sub');
      return n;
    });
    const f = flow<number>()
      .step(async (as, n) => {
        void as.run(slow, n).then(() => ended.push('then'));
        await Promise.resolve();
        return 'handler';
      })
      .step((as, v) => {
        ended.push(`next got ${String(v)}`);
        return v;
      });
    await run(f, 1);
    expect(ended.slice(0, 1)).toEqual(['sub']);
    expect(ended).toContain('next got handler');
  });

  it('cancelling the run while a sub-flow is awaited cancels the sub-flow (its cleanup runs) and settles', async () => {
    const cancelled: string[] = [];
    const parked = flow<number>('parked').step<number>((as) => {
      as.setCancel(() => cancelled.push('sub cancel handler'));
    });
    const started = deferred();
    const f = flow<number>()
      .step(async (as, n) => {
        started.resolve();
        return await as.run(parked, n);
      })
      .finally(() => {
        cancelled.push('finally');
      });
    const exec = observed(run(f, 1));
    await started.promise;
    await new Promise((r) => setTimeout(r, 1));
    exec.cancel('stop');
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(cancelled).toEqual(['sub cancel handler', 'finally']);
  });

  it('a timeout of the step while a sub-flow is awaited cancels the sub-flow and raises Timeout', async () => {
    const clock = createTestScheduler();
    const cancelled: string[] = [];
    const parked = flow<number>().step<number>((as) => {
      as.setCancel(() => cancelled.push('sub'));
    });
    const f = flow<number>()
      .step(async (as, n) => as.run(parked, n))
      .timeout(100);
    const exec = observed(run(f, 1, { scheduler: clock }));
    await clock.advance(100);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(cancelled).toEqual(['sub']);
    expect(clock.pending()).toBe(0);
  });

  it('an awaited sub-flow is in the same flow: a Mutex held by the caller is re-entrant inside it', async () => {
    const lock = new Mutex();
    const inner = flow<number>().sync(lock, (as, n) => n + 1);
    const f = flow<number>().sync(lock, async (as, n) => (await as.run(inner, n)) * 2);
    expect(await run(f, 1)).toBe(4);
  });

  it('an awaited sub-flow sees the context of the step that awaits it', async () => {
    const tenant = contextVar<string>('tenant', 'none');
    const inner = flow<number>().step((as) => as.get(tenant));
    const f = flow<number>().with(tenant, 'acme', flow<number>().step(async (as, n) => `${await as.run(inner, n)}!`));
    expect(await run(f, 0)).toBe('acme!');
  });

  it('events of an awaited sub-flow carry the caller in their path', async () => {
    const events: FlowEvent[] = [];
    const f = flow<number>('top').step('caller', async (as, n) => (await as.run(double, n)) + 1);
    expect(await run(f, 1, { onEvent: (e) => events.push(e) })).toBe(3);
    const sub = events.find((e) => e.name === 'double' && e.type === 'success');
    expect(sub?.path).toEqual(['top', 'caller']);
  });

  it('awaiting a run whose step already finished rejects with InternalError instead of hanging', async () => {
    let kept: PromiseLike<number> | undefined;
    const f = flow<number>()
      .step((as, n) => {
        kept = as.run(double, n);
        throw new Error('the step fails before its sub-steps run');
      })
      .catch(() => 'handled');
    expect(await run(f, 1)).toBe('handled');
    const err = await Promise.resolve(kept!).then(
      () => undefined,
      (e: FlowError) => e,
    );
    expect(err?.code).toBe(Errors.InternalError);
  });

  it('awaiting it twice gives the same output twice and runs the sub-flow once', async () => {
    let runs = 0;
    const counted = flow<number>().step((as, n) => {
      runs++;
      return n;
    });
    const f = flow<number>().step(async (as, n) => {
      const h = as.run(counted, n);
      return [await h, await h];
    });
    expect(await run(f, 9)).toEqual([9, 9]);
    expect(runs).toBe(1);
  });
});
