// close(): stops admitting at once, drains until the deadline, cancels the
// rest (cleanups run), waits for them up to the cancel deadline, closes
// resources in reverse order and reports what did not settle and where.
import { describe, expect, it } from 'vitest';
import { flow, Errors } from '../../index.js';
import { createHost } from '../../host.js';
import { createTestScheduler } from '../../testing.js';
import { deferred, failure, flush } from '../helpers.js';
import { timedFlow } from './timed-flow.js';

describe('host.close()', () => {
  it('drains: running and queued runs finish before the deadline, then resources close; nothing is cancelled', async () => {
    const sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 2, drainTimeoutMs: 100, scheduler: sched });
    const closed: string[] = [];
    host.onClose(() => void closed.push('db'), 'db');
    const runs = [1, 2, 3].map((id) => host.run(timedFlow(sched, started), { id, ms: 30 }));
    const report = host.close();
    expect(host.status.phase).toBe('draining');
    await sched.advance(30);
    await flush();
    await sched.advance(30);
    const r = await report;
    expect(await Promise.all(runs)).toEqual([1, 2, 3]);
    expect(r.drained).toBe(true);
    expect(r.cancelled).toEqual([]);
    expect(r.unsettled).toEqual([]);
    expect(r.durationMs).toBe(60);
    expect(r.status).toMatchObject({ phase: 'closed', succeeded: 3, running: 0, queued: 0 });
    expect(closed).toEqual(['db']);
    expect(sched.pending()).toBe(0);
  });

  it('stops admitting at once: run() rejects with DefenseRejected saying the host is closing, room() rejects too', async () => {
    const host = createHost();
    const report = host.close();
    const err = await failure(host.run(flow<number>().step((as, n) => n), 1));
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(err.info).toMatch(/closing/);
    expect(err.data.reason).toBe('closing');
    expect((await failure(host.room())).data.reason).toBe('closing');
    expect((await report).status.rejected).toBe(1);
  });

  it('a producer waiting in room() is told the host is closing', async () => {
    const sched = createTestScheduler();
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const a = host.run(timedFlow(sched, []), { id: 1, ms: 5 });
    const waiting = failure(host.room());
    const report = host.close();
    expect((await waiting).code).toBe(Errors.DefenseRejected);
    await sched.advance(5);
    expect(await a).toBe(1);
    expect((await report).drained).toBe(true);
  });

  it('at the drain deadline cancels the rest: cancel handlers and finally run once, queued runs never start; each is named with its step', async () => {
    const sched = createTestScheduler();
    const started: number[] = [];
    const cancels: number[] = [];
    const finals: Array<[number, string]> = [];
    const f = flow<{ id: number; ms: number }>('job')
      .step('begin', (as, job) => {
        started.push(job.id);
        return job;
      })
      .step<number>('work', (as, job) => {
        const handle = sched.setTimer(() => as.success(job.id), job.ms);
        as.setCancel(() => {
          cancels.push(job.id);
          sched.clearTimer(handle);
        });
      })
      .finally((as, outcome) => void finals.push([as.state.id, outcome.status]));
    const host = createHost({ maxRunning: 2, maxQueued: 5, drainTimeoutMs: 50, cancelTimeoutMs: 20, scheduler: sched });
    const jobs = [
      { id: 1, ms: 10 },
      { id: 2, ms: 1_000 },
      { id: 3, ms: 1_000 },
      { id: 4, ms: 1_000 },
    ];
    const runs = jobs.map((j) => host.run(f, j, { state: { id: j.id } }));
    const settled = Promise.allSettled(runs);
    const report = host.close();
    await sched.advance(50);
    const r = await report;
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(outcomes.slice(1).map((o) => (o as PromiseRejectedResult).reason.code)).toEqual([Errors.Cancelled, Errors.Cancelled, Errors.Cancelled]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason.cause)).toMatch(/drain deadline of 50 ms/);
    expect(started).toEqual([1, 2, 3]);
    expect(cancels.sort()).toEqual([2, 3]);
    expect(finals.sort()).toEqual([
      [1, 'success'],
      [2, 'cancelled'],
      [3, 'cancelled'],
    ]);
    expect(r.drained).toBe(false);
    expect(r.unsettled).toEqual([]);
    expect(r.cancelled.map((c) => [c.id, c.status, c.step?.name])).toEqual([
      [runs[1]!.id, 'running', 'work'],
      [runs[2]!.id, 'running', 'work'],
      [runs[3]!.id, 'queued', undefined],
    ]);
    expect(r.cancelled[0]!.flow).toBe('job');
    expect(r.cancelled[0]!.step).toMatchObject({ label: 'job > work', path: ['job'], runningMs: 50 });
    expect(r.status).toMatchObject({ succeeded: 1, cancelled: 3, running: 0, queued: 0, phase: 'closed' });
    expect(sched.pending()).toBe(0);
  });

  it('a run whose cleanup outlives the cancel deadline is reported unsettled, with the step it was in', async () => {
    const sched = createTestScheduler();
    const release = deferred();
    const f = flow<number>('stuck')
      .step('outer', (as, n) => as.run(flow<number>('inner').step<number>('wait', (as) => void as.waitExternal()), n))
      .finally(async () => {
        await release.promise;
      });
    const host = createHost({ drainTimeoutMs: 10, cancelTimeoutMs: 10, scheduler: sched });
    const e = host.run(f, 1);
    const failed = failure(e);
    const report = host.close();
    await sched.advance(10);
    await flush();
    await sched.advance(10);
    const r = await report;
    expect(r.unsettled).toHaveLength(1);
    expect(r.unsettled[0]).toMatchObject({ id: e.id, flow: 'stuck', status: 'running' });
    // Its open steps closed as the cancel unwound; its async finally still runs: it is named where the cancel found it.
    expect(r.unsettled[0]!.step?.label).toBe('stuck > outer > inner > wait');
    expect(r.cancelled[0]!.step?.label).toBe('stuck > outer > inner > wait');
    release.resolve();
    expect((await failed).code).toBe(Errors.Cancelled);
    expect(host.status).toMatchObject({ cancelled: 1, running: 0 });
  });

  it('closes resources in reverse order of registration; one that throws, rejects or hangs is reported and the others still close', async () => {
    const sched = createTestScheduler();
    const host = createHost({ closeTimeoutMs: 25, scheduler: sched });
    const order: string[] = [];
    host.onClose(() => void order.push('first'), 'first');
    host.onClose(function namedCloser() {
      order.push('namedCloser');
      throw new Error('boom');
    });
    host.onClose(async () => {
      order.push('rejects');
      throw new Error('async boom');
    }, 'rejects');
    const unregister = host.onClose(() => void order.push('unregistered'), 'unregistered');
    host.onClose(() => {
      order.push('hangs');
      return new Promise(() => {});
    }, 'hangs');
    host.onClose(async () => {
      order.push('last');
    });
    unregister();
    const report = host.close();
    await flush();
    await sched.advance(25);
    const r = await report;
    expect(order).toEqual(['last', 'hangs', 'rejects', 'namedCloser', 'first']);
    expect(r.resources.map((x) => [x.name, x.ok])).toEqual([
      ['resource #6', true],
      ['hangs', false],
      ['rejects', false],
      ['namedCloser', false],
      ['first', true],
    ]);
    expect(String(r.resources[1]!.error)).toMatch(/hangs did not close within 25 ms/);
    expect((r.resources[2]!.error as Error).message).toBe('async boom');
    expect((r.resources[3]!.error as Error).message).toBe('boom');
    expect(r.resources[1]!.durationMs).toBe(25);
    expect(() => host.onClose(() => {})).toThrow(/already closing its resources/);
    expect(sched.pending()).toBe(0);
  });

  it('with trackSteps: false, reports name runs but not steps', async () => {
    const sched = createTestScheduler();
    const host = createHost({ drainTimeoutMs: 5, trackSteps: false, scheduler: sched });
    const e = host.run(timedFlow(sched, []), { id: 1, ms: 100 });
    const failed = failure(e);
    const report = host.close();
    await sched.advance(5);
    const r = await report;
    expect(r.cancelled).toEqual([{ id: e.id, flow: 'timed', status: 'running' }]);
    expect((await failed).code).toBe(Errors.Cancelled);
  });

  it('calling close() twice returns the same report promise', async () => {
    const host = createHost();
    const a = host.close();
    expect(host.close()).toBe(a);
    expect((await a).drained).toBe(true);
    expect(host.close()).toBe(a);
  });
});
