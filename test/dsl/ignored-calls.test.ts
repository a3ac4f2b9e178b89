// In the typed DSL a late or duplicate as.success / as.error never throws:
// the call is ignored and reported (an `ignored` run event naming the step,
// one process warning per step). A handler that returns without
// as.waitExternal(), as.setTimeout() or as.setCancel() completes at once.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { flow, run, Errors, type FlowEvent, type FlowStepApi } from '../../index.js';
import { failure } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const later = (fn: () => void, ms = 1) => new Promise<void>((resolve, reject) =>
  setTimeout(() => {
    try {
      fn();
      resolve();
    } catch (e) {
      reject(e);
    }
  }, ms),
);

function warnings() {
  return vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
}

describe('late and duplicate calls in the typed DSL', () => {
  it('a duplicate as.success from a callback is ignored: the first value wins, nothing throws, one warning names the step', async () => {
    const warn = warnings();
    const events: FlowEvent[] = [];
    let callback: Promise<void> | undefined;
    const f = flow<number>('checkout').step<string>('charge', (as) => {
      as.waitExternal();
      callback = later(() => {
        as.success('first');
        as.success('second');
        as.error('TooLate');
      });
    });
    expect(await run(f, 0, { onEvent: (e) => events.push(e) })).toBe('first');
    await expect(callback).resolves.toBeUndefined();
    const ignored = events.filter((e) => e.type === 'ignored');
    expect(ignored.map((e) => e.name)).toEqual(['charge', 'charge']);
    expect(ignored[0]!.path).toEqual(['checkout']);
    expect(ignored[0]!.error?.info).toMatch(/as\.success\(\) on checkout > charge, which has already finished/);
    expect(ignored[1]!.error?.info).toMatch(/as\.error\(\)/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/checkout > charge.*completes at once when its handler returns a value, or returns without as\.waitExternal\(\), as\.setTimeout\(\) or as\.setCancel\(\); an error handler cannot wait/);
  });

  it('a handler that returns without waiting completes at once: its callback’s as.success comes too late and is ignored', async () => {
    const warn = warnings();
    let callback: Promise<void> | undefined;
    const f = flow<number>().step<number>('forgot-to-wait', (as) => {
      callback = later(() => as.success(42));
    });
    expect(await run(f, 0)).toBeUndefined();
    await expect(callback).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a late as.error after the step succeeded does not change the outcome and does not throw', async () => {
    warnings();
    let callback: Promise<void> | undefined;
    const f = flow<number>()
      .step('quick', (as, n) => {
        callback = later(() => as.error('Late', 'after the fact'));
        return n + 1;
      })
      .step((as, n) => n * 10);
    expect(await run(f, 1)).toBe(20);
    await expect(callback).resolves.toBeUndefined();
  });

  it('every other call on a finished step is ignored too, from a callback: setTimeout, setCancel, waitExternal, add, run, set, break', async () => {
    warnings();
    let saved: FlowStepApi<number> | undefined;
    const sub = flow<number>().step((as, n) => n);
    expect(await run(flow<number>().step((as, n) => {
      saved = as as unknown as FlowStepApi<number>;
      return n;
    }), 3)).toBe(3);
    await later(() => {
      saved!.setTimeout(10).setCancel(() => {}).waitExternal();
      saved!.add(() => {});
      saved!.errorNoThrow('X');
      saved!.breakNoThrow();
      saved!.break();
      saved!.continue();
    });
    const r = saved!.run(sub, 1);
    await expect(Promise.resolve(r)).rejects.toMatchObject({ code: Errors.InternalError });
  });

  it('a step that is busy (its sub-steps run) ignores as.success from a callback and reports it', async () => {
    const warn = warnings();
    const events: FlowEvent[] = [];
    let callback: Promise<void> | undefined;
    const slow = flow<number>().step(async (as, n) => {
      await new Promise((r) => setTimeout(r, 10));
      return n + 1;
    });
    const f = flow<number>().step('outer', (as, n) => {
      callback = later(() => (as as unknown as FlowStepApi<number>).success(99));
      return as.run(slow, n);
    });
    expect(await run(f, 1, { onEvent: (e) => events.push(e) })).toBe(2);
    await expect(callback).resolves.toBeUndefined();
    expect(events.filter((e) => e.type === 'ignored').map((e) => e.name)).toEqual(['outer']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('using a busy outer step’s as inside its running sub-step raises InternalError there', async () => {
    const f = flow<number>().step('outer', (outer, n) => {
      outer.add((inner) => {
        (outer as unknown as FlowStepApi<number>).success(1);
        inner.success();
      });
      return n;
    });
    const err = await failure(run(f, 0));
    expect(err.code).toBe(Errors.InternalError);
    expect(err.info).toMatch(/not the current one/);
  });
});
