// A step whose handler called success() is decided: adding sub-steps,
// arming timers or raising errors after it is misuse, InternalError (spec
// §2.1, FTN12.md #5, #13), whose exception's message is the code (#16).
// Also: last_exception for loop controls (§1.7), async_stack in cancel
// handlers (#12), and await() of a cancellable promise (§1.13).
import { describe, it, expect } from 'vitest';
import { $as } from './target.js';
import type { StepApi } from '../../ftn12.js';

async function outcome(step: (as: StepApi) => void): Promise<{ code: string; info: unknown; message: unknown; next: boolean }> {
  const seen = { code: '', info: undefined as unknown, message: undefined as unknown, next: false };
  await $as()
    .add(step, (as, code) => {
      seen.code = code;
      seen.info = as.state.error_info;
      seen.message = (as.state.last_exception as Error | undefined)?.message;
      as.success();
    })
    .add(() => void (seen.next = true))
    .promise();
  return seen;
}

describe('a step decided by success()', () => {
  it.each<[string, (as: StepApi) => void]>([
    ['add()', (as) => as.add(() => {})],
    ['parallel()', (as) => void as.parallel()],
    ['repeat()', (as) => as.repeat(1, () => {})],
    ['setTimeout()', (as) => void as.setTimeout(10)],
    ['setCancel()', (as) => void as.setCancel(() => {})],
    ['waitExternal()', (as) => void as.waitExternal()],
    ['error()', (as) => as.error('Late')],
    ['errorNoThrow()', (as) => as.errorNoThrow('Late')],
    ['break()', (as) => as.break()],
  ])('%s after success() raises InternalError, whose message is the code', async (what, call) => {
    const seen = await outcome((as) => {
      as.success(1);
      call(as);
    });
    expect(seen.code).toBe('InternalError');
    expect(seen.message).toBe('InternalError');
    expect(String(seen.info)).toContain('after success()');
    expect(seen.next).toBe(true);
  });

  it('the misuse of success() has the code as its message too', async () => {
    const seen = await outcome((as) => {
      as.add(() => {});
      as.success();
    });
    expect([seen.code, seen.message, seen.info]).toEqual(['InternalError', 'InternalError', 'success() after sub-steps were added']);
  });
});

describe('a step decided by a NoThrow call', () => {
  it.each<[string, (as: StepApi) => void, string]>([
    ['success() after errorNoThrow()', (as) => (as.errorNoThrow('A'), as.success()), 'errorNoThrow()'],
    ['add() after errorNoThrow()', (as) => (as.errorNoThrow('A'), as.add(() => {})), 'errorNoThrow()'],
    ['errorNoThrow() twice', (as) => (as.errorNoThrow('A'), as.errorNoThrow('B')), 'errorNoThrow()'],
  ])('%s raises InternalError', async (_what, step, after) => {
    const seen = await outcome(step);
    expect(seen.code).toBe('InternalError');
    expect(String(seen.info)).toContain(`after ${after}`);
  });

  it('in a loop, success() or continueNoThrow() after breakNoThrow() raises InternalError instead of looping', async () => {
    for (const second of ['success', 'continueNoThrow'] as const) {
      let turns = 0;
      const seen = await outcome((as) =>
        as.loop((as) => {
          if (++turns > 3) as.break();
          as.breakNoThrow();
          as[second]();
        }),
      );
      expect([seen.code, turns]).toEqual(['InternalError', 1]);
    }
  });
});

describe('successStep() as a step\'s first call', () => {
  // §2.2.1: a shortcut for as.add((as) => as.success(...)): the step has a sub-step from then on.
  it('makes a later success() or error() misuse, as after add()', async () => {
    expect((await outcome((as) => (as.successStep(1), as.success(2)))).code).toBe('InternalError');
    expect((await outcome((as) => (as.successStep(1), as.error('X')))).code).toBe('InternalError');
  });

  it('does not hold the step when it then arms a timeout, a cancel handler or waitExternal', async () => {
    const arm: ((as: StepApi) => void)[] = [(as) => void as.setTimeout(20), (as) => void as.setCancel(() => {}), (as) => void as.waitExternal()];
    for (const then of arm) {
      const got: unknown[] = [];
      await $as()
        .add((as) => {
          as.successStep(1);
          then(as);
        })
        .add((as, v) => void got.push(v))
        .promise();
      expect(got).toEqual([1]);
    }
  });
});

describe('state variables and cancels', () => {
  it('last_exception is the loop control passing through a handler (its message is its code)', async () => {
    const seen: unknown[] = [];
    await $as()
      .add((as) => as.error('OLD'), (as) => as.success())
      .add(
        (as) => as.break(),
        (as, code) => void seen.push(code, (as.state.last_exception as { message?: string }).message),
      )
      .promise()
      .catch(() => {});
    expect(seen).toEqual(['LoopBreak', 'LoopBreak']);
  });

  it('async_stack ends with the cancel handler while it runs', () => {
    const root = $as();
    let last: unknown;
    const onCancel = (as: StepApi): void => {
      const stack = as.state.async_stack as unknown[];
      last = stack[stack.length - 1];
    };
    const step = (as: StepApi): void => void as.setCancel(onCancel);
    root.add(step).execute();
    root.cancel();
    expect(last).toBe(onCancel);
  });

  it('await() of a cancellable promise cancels it with its step', () => {
    const cancelled: string[] = [];
    const p = Object.assign(new Promise(() => {}), { cancel: () => void cancelled.push('cancel') });
    const root = $as().await(p);
    root.execute();
    root.cancel();
    expect(cancelled).toEqual(['cancel']);
  });
});
