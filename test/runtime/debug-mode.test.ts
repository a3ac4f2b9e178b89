// Debug mode: a step that blocks the event loop longer than slowStepMs is
// reported (`slow`, with its label and the time blocked), nothing below the
// threshold; a step that waits with no timeout above it (`unbounded`); a
// handler promise that settles after its step was cancelled (`late`).
import { describe, it, expect, vi, afterEach } from 'vitest';
import { flow, run, type FlowEvent } from '../../index.js';
import { failure, observed } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // block the event loop on purpose
  }
}

describe('debug mode', () => {
  it('reports slow error handlers and finally handlers too', async () => {
    const events: FlowEvent[] = [];
    const f = flow<number>('job')
      .step('fails', (as) => as.error('E'))
      .catch(() => {
        busy(60);
        return 1;
      })
      .step('guarded', (as, n) => n, () => {
        busy(60);
        return 0;
      })
      .finally(() => busy(60));
    await run(f, 1, { debug: { slowStepMs: 40 }, onEvent: (e) => events.push(e) });
    const slow = events.filter((e) => e.type === 'slow').map((e) => e.label);
    expect(slow).toEqual(['job > catch', 'job > finally']);
    const g = flow<number>('job2').step('bad', (as) => as.error('E'), () => {
      busy(60);
      return 0;
    });
    const events2: FlowEvent[] = [];
    await run(g, 1, { debug: { slowStepMs: 40 }, onEvent: (e) => events2.push(e) });
    expect(events2.filter((e) => e.type === 'slow').map((e) => e.label)).toEqual(['job2 > bad']);
  });

  it('reports a 150 ms busy step as slow, with its label and the time blocked; a quick step is not reported', async () => {
    const events: FlowEvent[] = [];
    const f = flow<number>('job')
      .step('quick', (as, n) => n + 1)
      .step('crunch', (as, n) => {
        busy(150);
        return n;
      });
    await run(f, 1, { debug: { slowStepMs: 100 }, onEvent: (e) => events.push(e) });
    const slow = events.filter((e) => e.type === 'slow');
    expect(slow).toHaveLength(1);
    expect(slow[0]!.name).toBe('crunch');
    expect(slow[0]!.label).toBe('job > crunch');
    expect(slow[0]!.blockedMs).toBeGreaterThanOrEqual(150);
  });

  it('times only the synchronous part of an async handler', async () => {
    const events: FlowEvent[] = [];
    const f = flow<number>().step('waits', async (as, n) => {
      await new Promise((r) => setTimeout(r, 150));
      return n;
    });
    await run(f, 1, { debug: { slowStepMs: 100 }, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'slow')).toEqual([]);
  });

  it('without a listener, a slow step is a process warning naming it', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    await run(flow<number>('job').step('crunch', () => busy(60)), 0, { debug: { slowStepMs: 50 } });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/job > crunch blocked the event loop for \d+ ms/), expect.anything());
  });

  it('reports a wait with no timeout above it, and not one under a timeout', async () => {
    const events: FlowEvent[] = [];
    const waiting = flow<number>().step<number>('forever', (as) => {
      as.waitExternal();
      setTimeout(() => as.success(1), 1);
    });
    await run(waiting, 0, { debug: {}, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'unbounded').map((e) => e.name)).toEqual(['forever']);
    events.length = 0;
    await run(waiting.timeout(1_000), 0, { debug: {}, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'unbounded')).toEqual([]);
  });

  it('reports a handler promise that settles after its step was cancelled', async () => {
    const events: FlowEvent[] = [];
    let finish: (() => void) | undefined;
    const f = flow<number>().step('slowCall', () => new Promise<number>((r) => (finish = () => r(1))));
    const exec = observed(run(f, 0, { debug: {}, onEvent: (e) => events.push(e) }));
    await new Promise((r) => setTimeout(r, 1));
    exec.cancel();
    await failure(exec);
    finish!();
    await new Promise((r) => setTimeout(r, 1));
    expect(events.filter((e) => e.type === 'late').map((e) => e.name)).toEqual(['slowCall']);
  });

  it('is off by default: no reports, and a debug option must be an object', async () => {
    const events: FlowEvent[] = [];
    await run(flow<number>().step('crunch', () => busy(30)), 0, { onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'slow' || e.type === 'unbounded' || e.type === 'late')).toBe(false);
    expect(() => run(flow<number>(), 0, { debug: 5 as never })).toThrow(/options\.debug/);
  });
});
