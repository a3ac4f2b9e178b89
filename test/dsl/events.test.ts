// DESIGN: Running (onEvent) and "Details the contract fixes: Events".
import { describe, it, expect, vi, afterEach } from 'vitest';
import { flow, run, FlowError } from '../../index.js';
import { createTestScheduler } from '../../testing.js';
import { failure, flush } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function collect() {
  const events: any[] = [];
  return { events, onEvent: (e: any) => events.push(e) };
}

describe('events', () => {
  it('a named step emits start then success with its name', async () => {
    const { events, onEvent } = collect();
    await run(flow<number>().step('only', (as, x) => x), 1, { onEvent });
    const mine = events.filter((e) => e.name === 'only');
    expect(mine.map((e) => e.type)).toEqual(['start', 'success']);
    expect(mine[0].node).toBe(mine[1].node);
    expect(typeof mine[0].node).toBe('string');
  });

  it('path names the enclosing named steps and flows outermost first', async () => {
    const { events, onEvent } = collect();
    const inner = flow<number>('inner').step('leaf', (as, x) => x);
    const f = flow<number>('outer').step('middle', inner).step('sibling', (as, x) => x);
    await run(f, 1, { onEvent });
    const leaf = events.find((e) => e.name === 'leaf' && e.type === 'start');
    expect(leaf.path).toEqual(['outer', 'middle', 'inner']);
    const sibling = events.find((e) => e.name === 'sibling' && e.type === 'start');
    expect(sibling.path).toEqual(['outer']);
  });

  it('time comes from the scheduler; durationMs is the time since start', async () => {
    const sched = createTestScheduler();
    const { events, onEvent } = collect();
    let api: any;
    const f = flow<number>().step<number>('wait', (as) => {
      as.waitExternal();
      api = as;
    });
    const exec = run(f, 0, { scheduler: sched, onEvent });
    await sched.advance(50);
    api.success(7);
    expect(await exec).toBe(7);
    const start = events.find((e) => e.name === 'wait' && e.type === 'start');
    const success = events.find((e) => e.name === 'wait' && e.type === 'success');
    expect(start.time).toBe(0);
    expect(success.time).toBe(50);
    expect(success.durationMs).toBe(50);
  });

  it('a failing step emits an error event carrying the error', async () => {
    const { events, onEvent } = collect();
    const err = await failure(run(flow<number>().step('bad', (as) => as.error('Oops')), 0, { onEvent }));
    const ev = events.find((e) => e.name === 'bad' && e.type === 'error');
    expect(ev).toBeDefined();
    expect(ev.error).toBeInstanceOf(FlowError);
    expect(ev.error.code).toBe('Oops');
    expect(ev.error).toBe(err);
    expect(typeof ev.durationMs).toBe('number');
  });

  it('a cancelled step emits a cancel event', async () => {
    const { events, onEvent } = collect();
    const exec = run(
      flow<number>().step<number>('hang', (as) => {
        as.waitExternal();
      }),
      0,
      { onEvent },
    );
    await flush();
    exec.cancel();
    await failure(exec);
    const types = events.filter((e) => e.name === 'hang').map((e) => e.type);
    expect(types).toEqual(['start', 'cancel']);
  });

  it("a retry emits 'retry' events", async () => {
    const sched = createTestScheduler();
    const { events, onEvent } = collect();
    let n = 0;
    const f = flow<number>()
      .step('flaky', (as, x) => (++n < 3 ? as.error('Flaky') : x))
      .retry({ attempts: 3, backoff: { jitter: 'none' } });
    const exec = run(f, 5, { scheduler: sched, onEvent });
    await sched.runAll();
    expect(await exec).toBe(5);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(events.filter((e) => e.name === 'flaky' && e.type === 'start')).toHaveLength(3);
  });

  it('node ids are stable across runs and distinct per node', async () => {
    const f = flow<number>('f')
      .step('a', (as, x) => x)
      .step('b', (as, x) => x)
      .step('c', flow<number>().step('d', (as, x) => x));
    const ids = async () => {
      const { events, onEvent } = collect();
      await run(f, 0, { onEvent });
      return Object.fromEntries(events.filter((e) => e.type === 'start').map((e) => [e.name ?? e.node, e.node]));
    };
    const first = await ids();
    const second = await ids();
    expect(second).toEqual(first);
    const named = ['a', 'b', 'c', 'd'].map((k) => first[k]);
    expect(named.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(named).size).toBe(4);
  });

  it('a throwing listener does not break the run', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    let calls = 0;
    const f = flow<number>()
      .step('a', (as, x) => x + 1)
      .step('b', (as, x) => x * 2);
    const exec = run(f, 1, {
      onEvent: () => {
        calls++;
        throw new Error('listener exploded');
      },
    });
    expect(await exec).toBe(4);
    expect(exec.status).toBe('succeeded');
    expect(calls).toBeGreaterThanOrEqual(4);
  });
});
