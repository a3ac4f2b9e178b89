// An error handler cannot wait (FTN12.md #11): in the typed DSL,
// waitExternal there raises InternalError naming the call (the handler's
// later as.success was ignored and the original error went on);
// setTimeout and setCancel are ignored.
import { describe, expect, it } from 'vitest';
import { flow, FlowError, run } from '../../index.js';

const fail = (): never => {
  throw new FlowError('Declined');
};

describe('waiting in an error handler', () => {
  it('as.waitExternal() in a catch handler raises InternalError saying why', async () => {
    const f = flow<number>()
      .step(fail)
      .catch((as: any) => {
        as.waitExternal();
        setTimeout(() => as.success(1), 1);
      });
    await expect(run(f, 1)).rejects.toMatchObject({ code: 'InternalError', info: expect.stringContaining('as.waitExternal() in an error handler: it cannot wait; return a promise') });
  });

  it('setTimeout and setCancel there are ignored (FTN12.md #11): a handler that returns a value still recovers', async () => {
    const f = flow<number>()
      .step(fail)
      .catch((as: any) => {
        as.setCancel(() => {});
        as.setTimeout(5);
        return 2;
      });
    expect(await run(f, 1)).toBe(2);
  });

  it("in a step's onError too; returning a promise recovers", async () => {
    const waits = flow<number>().step('charge', fail, (as: any) => {
      as.waitExternal();
    });
    await expect(run(waits, 1)).rejects.toMatchObject({ code: 'InternalError' });
    const recovers = flow<number>().step('charge', fail, async () => new Promise<number>((r) => setTimeout(() => r(7), 1)));
    expect(await run(recovers, 1)).toBe(7);
  });
});
