// Worker pools: the queue bound, recovery after a thread crashes (exit, out
// of memory), close(), and the module's own pool.
import { describe, expect, it } from 'vitest';
import { closeWorkerPools, counter, createWorkerPool, Errors, flow, run, tasks, until, worker, WorkerErrors } from './setup.js';

const failure = (p: PromiseLike<unknown>): Promise<any> => Promise.resolve(p).then(() => Promise.reject(new Error('expected a rejection')), (e: unknown) => e);
type Busy = { ms: number; started?: Int32Array };

describe('worker pools', () => {
  it('a task beyond maxQueue fails its step with DefenseRejected naming the pool; the others run', async () => {
    const pool = createWorkerPool({ size: 1, maxQueue: 1, name: 'tiny pool' });
    try {
      const sleep = flow<Busy>().step('sleep', worker<any, 'sleep'>(tasks, 'sleep', { pool }));
      const a = run(sleep, { ms: 30 });
      const b = run(sleep, { ms: 30 });
      const err = await failure(run(flow<Busy>('extra').step('sleep', worker<any, 'sleep'>(tasks, 'sleep', { pool })), { ms: 30 }));
      expect(err.code).toBe(Errors.DefenseRejected);
      expect(err.info).toBe('worker task "sleep" of tasks.mjs: tiny pool queue is full (maxQueue 1)');
      expect(err.data).toEqual({ pool: 'tiny pool', reason: 'maxQueue', maxQueue: 1 });
      expect(err.steps).toEqual(['extra', 'sleep']);
      expect([await a, await b]).toEqual([30, 30]);
    } finally {
      await pool.close();
    }
  });

  it('a thread that exits fails its step with WorkerCrashed; the next task runs', async () => {
    const pool = createWorkerPool({ size: 1, name: 'crash pool' });
    try {
      const err = await failure(run(flow<number>('f').step('exit', worker<any, 'exits'>(tasks, 'exits', { pool })), 1));
      expect(err.code).toBe(WorkerErrors.WorkerCrashed);
      expect(err.info).toMatch(/worker task "exits" of tasks\.mjs: the worker thread of crash pool stopped: worker exited with code: 3/);
      expect(await run(flow<number>().step(worker<any, 'double'>(tasks, 'double', { pool })), 5)).toBe(10);
    } finally {
      await pool.close();
    }
  });

  it('a thread out of memory fails its step with WorkerCrashed; the pool recovers', async () => {
    const pool = createWorkerPool({ size: 1, maxHeapMb: 16, name: 'small heap' });
    try {
      const err = await failure(run(flow<number>().step('hog', worker<any, 'exhaustsMemory'>(tasks, 'exhaustsMemory', { pool })), 1));
      expect(err.code).toBe(WorkerErrors.WorkerCrashed);
      expect(err.info).toMatch(/out of memory|memory limit/i);
      expect(await run(flow<number>().step(worker<any, 'double'>(tasks, 'double', { pool })), 6)).toBe(12);
    } finally {
      await pool.close();
    }
  });

  it('close() fails queued tasks with DefenseRejected, lets a running task finish, and refuses new ones', async () => {
    const pool = createWorkerPool({ size: 1, cancelGraceMs: 2_000, name: 'closing pool' });
    const sleep = flow<Busy>().step('sleep', worker<any, 'sleep'>(tasks, 'sleep', { pool }));
    const started = counter();
    const running = run(sleep, { ms: 50, started });
    const queued = run(sleep, { ms: 50 });
    await until(() => Atomics.load(started, 0) === 1);
    const closed = pool.close();
    expect(pool.close()).toBe(closed);
    const q = await failure(queued);
    expect(q.code).toBe(Errors.DefenseRejected);
    expect(q.info).toMatch(/closing pool closed before the task ran/);
    expect(await running).toBe(50);
    await closed;
    expect(pool.status).toEqual({ queued: 0, running: 0, threads: 0, closed: true });
    const late = await failure(run(sleep, { ms: 1 }));
    expect(late.code).toBe(Errors.DefenseRejected);
    expect(late.info).toMatch(/closing pool is closed/);
  });

  it('close() terminates a task still running after the grace period: its step fails with WorkerCrashed', async () => {
    const pool = createWorkerPool({ size: 1, cancelGraceMs: 50 });
    const started = counter();
    const e = run(flow<Busy>().step(worker<any, 'stubborn'>(tasks, 'stubborn', { pool })), { ms: 10_000, started });
    await until(() => Atomics.load(started, 0) === 1);
    const failed = failure(e);
    await pool.close();
    const err = await failed;
    expect(err.code).toBe(WorkerErrors.WorkerCrashed);
    expect(err.info).toMatch(/closed while the task ran/);
  });

  it('starts threads on demand and retires them after idleTimeoutMs; the next task starts one again', async () => {
    const pool = createWorkerPool({ size: 2, idleTimeoutMs: 50 });
    try {
      expect(pool.status.threads).toBe(0);
      const double = flow<number>().step(worker<any, 'double'>(tasks, 'double', { pool }));
      expect(await run(double, 1)).toBe(2);
      expect(pool.status.threads).toBeGreaterThanOrEqual(1);
      await until(() => pool.status.threads === 0);
      expect(await run(double, 2)).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('without a pool, a step uses its module\'s own pool, which closeWorkerPools() closes', async () => {
    const f = flow<number>().step(worker<any, 'double'>(tasks, 'double'));
    expect(await run(f, 2)).toBe(4);
    await closeWorkerPools();
    expect(await run(f, 3)).toBe(6); // a new pool for the module
    await closeWorkerPools();
  });
});
