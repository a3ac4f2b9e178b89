// Shutdown under load, in real time: 1,000 runs admitted (most waiting),
// close with a drain deadline. Every run settles or is named in the report,
// every cancel handler and finally runs exactly once, and no timer is left.
import { describe, expect, it } from 'vitest';
import { flow, Errors, type FlowEvent } from '../../index.js';
import { createHost } from '../../host.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('host under load', () => {
  it('1,000 runs, close with a 150 ms drain deadline: all settle, cleanups once each, nothing left behind', async () => {
    const before = timers();
    const N = 1_000;
    const finals = new Map<number, number>();
    const cancels = new Map<number, number>();
    const startedIds = new Set<number>();
    const bump = (m: Map<number, number>, id: number) => m.set(id, (m.get(id) ?? 0) + 1);
    const f = flow<number>('job')
      .step<number>('work', (as, id) => {
        startedIds.add(id);
        const t = setTimeout(() => as.success(id), 1 + ((id * 37) % 60));
        as.setCancel(() => {
          bump(cancels, id);
          clearTimeout(t);
        });
      })
      .finally(async (as, outcome) => {
        bump(finals, as.state.id);
        // Every fifth run cleans up asynchronously, a little after its cancel.
        if (as.state.id % 5 === 0 && outcome.status === 'cancelled') await new Promise((r) => setTimeout(r, 5));
      });
    const events: FlowEvent[] = [];
    const host = createHost({ maxRunning: 100, maxQueued: N - 100, drainTimeoutMs: 150, cancelTimeoutMs: 1_000, onEvent: (e) => e.type === 'cancel' && events.push(e) });
    const runs = Array.from({ length: N }, (_, i) => host.run(f, i, { state: { id: i } }));
    expect(host.status).toMatchObject({ running: 100, queued: N - 100 });
    const refused = host.run(f, N);
    expect(host.status.rejected).toBe(1);
    const settled = Promise.allSettled([...runs, refused]);
    const started = performance.now();
    const report = await host.close();
    const tookMs = performance.now() - started;
    const outcomes = await settled;

    expect(report.drained).toBe(false);
    expect(report.unsettled).toEqual([]);
    expect(tookMs).toBeLessThan(150 + 1_000 + 1_000); // bounded by the drain and cancel deadlines
    const ok = outcomes.slice(0, N).filter((o) => o.status === 'fulfilled').length;
    const cancelled = outcomes.slice(0, N).filter((o) => o.status === 'rejected' && o.reason.code === Errors.Cancelled).length;
    expect(ok + cancelled).toBe(N);
    expect(ok).toBeGreaterThan(100);
    expect(cancelled).toBeGreaterThan(100);
    expect(report.status).toMatchObject({ succeeded: ok, cancelled, failed: 0, rejected: 1, running: 0, queued: 0, phase: 'closed' });
    expect(report.cancelled).toHaveLength(cancelled);
    // Runs cancelled while running were named with their step; queued ones never started.
    const runningAtDeadline = report.cancelled.filter((r) => r.status === 'running');
    expect(runningAtDeadline.length).toBeGreaterThan(0);
    expect(runningAtDeadline.every((r) => r.step?.label === 'job > work')).toBe(true);
    expect(report.cancelled.filter((r) => r.status === 'queued').every((r) => r.step === undefined)).toBe(true);
    // Exactly once each: a finally for every run that started, a cancel handler for every run cancelled while running.
    expect(finals.size).toBe(startedIds.size);
    expect([...finals.values()].every((n) => n === 1)).toBe(true);
    expect(cancels.size).toBe(runningAtDeadline.length);
    expect([...cancels.values()].every((n) => n === 1)).toBe(true);
    expect(startedIds.size).toBe(ok + runningAtDeadline.length);
    expect(events.length).toBeGreaterThan(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
