// Admission: a running limit, a FIFO queue of runs not started, refusal
// beyond the queue bound, room() for producers, and cancel of queued runs.
import { describe, expect, it, vi } from 'vitest';
import { getEventListeners } from 'node:events';
import { flow, slotType, Errors, FlowError } from '../../index.js';
import { createHost } from '../../host.js';
import { createTestScheduler } from '../../testing.js';
import { failure, flush } from '../helpers.js';
import { timedFlow } from './timed-flow.js';

let sched = createTestScheduler();
const timed = (started: number[]) => timedFlow(sched, started);

describe('host admission', () => {
  it('runs at most maxRunning at once; the rest wait in FIFO order without starting', async () => {
    sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 2, maxQueued: 10, scheduler: sched });
    const f = timed(started);
    const runs = [1, 2, 3, 4, 5].map((id) => host.run(f, { id, ms: 10 }));
    await flush();
    expect(started).toEqual([1, 2]);
    expect(runs.map((r) => r.status)).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
    expect(host.status).toMatchObject({ running: 2, queued: 3, succeeded: 0 });
    await sched.advance(10);
    await flush();
    expect(started).toEqual([1, 2, 3, 4]);
    await sched.advance(10);
    await flush();
    await sched.advance(10);
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4, 5]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(host.status).toMatchObject({ phase: 'open', running: 0, queued: 0, succeeded: 5, failed: 0, cancelled: 0, rejected: 0 });
  });

  it('refuses a run beyond maxQueued at once with DefenseRejected naming the limit; it never starts', async () => {
    sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 1, maxQueued: 2, scheduler: sched });
    const f = timed(started);
    const ok = [1, 2, 3].map((id) => host.run(f, { id, ms: 5 }));
    const refused = host.run(f, { id: 4, ms: 5 });
    const err = await failure(refused);
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.DefenseRejected);
    expect(err.info).toContain('maxQueued (2)');
    expect(err.data).toMatchObject({ reason: 'maxQueued', maxQueued: 2, running: 1, queued: 2 });
    expect(refused.status).toBe('failed');
    expect(host.status.rejected).toBe(1);
    for (let i = 0; i < 3; i++) {
      await sched.advance(5);
      await flush();
    }
    expect(await Promise.all(ok)).toEqual([1, 2, 3]);
    expect(started).not.toContain(4);
  });

  it('maxQueued 0 admits only what can start now', async () => {
    sched = createTestScheduler();
    const host = createHost({ maxRunning: 1, maxQueued: 0, scheduler: sched });
    const f = timed([]);
    const a = host.run(f, { id: 1, ms: 1 });
    expect((await failure(host.run(f, { id: 2, ms: 1 }))).code).toBe(Errors.DefenseRejected);
    await sched.advance(1);
    expect(await a).toBe(1);
  });

  it('cancelling a queued run takes it out of the queue: it never starts and rejects with Cancelled', async () => {
    sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const f = timed(started);
    const a = host.run(f, { id: 1, ms: 10 });
    const b = host.run(f, { id: 2, ms: 10 });
    const c = host.run(f, { id: 3, ms: 10 });
    b.cancel('not needed');
    expect(b.status).toBe('cancelled');
    expect(host.status).toMatchObject({ running: 1, queued: 1, cancelled: 1 });
    const err = await failure(b);
    expect(err.code).toBe(Errors.Cancelled);
    expect(err.cause).toBe('not needed');
    await sched.advance(10);
    await flush();
    await sched.advance(10);
    expect([await a, await c]).toEqual([1, 3]);
    expect(started).toEqual([1, 3]);
  });

  it("listens on a queued run's signal only while it waits: none of the host's listeners is left once it started and settled", async () => {
    sched = createTestScheduler();
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const f = timed([]);
    const a = host.run(f, { id: 1, ms: 10 });
    const ctl = new AbortController();
    const b = host.run(f, { id: 2, ms: 10 }, { signal: ctl.signal });
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(1); // the host's, while b waits
    await sched.advance(10);
    await flush();
    expect(b.status).toBe('running');
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(1); // now run()'s own
    await sched.advance(10);
    expect([await a, await b]).toEqual([1, 2]);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
  });

  it("a queued run's aborted signal takes it out of the queue; an already aborted one never queues", async () => {
    sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const f = timed(started);
    const a = host.run(f, { id: 1, ms: 10 });
    const ctl = new AbortController();
    const b = host.run(f, { id: 2, ms: 10 }, { signal: ctl.signal });
    ctl.abort('gone');
    expect((await failure(b)).cause).toBe('gone');
    const c = host.run(f, { id: 3, ms: 10 }, { signal: AbortSignal.abort('before') });
    expect((await failure(c)).code).toBe(Errors.Cancelled);
    expect(host.status).toMatchObject({ queued: 0, cancelled: 2 });
    await sched.advance(10);
    expect(await a).toBe(1);
    expect(started).toEqual([1]);
  });

  it('cancelling a running run cancels it like run() does: its cancel handler runs and the next queued run starts', async () => {
    sched = createTestScheduler();
    const started: number[] = [];
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const f = timed(started);
    const a = host.run(f, { id: 1, ms: 10 });
    const b = host.run(f, { id: 2, ms: 10 });
    await flush();
    a.cancel();
    expect((await failure(a)).code).toBe(Errors.Cancelled);
    await flush();
    expect(started).toEqual([1, 2]);
    expect(sched.pending()).toBe(2); // b's work timer and its step timeout; a's were cleared
    await sched.advance(10);
    expect(await b).toBe(2);
    expect(host.status).toMatchObject({ succeeded: 1, cancelled: 1, running: 0 });
  });

  it('keeps the state object and counts failures; a run option run() refuses is a TypeError at once, taking no place', async () => {
    sched = createTestScheduler();
    const host = createHost({ maxRunning: 1, maxQueued: 1, scheduler: sched });
    const failing = flow<number>('fails').step((as) => as.error('Nope', 'no'));
    const state = { tenant: 't1' };
    const e = host.run(failing, 1, { state });
    expect(e.state).toBe(state);
    expect((await failure(e)).code).toBe('Nope');
    expect(() => host.run(flow<number>().step((as, n) => n), 1, { timeout: -1 })).toThrow(/host\.run\(\): options\.timeout must be a positive number/);
    expect(() => host.run(flow<number>().step((as, n) => n), 1, { debug: { unboundedWaits: 'no' as never } })).toThrow(/options\.debug\.unboundedWaits must be a boolean/);
    expect(host.status).toMatchObject({ failed: 1, running: 0, queued: 0 });
  });

  it('room() resolves at once with a free slot, else when a run ends and the queue is empty', async () => {
    sched = createTestScheduler();
    const host = createHost({ maxRunning: 1, scheduler: sched });
    const f = timed([]);
    await host.room();
    const a = host.run(f, { id: 1, ms: 10 });
    const b = host.run(f, { id: 2, ms: 10 });
    let roomy = 0;
    const waiters = [host.room().then(() => roomy++), host.room().then(() => roomy++)];
    await sched.advance(10);
    await flush();
    expect(roomy).toBe(0); // a ended, but b took the slot
    await sched.advance(10);
    await Promise.all(waiters);
    expect(roomy).toBe(2);
    expect([await a, await b]).toEqual([1, 2]);
  });

  it("passes its debug and onEvent options to every run, beside the run's own onEvent; a run's debug wins", async () => {
    const hostEvents: string[] = [];
    const runEvents: string[] = [];
    const host = createHost({ debug: { slowStepMs: 0 }, onEvent: (e) => hostEvents.push(`${e.type}:${e.name ?? e.node}`) });
    const f = flow<number>('f').step('busy', (as, n) => n + 1);
    expect(await host.run(f, 1, { onEvent: (e) => runEvents.push(e.type) })).toBe(2);
    expect(hostEvents).toContain('slow:busy');
    expect(runEvents).toContain('slow');
    hostEvents.length = 0;
    const failing = host.run(f, 1, {
      debug: { slowStepMs: 1e9 },
      onEvent: () => {
        throw new Error('listener failed');
      },
    });
    expect(await failing).toBe(2); // a throwing listener disturbs neither the run nor the other listeners
    expect(hostEvents).toContain('success:busy');
    expect(hostEvents).toContain('start:busy');
    expect(hostEvents).not.toContain('slow:busy');
  });

  it('when the host listener and the run listener both throw, both are reported and the run goes on', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const host = createHost({ onEvent: () => { throw new Error('host listener boom'); } });
      expect(await host.run(flow<number>().step((as, n) => n + 1), 1, { onEvent: () => { throw new Error('run listener boom'); } })).toBe(2);
      await flush(5);
      const messages = warn.mock.calls.map((c) => String(c[0]));
      expect(messages.some((m) => m.includes('host listener boom'))).toBe(true);
      expect(messages.some((m) => m.includes('run listener boom'))).toBe(true);
      await host.close();
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses what is not a flow, a template and bad options with a TypeError at once', () => {
    const host = createHost();
    expect(() => host.run({} as never, 1)).toThrow(/host\.run\(\): the first argument must be a Flow/);
    const tpl = flow<number>().slot('s', slotType<number, number>());
    expect(() => host.run(tpl as never, 1)).toThrow(/template with unfilled slots: "s"/);
    expect(() => host.run(flow<number>(), 1, null as never)).toThrow(/options must be an object/);
    expect(() => host.run(flow<number>(), 1, { onEvent: 'log' as never })).toThrow(/host\.run\(\): options\.onEvent must be a function, got string/);
    expect(() => host.run(flow<number>(), 1, { signal: {} as never })).toThrow(/host\.run\(\): options\.signal must be an AbortSignal/);
    expect(() => createHost({ maxRunning: 0 })).toThrow(/options\.maxRunning must be a positive integer.*got 0/);
    expect(() => createHost({ maxQueued: 1.5 })).toThrow(/options\.maxQueued must be a non-negative integer.*got 1\.5/);
    expect(() => createHost({ drainTimeoutMs: -1 })).toThrow(/options\.drainTimeoutMs must be a non-negative number/);
    expect(() => createHost({ onEvent: 1 as never })).toThrow(/options\.onEvent must be a function/);
    expect(() => createHost({ scheduler: {} as never })).toThrow(/options\.scheduler .*missing/);
    expect(() => host.onClose(1 as never)).toThrow(/host\.onClose\(\): the resource closer must be a function/);
  });
});
