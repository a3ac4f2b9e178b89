// Chains of plain steps (runtime/interpreter/chain.ts): consecutive plain
// steps of a sequence, and the iterations of a loop whose body is a plain
// step, run back to back without a driver turn each. These tests hold the
// chain to the driver's promises: a flat stack, a budget that still yields
// to timers, the exact state handed back when a step does anything but
// complete, and step APIs that stay correct when they escape their step.
import { describe, it, expect, vi } from 'vitest';
import { flow, run, Errors, type FlowStepApi } from '../../index.js';
import { $as, type StepApi } from '../../ftn12.js';
import { failure, stackDepth } from '../helpers.js';

describe('chains of plain steps', () => {
  it('10,000 chained steps and a 200,000-iteration chained repeat run on a flat stack', async () => {
    const depths: number[] = [];
    let f = flow<number>();
    for (let i = 0; i < 10_000; i++) f = f.step((_as, n) => (i === 0 || i === 9_999 ? (depths.push(stackDepth()), n + 1) : n + 1));
    expect(await run(f, 0)).toBe(10_000);
    // Past the burst budget the rest runs from the ready queue: shallower, never deeper.
    expect(depths[1]).toBeLessThanOrEqual(depths[0]!);

    const loopDepths: number[] = [];
    const g = flow<number>().repeat(200_000, (_as, i) => {
      if (i === 0 || i === 100_000 || i === 199_999) loopDepths.push(stackDepth());
    });
    await run(g, 0);
    // The budget hands the loop back to the driver now and then (from the ready queue: never deeper).
    expect(loopDepths[1]).toBeLessThanOrEqual(loopDepths[0]!);
    expect(loopDepths[2]).toBeLessThanOrEqual(loopDepths[0]!);
  });

  it('a long synchronous chained repeat still gives timers their turn (the budget counts chained steps)', { timeout: 30_000 }, async () => {
    let fired = 0;
    const timer = setInterval(() => fired++, 1);
    const started = performance.now();
    let n = 0;
    try {
      await run(flow<number>().repeat(3_000_000, () => void n++), 0);
    } finally {
      clearInterval(timer);
    }
    expect(n).toBe(3_000_000);
    // About one turn per 4 ms slice of work; a starving loop gives none.
    const slices = (performance.now() - started) / 4;
    if (slices > 5) expect(fired).toBeGreaterThan(0);
  });

  it('a typed `as` kept past its chained step stays its own: a late success is ignored, state is shared', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      let kept: FlowStepApi<number> | undefined;
      const f = flow<number>()
        .step((as, n) => {
          kept = as as unknown as FlowStepApi<number>;
          as.state.seen = 'first';
          return n + 1;
        })
        .step((_as, n) => n * 10)
        .step((as, n) => {
          // The first step's `as`, called while the third runs: it answers for its own, finished step.
          kept!.success(999);
          expect(kept!.state).toBe(as.state);
          return n + 2;
        });
      expect(await run(f, 1)).toBe(22);
    } finally {
      warn.mockRestore();
    }
  });

  it('an FTN12 `as` kept past its chained step refuses late calls, inside a later chained step too', async () => {
    let kept: StepApi | undefined;
    const root = $as()
      .add((as) => {
        kept = as;
        as.success(1);
      })
      .add((as, n: number) => as.success(n + 1))
      .add((as, n: number) => {
        let refused = false;
        try {
          kept!.success(100);
        } catch {
          refused = true;
        }
        as.success(refused ? n + 10 : -1);
      });
    expect(await root.promise()).toBe(12);
  });

  it('a step that does anything but complete leaves the chain and the driver goes on from there', async () => {
    const order: string[] = [];
    const f = flow<number>()
      .step((_as, n) => (order.push('a'), n + 1))
      .step(async (_as, n) => (order.push('b'), n + 1))
      .step((_as, n) => (order.push('c'), n + 1))
      .step<number>((as, n) => {
        order.push('d');
        as.add((sub) => (order.push('d.sub'), (sub as FlowStepApi<number>).success(n + 100)));
      })
      .step<number>((as, n) => {
        order.push('e');
        setTimeout(() => as.success(n + 1), 1);
        as.waitExternal();
      })
      .step((_as, n) => (order.push('f'), n + 1));
    expect(await run(f, 0)).toBe(105);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'd.sub', 'e', 'f']);
  });

  it('a throw, an as.error and a handled error in a chain: the right step fails, the next handler sees it', async () => {
    const after = vi.fn();
    const thrown = flow<number>()
      .step((_as, n) => n + 1)
      .step(() => {
        throw new Error('boom');
      })
      .step(after);
    const e1 = await failure(run(thrown, 0));
    expect(e1.message).toContain('boom');

    const coded = flow<number>()
      .step((_as, n) => n + 1)
      .step((as) => as.error('Declined', 'card'))
      .step(after)
      .catch((_as, e) => `recovered ${e.code}`);
    expect(await run(coded, 0)).toBe('recovered Declined');
    expect(after).not.toHaveBeenCalled();
  });

  it('a chained step that cancels its own run: no later step runs, the run is cancelled', async () => {
    const after = vi.fn();
    let execution: ReturnType<typeof run> | undefined;
    const f = flow<number>()
      // Awaited first, so the Execution exists when the next steps run.
      .step(async (_as, n) => n + 1)
      .step((_as, n) => n + 1)
      .step((_as, n) => {
        execution!.cancel('stop');
        return n + 1;
      })
      .step(after);
    execution = run(f, 0);
    const e = await failure(execution);
    expect(e.code).toBe(Errors.Cancelled);
    expect(after).not.toHaveBeenCalled();
  });

  it('break and continue in a chained loop body (typed and FTN12)', async () => {
    const seen: number[] = [];
    const typed = flow<number>().repeat(10, (as, i) => {
      if (i === 2) as.continue();
      if (i === 5) as.break();
      seen.push(i);
    });
    await run(typed, 0);
    expect(seen).toEqual([0, 1, 3, 4]);

    const ftn: number[] = [];
    await $as()
      .forEach([10, 20, 30, 40], (as, i: number, v: number) => {
        if (v === 30) as.break();
        ftn.push(i, v);
      })
      .promise();
    expect(ftn).toEqual([0, 10, 1, 20]);
  });

  it('runs that watch every step do not chain, and see every step', async () => {
    let f = flow<number>();
    for (let i = 0; i < 5; i++) f = f.step(`s${i}`, (_as, n) => n + 1);
    const seen: string[] = [];
    const onEvent = (e: { type: string; name?: string }) => void ((e.type === 'start' || e.type === 'success') && seen.push(`${e.type} ${e.name}`));
    expect(await run(f, 0, { onEvent })).toBe(5);
    const steps = seen.filter((s) => /^(start|success) s\d$/.test(s));
    expect(steps).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`start s${i}`, `success s${i}`]));
  });

  it('a step awaiting a native promise goes on in its reaction: one microtask tick per awaited step, as in an async function', async () => {
    const n = 200;
    let f = flow<number>();
    for (let i = 0; i < n; i++) f = f.step(async (_as, v) => v + 1);
    let ticks = 0;
    let done = false;
    const counting = (async () => {
      while (!done) {
        await null;
        ticks++;
      }
    })();
    expect(await run(f, 0)).toBe(n);
    done = true;
    await counting;
    // Each step: its async handler's promise settles (one tick) and the step goes on in that reaction.
    expect(ticks).toBeLessThan(n * 1.5);
  });

  it('a thenable that calls back synchronously from user code does not run the next step inside that call', async () => {
    const order: string[] = [];
    let fulfil: ((v: number) => void) | undefined;
    const thenable = { then: (ok: (v: number) => void) => void (fulfil = ok) };
    const f = flow<number>()
      .step(() => thenable as unknown as Promise<number>)
      .step((_as, v) => void order.push(`next ${v}`));
    const execution = run(f, 0);
    await Promise.resolve();
    fulfil!(7);
    order.push('after fulfil');
    await execution;
    expect(order).toEqual(['after fulfil', 'next 7']);
  });
});
