// as.run(sub, v) whose promise the handler asks for (`then`, `catch`,
// `await`) while it runs: the outcome goes to that promise, so a rejection
// handler recovers — in sync and async handlers alike, in step handlers and
// in error handlers. A run nobody asked for is a sub-step: its error
// unwinds through the step.
import { describe, it, expect } from 'vitest';
import { flow, run, type FlowError } from '../../index.js';
import { failure } from '../helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const failing = flow<number>('failing').step((as, n) => as.error('SubFailed', `n=${n}`));
const failingLater = flow<number>('failingLater').step(async (as) => {
  await sleep(2);
  as.error('SubFailed');
});
const double = flow<number>('double').step((as, n) => n * 2);
const subs = [
  ['a sub-flow that fails at once', failing],
  ['a sub-flow that fails after an await', failingLater],
] as const;

describe.each(subs)('a step handler recovers from %s', (_name, sub) => {
  it('returning as.run(...).then(ok, onRejected) or Promise.resolve(as.run(...)).catch(...)', async () => {
    const byValue = flow<number>().step((as, n) => as.run(sub, n).then((v) => v, (e: FlowError) => `caught ${e.code}`));
    const bySuccess = flow<number>().step<string | void>((as, n) =>
      as.run(sub, n).then(undefined, () => {
        as.success('caught');
      }),
    );
    const byCatch = flow<number>().step((as, n) => Promise.resolve(as.run(sub, n)).catch(() => 'caught'));
    expect(await run(byValue, 1)).toBe('caught SubFailed');
    expect(await run(bySuccess, 1)).toBe('caught');
    expect(await run(byCatch, 1)).toBe('caught');
  });

  it('not returning the promise: with as.waitExternal(), its rejection handler completes the step', async () => {
    const f = flow<number>().step<string>((as, n) => {
      as.run(sub, n).then(
        () => as.success('ok'),
        (e: FlowError) => as.success(`caught ${e.code}`),
      );
      as.waitExternal();
    });
    expect(await run(f, 1)).toBe('caught SubFailed');
  });

  it('not returning the promise: the step waits for the run, its error goes to the promise, and the step completes with the handler’s output, as in an async handler', async () => {
    const order: string[] = [];
    const traced = flow<number>()
      .step((as, n) => as.run(sub, n))
      .finally(() => void order.push('sub ended'));
    const sync = flow<number>()
      .step((as, n) => {
        as.run(traced, n).then(undefined, (e: FlowError) => void order.push(`handled ${e.code}`));
        return 'sync';
      })
      .step((as, v) => void order.push(`next got ${v}`));
    const async = flow<number>()
      .step(async (as, n) => {
        void as.run(traced, n).then(undefined, (e: FlowError) => void order.push(`handled ${e.code}`));
        return 'async';
      })
      .step((as, v) => void order.push(`next got ${v}`));
    await run(sync, 1);
    await run(async, 1);
    expect(order.filter((e) => !e.startsWith('handled'))).toEqual(['sub ended', 'next got sync', 'sub ended', 'next got async']);
    expect(order.filter((e) => e.startsWith('handled'))).toEqual(['handled SubFailed', 'handled SubFailed']);
  });
});

describe('error handlers and as.run', () => {
  const base = flow<number>().step((as) => as.error('First'));

  it('a sync catch handler recovers by returning as.run(...).then(ok, onRejected)', async () => {
    expect(await run(base.catch((as) => as.run(failing, 1).then((v) => v, () => 'caught')), 1)).toBe('caught');
    expect(await run(base.catch((as) => Promise.resolve(as.run(failing, 1)).catch(() => 'caught')), 1)).toBe('caught');
  });

  it('a returned .then() of a run gives the mapped value, not the run’s', async () => {
    expect(await run(base.catch((as) => as.run(double, 4).then((v) => v + 1)), 1)).toBe(9);
  });

  it('an async catch handler catches the error of an awaited run and goes on with the output of one that succeeds', async () => {
    const caught = base.catch(async (as) => {
      try {
        return await as.run(failing, 1);
      } catch (e) {
        return `caught ${(e as FlowError).code}`;
      }
    });
    expect(await run(caught, 1)).toBe('caught SubFailed');
    expect(await run(base.catch(async (as) => (await as.run(double, 4)) + 1), 1)).toBe(9);
  });

  it('returning the run itself still makes its outcome the handler’s', async () => {
    expect(await run(base.catch((as) => as.run(double, 3)), 1)).toBe(6);
    expect((await failure(run(base.catch((as) => as.run(failing, 3)), 1))).code).toBe('SubFailed');
  });
});

describe('a run nobody asked for is a sub-step of the step', () => {
  it('its error unwinds through the step', async () => {
    const f = flow<number>().step((as, n) => {
      void as.run(failing, n);
    });
    expect((await failure(run(f, 1))).code).toBe('SubFailed');
  });

  it('so does a run whose promise a sync handler asks for only after it returned (Promise.resolve without returning it)', async () => {
    const handled: string[] = [];
    const f = flow<number>().step((as, n) => {
      Promise.resolve(as.run(failing, n)).catch((e: FlowError) => void handled.push(e.code));
    });
    expect((await failure(run(f, 1))).code).toBe('SubFailed');
    await sleep(1);
    expect(handled).toEqual(['SubFailed']);
  });
});
