// Worker steps refuse bad settings at the call, naming the option; a
// thread that dies outside a task never takes the main process with it;
// the error events of tasks that got no reply carry their times too.
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool, flow, run, tasks, worker, type FlowEvent } from './setup.js';

const pool = createWorkerPool({ size: 1, name: 'arguments pool' });
afterAll(() => pool.close());

const failure = (p: PromiseLike<unknown>): Promise<any> => Promise.resolve(p).then(() => Promise.reject(new Error('expected a rejection')), (e: unknown) => e);

describe('worker arguments', () => {
  it('createWorkerPool() and worker() refuse misspelt options and a heap too small to start a thread', () => {
    expect(() => createWorkerPool({ maxQeue: 4 } as never)).toThrow(/^createWorkerPool\(\): unknown option 'maxQeue' \(known: size, idleTimeoutMs, maxQueue, cancelGraceMs, maxHeapMb, name\)$/);
    expect(() => createWorkerPool({ maxHeapMb: 4 })).toThrow(/options\.maxHeapMb must be a number of MB of at least 8 \(a thread needs that much to start\), got 4/);
    expect(() => worker<any, 'double'>(tasks, 'double', { pol: pool } as never)).toThrow(/^worker\(\): unknown option 'pol' \(known: pool, transfer\)$/);
  });

  it('a transfer list with a typed array (not its buffer) fails the step naming options.transfer, not as a crashed thread', async () => {
    const step = worker<any, 'sum'>(tasks, 'sum', { pool, transfer: ((i: { bytes: Uint8Array }) => [i.bytes]) as never });
    const e = await failure(run(flow<{ bytes: Uint8Array }>().step('sum', step), { bytes: new Uint8Array([1, 2, 3]) }));
    expect(e.code).toBe('InternalError');
    expect(e.message).toMatch(/options\.transfer gave a Uint8Array at \[0\], which cannot be transferred \(ArrayBuffers and MessagePorts can\): transfer its \.buffer/);
    const ok = worker<any, 'sum'>(tasks, 'sum', { pool, transfer: ((i: { bytes: Uint8Array }) => [i.bytes.buffer]) as never });
    expect(await run(flow<{ bytes: Uint8Array }>().step('sum', ok), { bytes: new Uint8Array([1, 2, 3]) })).toEqual({ sum: 6, length: 3 });
  });

  it('the error event of a step whose thread died, or whose output could not be sent back, has its worker times', async () => {
    const events: FlowEvent[] = [];
    const crashes = flow<number>().step('exit', worker<any, 'exits'>(tasks, 'exits', { pool }));
    expect((await failure(run(crashes, 1, { onEvent: (e) => events.push(e) }))).code).toBe('WorkerCrashed');
    const unsendable = flow<number>().step('fn', worker<any, 'returnsFunction'>(tasks, 'returnsFunction', { pool }));
    expect((await failure(run(unsendable, 1, { onEvent: (e) => events.push(e) }))).code).toBe('InternalError');
    const errors = events.filter((e) => e.type === 'error' && (e.name === 'exit' || e.name === 'fn'));
    expect(errors).toHaveLength(2);
    for (const e of errors) expect((e as { worker?: { queueMs: number; runMs: number } }).worker).toEqual({ queueMs: expect.any(Number), runMs: expect.any(Number) });
  });
});
