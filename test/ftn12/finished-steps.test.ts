// A step's interface once the step finished or while its sub-steps run:
// FTN12.md #5, and the new decisions #10 (as.state is null after the step
// completed or was cancelled) and #14 (an outer step's interface used from
// its running sub-step raises exactly InternalError).
import { describe, it, expect } from 'vitest';
import { $as, Errors, createTestScheduler } from './target.js';
import { settle } from './preamble.js';
import type { StepApi } from '../../ftn12.js';

describe('FTN12.md #10: as.state of a finished step is null', () => {
  it('after the step completed, as.state is null and `as.state && as.success()` is a safe no-op', async () => {
    const sched = createTestScheduler();
    let saved: StepApi | undefined;
    const log: string[] = [];
    $as(undefined, sched)
      .add((as) => {
        saved = as;
        expect(as.state).not.toBeNull();
      })
      .add(() => {
        log.push('next');
      })
      .execute();
    await settle(sched);
    expect(log).toEqual(['next']);
    expect(saved!.state).toBeNull();
    expect(() => saved!.state && saved!.success()).not.toThrow();
  });

  it('after the step was cancelled, as.state is null', async () => {
    const sched = createTestScheduler();
    let saved: StepApi | undefined;
    const root = $as(undefined, sched).add((as) => {
      saved = as;
      as.waitExternal();
    });
    root.execute();
    await settle(sched);
    expect(saved!.state).not.toBeNull();
    root.cancel();
    expect(saved!.state).toBeNull();
  });

  it('right after an outside success(), before the flow moved on, as.state is already null', async () => {
    const sched = createTestScheduler();
    let saved: StepApi | undefined;
    $as(undefined, sched)
      .add((as) => {
        saved = as;
        as.waitExternal();
      })
      .execute();
    await settle(sched);
    saved!.success();
    expect(saved!.state).toBeNull();
    expect(() => saved!.state && saved!.success()).not.toThrow();
  });

  it('while the step waits, as.state is the root state', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    let saved: StepApi | undefined;
    root.add((as) => {
      saved = as;
      as.waitExternal();
    });
    root.execute();
    await settle(sched);
    expect(saved!.state).toBe(root.state);
    root.cancel();
  });
});

describe('FTN12.md #14: an outer step’s interface used inside its running sub-step raises exactly InternalError', () => {
  const cases: Array<[string, (outer: StepApi) => void]> = [
    ['success()', (outer) => outer.success('x')],
    ['error()', (outer) => outer.error('OtherCode')],
    ['setTimeout()', (outer) => outer.setTimeout(10)],
  ];
  it.each(cases)('outer.%s', async (_name, misuse) => {
    const codes: string[] = [];
    let lastException: unknown;
    const root = $as();
    root.add(
      (outer) => {
        outer.add(
          () => {
            misuse(outer);
          },
          (as, code) => {
            codes.push(code);
            lastException = as.state.last_exception;
          },
        );
      },
      (_as, code) => {
        codes.push(`outer handler: ${code}`);
      },
    );
    const message = await root.promise().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    expect(codes).toEqual([Errors.InternalError, `outer handler: ${Errors.InternalError}`]);
    expect((lastException as Error).message).toBe(Errors.InternalError);
    expect(message).toBe(Errors.InternalError);
  });
});
