// Worker steps: results, errors that keep their identity across the thread
// boundary, values that cannot cross it, events with queue and run times,
// and transfer lists (refused inside a retry).
import { afterAll, describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { counter, createWorkerPool, Errors, flow, FlowError, run, tasks, worker, workerModule, type FlowEvent } from './setup.js';

const pool = createWorkerPool({ size: 2, cancelGraceMs: 200, name: 'results pool' });
afterAll(() => pool.close());

const failure = (p: PromiseLike<unknown>): Promise<any> =>
  Promise.resolve(p).then(
    (v) => {
      throw new Error(`expected a rejection, got ${String(v)}`);
    },
    (e: unknown) => e,
  );

describe('worker step results', () => {
  it('runs the exported function in a worker thread and gives its value as the output', async () => {
    const f = flow<number>('calc').step('double', worker<any, 'double'>(tasks, 'double', { pool })).step('where', worker<any, 'where'>(tasks, 'where', { pool }));
    const threadId = await run(f, 21);
    expect(typeof threadId).toBe('number');
    expect(threadId).toBeGreaterThan(0); // not the main thread (0)
    expect(await run(flow<number>().step(worker<any, 'double'>(tasks, 'double', { pool })), 21)).toBe(42);
  });

  it('a FlowError thrown in the thread arrives with its code, info, data and message: .catch(code) handles it', async () => {
    const f = flow<{ amount: number }>('checkout')
      .step('pay', worker<any, 'pay'>(tasks, 'pay', { pool }))
      .catch('PaymentFailed', (as, err) => ({ recovered: err.code, info: err.info, data: err.data, message: err.message, isFlowError: err instanceof FlowError }));
    expect(await run(f, { amount: 12 })).toEqual({
      recovered: 'PaymentFailed',
      info: 'card declined',
      data: { amount: 12, reason: 'insufficient funds' },
      message: 'PaymentFailed: card declined',
      isFlowError: true,
    });
    const err = await failure(run(flow<{ amount: number }>('checkout').step('pay', worker<any, 'pay'>(tasks, 'pay', { pool })), { amount: 3 }));
    expect(err.steps).toEqual(['checkout', 'pay']);
    expect(err.stack).toContain('tasks.mjs');
  });

  it('a plain Error becomes InternalError with the error (name, message and stack from the thread) as cause', async () => {
    const err = await failure(run(flow<number>('f').step('broken', worker<any, 'broken'>(tasks, 'broken', { pool })), 1));
    expect(err.code).toBe(Errors.InternalError);
    expect(err.message).toBe('InternalError: the input is upside down');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause.name).toBe('TypeError');
    expect(err.cause.message).toBe('the input is upside down');
    expect(err.cause.stack).toMatch(/at broken \(.*tasks\.mjs/);
  });

  it('a thrown non-Error value and a missing export fail the step with InternalError', async () => {
    const thrown = await failure(run(flow<number>().step(worker<any, 'throwsText'>(tasks, 'throwsText', { pool })), 1));
    expect(thrown.code).toBe(Errors.InternalError);
    expect(thrown.cause).toBe('plain text');
    const missing = await failure(run(flow<number>().step(worker<any, 'notAFunction'>(tasks, 'notAFunction', { pool })), 1));
    expect(missing.code).toBe(Errors.InternalError);
    expect(missing.message).toMatch(/has no exported function "notAFunction" \(found number\)/);
  });

  it('an input or output that cannot be cloned fails the step with a clear InternalError naming the task and the step; the pool goes on', async () => {
    const input = await failure(run(flow<unknown>('f').step('send', worker<any, 'double'>(tasks, 'double', { pool })), { callback: () => 1 }));
    expect(input.code).toBe(Errors.InternalError);
    expect(input.message).toMatch(/worker task "double" of tasks\.mjs: its input cannot be sent to a worker thread \(values must be structured-cloneable\)/);
    expect(input.steps).toEqual(['f', 'send']);
    const output = await failure(run(flow<number>('g').step('receive', worker<any, 'returnsFunction'>(tasks, 'returnsFunction', { pool })), 1));
    expect(output.code).toBe(Errors.InternalError);
    expect(output.message).toMatch(/worker task "returnsFunction" of tasks\.mjs: its output cannot be sent back/);
    expect(output.steps).toEqual(['g', 'receive']);
    expect(await run(flow<number>().step(worker<any, 'double'>(tasks, 'double', { pool })), 4)).toBe(8);
  });

  it("the step's success and error events carry the task's queue wait and run time", async () => {
    const events: FlowEvent[] = [];
    const onEvent = (e: FlowEvent) => void events.push(e);
    const started = counter();
    // One thread: the second task waits for the first (a 40 ms sleep).
    const one = createWorkerPool({ size: 1 });
    try {
      const f = flow<{ ms: number; started: Int32Array }>('f').parallel([
        flow<{ ms: number; started: Int32Array }>().step('first', worker<any, 'sleep'>(tasks, 'sleep', { pool: one })),
        flow<{ ms: number; started: Int32Array }>().step('second', worker<any, 'sleep'>(tasks, 'sleep', { pool: one })),
      ]);
      expect(await run(f, { ms: 40, started }, { onEvent })).toEqual([40, 40]);
      await failure(run(flow<{ amount: number }>().step('pay', worker<any, 'pay'>(tasks, 'pay', { pool: one })), { amount: 1 }, { onEvent }));
    } finally {
      await one.close();
    }
    const first = events.find((e) => e.type === 'success' && e.name === 'first')!;
    const second = events.find((e) => e.type === 'success' && e.name === 'second')!;
    const paid = events.find((e) => e.type === 'error' && e.name === 'pay')!;
    expect(first.worker!.runMs).toBeGreaterThanOrEqual(35);
    expect(second.worker!.runMs).toBeGreaterThanOrEqual(35);
    expect(second.worker!.queueMs).toBeGreaterThanOrEqual(first.worker!.runMs - 5);
    expect(paid.worker!.runMs).toBeGreaterThanOrEqual(0);
    expect(events.filter((e) => e.type === 'start').every((e) => e.worker === undefined)).toBe(true);
    expect(events.find((e) => e.type === 'success' && e.name === undefined && e.worker !== undefined)).toBeUndefined();
  });

  it("leaves no listener on the step's signal once the task settled, whether it succeeded or failed", async () => {
    const signals: AbortSignal[] = [];
    const watch =
      <I, O>(step: (as: { signal: AbortSignal }, input: I) => Promise<O>) =>
      (as: { signal: AbortSignal }, input: I): Promise<O> => {
        signals.push(as.signal);
        return step(as, input);
      };
    expect(await run(flow<number>().step(watch(worker<any, 'double'>(tasks, 'double', { pool }))), 2)).toBe(4);
    await failure(run(flow<{ amount: number }>().step(watch(worker<any, 'pay'>(tasks, 'pay', { pool }))), { amount: 1 }));
    expect(signals).toHaveLength(2);
    expect(signals.map((s) => getEventListeners(s, 'abort').length)).toEqual([0, 0]);
  });

  it('a transfer list moves the buffer to the thread instead of copying it', async () => {
    const bytes = new Uint8Array(1 << 20).fill(1);
    const f = flow<{ bytes: Uint8Array }>().step('sum', worker<any, 'sum'>(tasks, 'sum', { pool, transfer: (input) => [(input as { bytes: Uint8Array }).bytes.buffer as ArrayBuffer] }));
    expect(await run(f, { bytes })).toEqual({ sum: 1 << 20, length: 1 << 20 });
    expect(bytes.byteLength).toBe(0); // moved: detached on this side
  });

  it('refuses a transferring step inside .retry() with a clear error, and runs nothing', async () => {
    const bytes = new Uint8Array(16).fill(2);
    const step = worker<any, 'sum'>(tasks, 'sum', { pool, transfer: (input) => [(input as { bytes: Uint8Array }).bytes.buffer as ArrayBuffer] });
    const inRetry = flow<{ bytes: Uint8Array }>('upload').step('sum', flow<{ bytes: Uint8Array }>().step('inner', step)).retry({ attempts: 2, backoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 'none' } });
    const err = await failure(run(inRetry, { bytes }));
    expect(err.code).toBe(Errors.InvalidRequest);
    expect(err.message).toMatch(/worker task "sum" of tasks\.mjs: a step that transfers its input cannot run inside \.retry\(\)/);
    expect(bytes.byteLength).toBe(16); // nothing was moved
    // The same step copies happily in a retry when it does not transfer.
    const copying = flow<{ bytes: Uint8Array }>().step(worker<any, 'sum'>(tasks, 'sum', { pool })).retry({ attempts: 2 });
    expect(await run(copying, { bytes })).toEqual({ sum: 32, length: 16 });
  });

  it('refuses bad arguments at once, naming what was wrong', () => {
    expect(() => worker<any, 'double'>('tasks.mjs', 'double')).toThrow(/worker\(\): the module must be an absolute URL.*"tasks\.mjs"/);
    expect(() => worker<any, any>(tasks, '')).toThrow(/worker\(\): the task name must be the name of an exported function, got an empty string/);
    expect(() => worker<any, 'double'>(tasks, 'double', { pool: {} as never })).toThrow(/options\.pool must be a pool made by createWorkerPool/);
    expect(() => worker<any, 'double'>(tasks, 'double', { transfer: [] as never })).toThrow(/options\.transfer must be a function/);
    expect(() => workerModule(42 as never)).toThrow(/workerModule\(\): the module must be a URL/);
    expect(() => createWorkerPool({ size: 0 })).toThrow(/options\.size must be an integer of at least 1, got 0/);
    expect(() => createWorkerPool({ maxQueue: -1 })).toThrow(/options\.maxQueue must be an integer of at least 0/);
    expect(() => createWorkerPool({ cancelGraceMs: -5 })).toThrow(/options\.cancelGraceMs must be a number of ms/);
  });
});
