// root.error(code, info), as in the reference implementation (FTN12.md #12),
// and FTN12.md #16: the exception of error(code, info) has message === code.
import { describe, it, expect } from 'vitest';
import { $as, Errors, createTestScheduler } from './target.js';
import { settle } from './preamble.js';
import type { StepApi } from '../../ftn12.js';

describe('root.error(code, info)', () => {
  it('on an idle root throws, and sets error_info and last_exception', () => {
    const root = $as();
    let thrown: unknown;
    try {
      root.error('Refused', 'not now');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('Refused');
    expect(root.state.error_info).toBe('not now');
    expect(root.state.last_exception).toBe(thrown);
  });

  it('while a step waits externally, the error reaches that step’s handlers and later steps do not run', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const log: string[] = [];
    root.add(
      (as) => {
        as.waitExternal();
      },
      (as, code) => {
        log.push(`${code} ${as.state.error_info as string}`);
      },
    );
    root.add(() => {
      log.push('later step');
    });
    const outcome = root.promise().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await settle(sched);
    expect(() => root.error('External', 'from outside')).toThrow('External');
    await settle(sched);
    expect(log).toEqual(['External from outside']);
    expect(await outcome).toBe('External');
    expect(root.state.last_exception).toMatchObject({ message: 'External' });
  });

  it('a handler of the waiting step may recover, and the flow goes on', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    root.add(
      (as) => {
        as.waitExternal();
      },
      (as) => {
        as.success('recovered');
      },
    );
    root.add((as, v: string) => as.success(`${v}!`));
    const outcome = root.promise();
    await settle(sched);
    expect(() => root.error('External')).toThrow();
    expect(await outcome).toBe('recovered!');
  });

  it('inside a step of the root it behaves as that step’s as.error', async () => {
    const codes: string[] = [];
    const root = $as();
    root.add(
      () => {
        root.error('Inner', 'detail');
      },
      (as, code) => {
        codes.push(`${code} ${as.state.error_info as string}`);
        as.success();
      },
    );
    await root.promise();
    expect(codes).toEqual(['Inner detail']);
  });
});

describe('FTN12.md #16: the exception of error(code, info) has message === code', () => {
  it('as.error: the thrown exception and last_exception', async () => {
    let thrown: unknown;
    let last: unknown;
    const root = $as();
    root.add(
      (as) => {
        try {
          as.error('Declined', 'card expired');
        } catch (e) {
          thrown = e;
          throw e;
        }
      },
      (as) => {
        last = as.state.last_exception;
        as.success();
      },
    );
    await root.promise();
    expect((thrown as Error).message).toBe('Declined');
    expect(last).toBe(thrown);
    expect((last as Error).message).toBe('Declined');
    expect(root.state.error_info).toBe('card expired');
  });

  it('errorNoThrow, an external error() and a DefenseRejected from a full queue', async () => {
    const sched = createTestScheduler();
    const messages: string[] = [];
    const root = $as(undefined, sched);
    let saved: StepApi | undefined;
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.errorNoThrow('Soft', 'info 1');
          },
          (as) => {
            messages.push((as.state.last_exception as Error).message);
            as.success();
          },
        );
        as.add(
          (as) => {
            saved = as;
            as.waitExternal();
          },
          (as) => {
            messages.push((as.state.last_exception as Error).message);
            as.success();
          },
        );
      },
    );
    const done = root.promise();
    await settle(sched);
    expect(() => saved!.error('Hard', 'info 2')).toThrow();
    await done;
    expect(messages).toEqual(['Soft', 'Hard']);
    const { Mutex } = await import('./target.js');
    const mutex = new Mutex(1, 0);
    const holder = $as(undefined, sched).sync(mutex, (as) => {
      as.waitExternal();
    });
    holder.execute();
    let rejected: unknown;
    await $as(undefined, sched)
      .sync(mutex, (as) => as.success())
      .add(() => {})
      .promise()
      .catch(() => {});
    const probe = $as(undefined, sched);
    probe.add(
      (as) => {
        as.sync(mutex, (as) => as.success());
      },
      (as, code) => {
        rejected = as.state.last_exception;
        expect(code).toBe(Errors.DefenseRejected);
        expect(as.state.error_info).toBe('Mutex queue limit');
        as.success();
      },
    );
    await probe.promise();
    expect((rejected as Error).message).toBe(Errors.DefenseRejected);
    holder.cancel();
  });
});
