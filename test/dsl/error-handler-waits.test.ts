// An error handler cannot wait (FTN12.md #11): in the typed DSL, setTimeout,
// setCancel and waitExternal there raise InternalError naming the call, where
// they were silently ignored and the original error went on.
import { describe, expect, it } from 'vitest';
import { flow, FlowError, run } from '../../index.js';

const fail = (): never => {
  throw new FlowError('Declined');
};

describe('waiting in an error handler', () => {
  it.each(['waitExternal', 'setTimeout', 'setCancel'] as const)('as.%s() in a catch handler raises InternalError saying why', async (method) => {
    const f = flow<number>()
      .step(fail)
      .catch((as: any) => {
        if (method === 'waitExternal') as.waitExternal();
        else if (method === 'setTimeout') as.setTimeout(10);
        else as.setCancel(() => {});
        setTimeout(() => as.success(1), 1);
      });
    await expect(run(f, 1)).rejects.toMatchObject({ code: 'InternalError', info: expect.stringContaining(`as.${method}() in an error handler: it cannot wait; return a promise`) });
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
