// Cancel and timeout of worker steps: a queued task leaves the queue at once
// and never runs; a running task sees ctx.signal / ctx.throwIfCancelled; one
// that ignores the cancel has its thread terminated after the grace period,
// and the pool goes on in a new thread. Nothing is left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { counter, createWorkerPool, Errors, flow, run, tasks, timers, until, worker } from './setup.js';

const GRACE = 300;
const pool = createWorkerPool({ size: 1, cancelGraceMs: GRACE, name: 'cancel pool' });
afterAll(() => pool.close());

const failure = (p: PromiseLike<unknown>): Promise<any> => Promise.resolve(p).then(() => Promise.reject(new Error('expected a rejection')), (e: unknown) => e);

type Busy = { ms: number; started: Int32Array; stopped?: Int32Array };
const stubborn = worker<any, 'stubborn'>(tasks, 'stubborn', { pool });
const cooperative = worker<any, 'cooperative'>(tasks, 'cooperative', { pool });

describe('worker step cancel', () => {
  it('a queued task leaves the queue at once when its run is cancelled, and never runs; cleanup handlers run as usual', async () => {
    const started = counter();
    const finals: string[] = [];
    const busy = run(flow<Busy>().step('busy', cooperative), { ms: 150, started });
    const queued = run(flow<Busy>('queued').step('wait', cooperative).finally((as, o) => void finals.push(o.status)), { ms: 150, started });
    await until(() => Atomics.load(started, 0) === 1);
    expect(pool.status).toMatchObject({ queued: 1, running: 1 });
    queued.cancel('changed my mind');
    expect(pool.status).toMatchObject({ queued: 0, running: 1 });
    expect((await failure(queued)).code).toBe(Errors.Cancelled);
    expect(finals).toEqual(['cancelled']);
    expect(typeof (await busy)).toBe('number');
    expect(Atomics.load(started, 0)).toBe(1); // the queued task never ran
    expect(pool.status).toMatchObject({ queued: 0, running: 0 });
  });

  it('a running CPU loop that checks ctx.throwIfCancelled() stops soon after the cancel; the thread is kept', async () => {
    const started = counter();
    const e = run(flow<Busy>().step('loop', cooperative), { ms: 5_000, started });
    await until(() => Atomics.load(started, 0) === 1);
    const before = timers();
    const t0 = performance.now();
    e.cancel();
    expect((await failure(e)).code).toBe(Errors.Cancelled);
    await until(() => pool.status.running === 0);
    expect(performance.now() - t0).toBeLessThan(GRACE); // stopped on its own, before the grace ran out
    expect(timers()).toBeLessThanOrEqual(before); // the grace timer was cleared
    expect(pool.status.threads).toBe(1);
  });

  it('an async task sees ctx.signal abort', async () => {
    const started = counter();
    const stopped = counter();
    const e = run(flow<Busy>().step('waits', worker<any, 'awaitsAbort'>(tasks, 'awaitsAbort', { pool })), { ms: 0, started, stopped });
    await until(() => Atomics.load(started, 0) === 1);
    e.cancel();
    await failure(e);
    await until(() => Atomics.load(stopped, 0) === 1);
    await until(() => pool.status.running === 0);
  });

  it('a loop that ignores the cancel is terminated after the grace period, and the next task runs in a new thread', async () => {
    const where = worker<any, 'where'>(tasks, 'where', { pool });
    const firstThread = await run(flow<number>().step(where), 0);
    const started = counter();
    const e = run(flow<Busy>().step('stubborn', stubborn), { ms: 10_000, started });
    await until(() => Atomics.load(started, 0) === 1);
    const t0 = performance.now();
    e.cancel();
    expect((await failure(e)).code).toBe(Errors.Cancelled);
    expect(pool.status.running).toBe(1); // still stopping
    await until(() => pool.status.running === 0);
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(GRACE - 5);
    expect(took).toBeLessThan(GRACE + 2_000);
    const nextThread = await run(flow<number>().step(where), 0);
    expect(nextThread).not.toBe(firstThread);
  });

  it('.timeout() cancels the task and raises Timeout at the step; a catch outside handles it', async () => {
    const started = counter();
    const f = flow<Busy>('f')
      .step('slow', flow<Busy>().step('work', cooperative).timeout(30))
      .catch(Errors.Timeout, () => 'timed out');
    expect(await run(f, { ms: 5_000, started })).toBe('timed out');
    await until(() => pool.status.running === 0);
  });

  it('a failing parallel sibling cancels the worker step; its finally runs, the task stops, nothing is left', async () => {
    const before = timers();
    const started = counter();
    const finals: string[] = [];
    const f = flow<Busy>('fanout').parallel([
      flow<Busy>().step('cpu', cooperative).finally((as, o) => void finals.push(o.status)),
      flow<Busy>().step('fails', async () => {
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('sibling failed');
      }),
    ]);
    const err = await failure(run(f, { ms: 5_000, started }));
    expect(err.code).toBe(Errors.InternalError);
    expect(finals).toEqual(['cancelled']);
    await until(() => pool.status.running === 0 && pool.status.queued === 0);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
