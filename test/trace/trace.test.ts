import { describe, expect, it } from 'vitest';
import { createTrace, flow, run, spansOf, toGantt } from '../../index.js';
import { createTestScheduler } from '../../testing.js';

const wait = (ms: number) => (as: any, v: unknown) => {
  const clock = as.thread.run.scheduler;
  const t = clock.setTimer(() => as.success(v), ms);
  as.setCancel(() => clock.clearTimer(t));
};

describe('trace', () => {
  it('collects one span per node execution, nested by parent span, with outcomes and times', async () => {
    const clock = createTestScheduler();
    const trace = createTrace();
    const inner = flow<number>('inner').step<number>('slow', wait(20)).step('double', (as, n) => n * 2);
    const f = flow<number>('main').step('first', (as, n) => n + 1).step(inner).repeat(2, (as) => {});
    const exec = run(f, 1, { scheduler: clock, onEvent: trace.onEvent });
    await clock.advance(20);
    expect(await exec).toBe(4);
    const spans = trace.spans();
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    expect(byName('main').status).toBe('succeeded');
    expect(byName('slow')).toMatchObject({ status: 'succeeded', start: 0, end: 20 });
    expect(byName('slow').parentSpan).toBe(byName('inner').span);
    expect(byName('inner').parentSpan).toBe(byName('main').span);
    expect(byName('double').path).toEqual(['main', 'inner']);
    // Span ids are unique; the repeat body is one node that ran twice, so two spans share its node id.
    expect(new Set(spans.map((s) => s.span)).size).toBe(spans.length);
    const perNode = new Map<string, number>();
    for (const s of spans) perNode.set(s.node, (perNode.get(s.node) ?? 0) + 1);
    expect([...perNode.values()].filter((n) => n === 2)).toHaveLength(1);
  });

  it('marks failed, cancelled and retried spans', async () => {
    const clock = createTestScheduler();
    const trace = createTrace();
    let tries = 0;
    const f = flow<number>('main')
      .step('flaky', () => {
        if (++tries < 2) throw new Error('flaky');
        return 1;
      })
      .retry({ attempts: 2, backoff: { initialMs: 5, jitter: 'none' } })
      .step<number>('hang', wait(1000));
    const exec = run(f, 0, { scheduler: clock, onEvent: trace.onEvent });
    await clock.advance(5);
    exec.cancel('stop');
    await expect(exec).rejects.toMatchObject({ code: 'Cancelled' });
    const spans = spansOf(trace.events);
    expect(spans.filter((s) => s.name === 'flaky').map((s) => s.status)).toEqual(['failed', 'succeeded']);
    expect(spans.find((s) => s.name === 'hang')!.status).toBe('cancelled');
    expect(spans.some((s) => s.retries === 1)).toBe(true);
  });
});

describe('toGantt', () => {
  it('draws a trace of 300,000 spans without growing the stack', () => {
    const spans = Array.from({ length: 300_000 }, (_, i) => ({ run: 'r', span: i + 1, node: '0', name: `s${i}`, path: [], start: i, end: i + 1, status: 'succeeded' as const, retries: 0 }));
    const text = toGantt(spans, 'big');
    expect(text.startsWith('gantt')).toBe(true);
    expect(text).toContain('s299999');
  });

  it('renders named spans as a Mermaid gantt with relative times and status tags', async () => {
    const clock = createTestScheduler();
    const trace = createTrace();
    const f = flow<number>('order: #1')
      .step<number>('reserve', wait(10))
      .step('charge', (as, n) => {
        if (n > 0) as.error('PaymentFailed');
        return n;
      })
      .catch(() => 0);
    const exec = run(f, 1, { scheduler: clock, onEvent: trace.onEvent });
    await clock.advance(10);
    await exec;
    const text = toGantt(trace.spans(), 'checkout');
    const lines = text.split('\n');
    expect(lines[0]).toBe('gantt');
    expect(lines).toContain('  title checkout');
    expect(lines).toContain('  dateFormat x');
    expect(text).toMatch(/ {2}reserve :done, s\d+, 0, 10/);
    expect(text).toMatch(/ {2}charge :crit, s\d+, 10, 11/);
    expect(text).toContain('section order#58; #35;1');
    expect(text).not.toMatch(/order: #1/);
  });

  it('marks a timed-out attempt (and the step it cancelled) and numbers the attempt after it', async () => {
    const clock = createTestScheduler();
    const trace = createTrace();
    let calls = 0;
    const f = flow<number>('pay')
      .step<number>('gateway', (as, n) => {
        if (++calls === 1) as.setCancel(() => {});
        else return n;
      })
      .timeout(50)
      .retry({ attempts: 2, backoff: { initialMs: 10, factor: 1, maxMs: 10, jitter: 'none' } });
    const exec = run(f, 1, { scheduler: clock, onEvent: trace.onEvent });
    await clock.advance(60);
    await exec;
    const text = toGantt(trace.spans(), 'pay');
    expect(text).toMatch(/ {2}gateway \(timed out\) :crit, s\d+, 0, 50\n/);
    expect(text).toMatch(/ {2}gateway \(attempt 2\) :done, s\d+, 60, 61\n/);
    const all = toGantt(trace.spans(), 'pay', { all: true });
    expect(all).toMatch(/ {2}node [\d.]+ \(timed out\) :crit, s\d+, 0, 50\n/);
  });

  it('handles an empty trace', () => {
    expect(toGantt([], 'nothing')).toBe('gantt\n  title nothing\n  dateFormat x\n');
  });
});
