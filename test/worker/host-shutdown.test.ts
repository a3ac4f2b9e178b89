// A host closing with worker steps in flight: at the drain deadline the runs
// are cancelled, a task that ignores the cancel loses its thread after the
// pool's grace, the report names the worker step, and the pool closes last.
import { describe, expect, it } from 'vitest';
import { createHost } from '../../dist/host.js';
import { counter, createWorkerPool, Errors, flow, tasks, timers, until, worker } from './setup.js';

describe('host shutdown with worker steps', () => {
  it('cancels the worker steps at the deadline, names them in the report, then closes the pool', async () => {
    const before = timers();
    const pool = createWorkerPool({ size: 2, cancelGraceMs: 100, name: 'shutdown pool' });
    const host = createHost({ maxRunning: 4, drainTimeoutMs: 50, cancelTimeoutMs: 1_000 });
    host.onClose(() => pool.close(), 'worker pool');
    const started = counter();
    const finals: string[] = [];
    const job = flow<{ ms: number; started: Int32Array }>('job')
      .step('crunch', worker<any, 'stubborn'>(tasks, 'stubborn', { pool }))
      .finally((as, o) => void finals.push(o.status));
    const runs = [1, 2, 3].map(() => host.run(job, { ms: 10_000, started }));
    const settled = Promise.allSettled(runs);
    await until(() => Atomics.load(started, 0) === 2); // two run in threads, one waits in the pool's queue
    const report = await host.close();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason.code)).toEqual([Errors.Cancelled, Errors.Cancelled, Errors.Cancelled]);
    expect(finals).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(report.drained).toBe(false);
    expect(report.cancelled.map((r) => r.step?.label)).toEqual(['job > crunch', 'job > crunch', 'job > crunch']);
    expect(report.resources).toMatchObject([{ name: 'worker pool', ok: true }]);
    expect(pool.status).toEqual({ queued: 0, running: 0, threads: 0, closed: true });
    expect(Atomics.load(started, 0)).toBe(2); // the queued task never ran
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
