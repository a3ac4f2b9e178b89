// README: one trace may serve many concurrent runs, and spans are told apart by
// run; toGantt keys every span by (run, span number), never by the number alone.
import { describe, expect, it } from 'vitest';
import { createTrace, flow, run, toGantt, type TraceSpan } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { ganttTasks, lexGantt } from './gantt-lexer.js';

const hang = (as: any): void => {
  as.setCancel(() => {});
};

describe('toGantt with several runs', () => {
  it('gives every run its own sections and task ids, and marks timeouts only in the run that timed out', async () => {
    const clock = createTestScheduler();
    const trace = createTrace();
    const a = flow('A')
      .parallel([flow('p0').step('wait', hang), flow('p1').step('boom', (as) => as.error('X'))])
      .catch(() => 0);
    const b = flow('B').step('w', hang).timeout(5).catch(() => 0);
    const ra = run(a, 0, { onEvent: trace.onEvent, scheduler: clock });
    const rb = run(b, 0, { onEvent: trace.onEvent, scheduler: clock });
    await clock.runAll();
    await Promise.all([ra, rb]);
    const spans = trace.spans();
    const [runA, runB] = [spans[0]!.run, spans.find((s) => s.name === 'B')!.run];
    expect(runA).not.toBe(runB);

    const tasks = ganttTasks(toGantt(spans, 'A and B'));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    expect(tasks.map((t) => [t.section, t.name, t.tags])).toEqual([
      [`A (run ${runA})`, 'A', ['done']],
      [`A (run ${runA})`, 'p0', ['active']],
      [`A (run ${runA})`, 'wait', ['active']],
      [`A (run ${runA})`, 'p1', ['crit']],
      [`A (run ${runA})`, 'boom', ['crit']],
      [`B (run ${runB})`, 'B', ['done']],
      [`B (run ${runB})`, 'w (timed out)', ['crit']],
    ]);
    // Each run alone is drawn as before: plain sections and ids, the same names and tags.
    const alone = ganttTasks(toGantt(spans.filter((s) => s.run === runA), 'A'));
    expect(alone.map((t) => [t.section, t.name, t.tags])).toEqual(tasks.slice(0, 5).map((t) => ['A', t.name, t.tags]));
    expect(alone.map((t) => t.id)).toEqual(spans.filter((s) => s.run === runA && s.name !== undefined).map((s) => `s${s.span}`));
  });

  it('does not take the second run of the same flow for a retry', async () => {
    const trace = createTrace();
    const f = flow('job').step('work', () => 1);
    await run(f, 0, { onEvent: trace.onEvent });
    await run(f, 0, { onEvent: trace.onEvent });
    const spans = trace.spans();
    const ids = [...new Set(spans.map((s) => s.run))];
    expect(ids).toHaveLength(2);
    const text = toGantt(spans, 'twice');
    expect(text).not.toContain('attempt');
    const tasks = ganttTasks(text);
    expect(tasks.map((t) => [t.section, t.name, t.id])).toEqual([
      [`job (run ${ids[0]})`, 'job', 'r1s1'],
      [`job (run ${ids[0]})`, 'work', 'r1s2'],
      [`job (run ${ids[1]})`, 'job', 'r2s1'],
      [`job (run ${ids[1]})`, 'work', 'r2s2'],
    ]);
    expect(lexGantt(text).filter((l) => l.kind === 'other')).toEqual([]);
  });

  it('still numbers retries within a run, and follows parents within the run only', () => {
    const span = (run: string, n: number, more: Partial<TraceSpan>): TraceSpan => ({ run, span: n, node: '0.0', name: 'g', path: ['f'], start: n, end: n + 1, status: 'succeeded', retries: 0, ...more });
    const spans: TraceSpan[] = [
      span('r-1', 1, { node: '0', name: 'f', path: [], status: 'failed', error: { code: 'Timeout', message: 'Timeout', info: undefined } as any }),
      span('r-1', 2, { parentSpan: 1, status: 'cancelled' }),
      span('r-1', 3, { parentSpan: 1 }),
      span('r-2', 1, { node: '0', name: 'f', path: [] }),
      span('r-2', 2, { parentSpan: 1, status: 'cancelled' }),
    ];
    const tasks = ganttTasks(toGantt(spans, 'x'));
    expect(tasks.map((t) => [t.id, t.name, t.tags])).toEqual([
      ['r1s1', 'f (timed out)', ['crit']],
      ['r1s2', 'g (timed out)', ['crit']],
      ['r1s3', 'g (attempt 2)', ['done']],
      ['r2s1', 'f', ['done']],
      ['r2s2', 'g', ['active']],
    ]);
  });
});
