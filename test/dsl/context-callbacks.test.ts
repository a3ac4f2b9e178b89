// DESIGN: Context — `.with(v, value, body)` sets the variable for everything
// the body runs, not only step handlers: the callbacks the interpreter calls
// (select, choose, counts, sleep(fn), acquire, retryOn, cancel handlers) see
// it too, synchronously and after an await, and continuation variables read
// from a cancel handler's `as` are the thread's.
import { describe, it, expect } from 'vitest';
import { flow, run, contextVar, continuationVar, resource, Errors } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, observed, tick } from '../helpers.js';

const v = contextVar('v', 'def');

describe('callbacks inside .with(v, value, body) see the value', () => {
  it('the select of map, synchronously and in a generator it returns', async () => {
    function* items(): Generator<string> {
      yield v.get();
      yield v.get();
    }
    const f = flow<number>().with(v, 'X', flow<number>().map(() => [v.get()], (as, x) => x));
    expect(await run(f, 0)).toEqual(['X']);
    const g = flow<number>().with(v, 'X', flow<number>().map(() => items(), (as, x) => x));
    expect(await run(g, 0)).toEqual(['X', 'X']);
  });

  it('the select of forEach, and the items of an async iterable it returns', async () => {
    const seen: string[] = [];
    async function* items(): AsyncGenerator<number> {
      seen.push(`gen ${v.get()}`);
      await tick();
      seen.push(`gen after await ${v.get()}`);
      yield 1;
    }
    const f = flow<number>()
      .with(v, 'X', flow<number>().forEach(() => (seen.push(`select ${v.get()}`), [1]), () => {}))
      .with(v, 'Y', flow<number>().forEach(() => items(), () => {}));
    await run(f, 0);
    expect(seen).toEqual(['select X', 'gen Y', 'gen after await Y']);
  });

  it('the choose selector', async () => {
    const f = flow<number>().with(v, 'X', flow<number>().choose(() => v.get(), { X: () => 'saw X', def: () => 'saw def' }));
    expect(await run(f, 0)).toBe('saw X');
  });

  it('the repeat count function and the sleep function', async () => {
    const seen: string[] = [];
    const f = flow<number>().with(
      v,
      'X',
      flow<number>()
        .repeat(() => (seen.push(`count ${v.get()}`), 1), () => {})
        .sleep(() => (seen.push(`sleep ${v.get()}`), 0)),
    );
    await run(f, 0);
    expect(seen).toEqual(['count X', 'sleep X']);
  });

  it('a resource’s acquire (also after an await in it) as well as its release', async () => {
    const seen: string[] = [];
    const r = resource(
      'r',
      async () => {
        seen.push(`acquire ${v.get()}`);
        await tick();
        seen.push(`acquire after await ${v.get()}`);
        return 1;
      },
      () => void seen.push(`release ${v.get()}`),
    );
    await run(flow<number>().with(v, 'X', flow<number>().using(r, () => {})), 0);
    expect(seen).toEqual(['acquire X', 'acquire after await X', 'release X']);
  });

  it('a retryOn predicate', async () => {
    const seen: string[] = [];
    const f = flow<number>().with(
      v,
      'X',
      flow<number>()
        .step((as) => as.error('E'))
        .retry({ attempts: 2, retryOn: () => (seen.push(v.get()), false) }),
    );
    expect((await failure(run(f, 0))).code).toBe('E');
    expect(seen).toEqual(['X']);
  });

  it('a cancel handler on cancel, like the finally around it', async () => {
    const seen: string[] = [];
    const started = deferred();
    const f = flow<number>().with(
      v,
      'X',
      flow<number>()
        .step((as) => {
          as.setCancel(() => seen.push(`cancel ${v.get()}`));
          started.resolve();
        })
        .finally(() => void seen.push(`finally ${v.get()}`)),
    );
    const exec = observed(run(f, 0));
    await started.promise;
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    expect(seen).toEqual(['cancel X', 'finally X']);
  });

  it('a cancel handler on timeout', async () => {
    const clock = createTestScheduler();
    const seen: string[] = [];
    const f = flow<number>().with(
      v,
      'X',
      flow<number>()
        .step((as) => {
          as.setCancel(() => seen.push(v.get()));
        })
        .timeout(5),
    );
    const exec = observed(run(f, 0, { scheduler: clock }));
    await clock.advance(5);
    expect((await failure(exec)).code).toBe(Errors.Timeout);
    expect(seen).toEqual(['X']);
  });

  it('none of them leaks out of the body', async () => {
    const seen: string[] = [];
    const f = flow<number>()
      .with(v, 'X', () => 1)
      .choose(() => v.get(), { X: () => seen.push('X'), def: () => seen.push('def') })
      .map(() => [v.get()], (as, x) => seen.push(x));
    await run(f, 0);
    expect(seen).toEqual(['def', 'def']);
  });
});

describe('continuation variables in cancel handlers', () => {
  it('as.get(cv) in a cancel handler, on cancel and on timeout, is the value the thread set', async () => {
    const cv = continuationVar<string>('cb-cv', { default: 'none' });
    const seen: string[] = [];
    const clock = createTestScheduler();
    const parked = flow<number>()
      .step((as) => void as.set(cv, 'set'))
      .step((as) => {
        as.setCancel((c) => seen.push(c.get(cv)));
      });
    const exec = observed(run(parked, 0, { scheduler: clock }));
    await tick();
    exec.cancel();
    await failure(exec);
    const timed = observed(run(parked.timeout(5), 0, { scheduler: clock }));
    await clock.advance(5);
    expect((await failure(timed)).code).toBe(Errors.Timeout);
    expect(seen).toEqual(['set', 'set']);
  });
});
