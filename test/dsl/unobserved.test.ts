// A run's promise behaves like any promise: a failure nobody observes is an
// unhandledRejection (Node then exits non-zero), and the library's own
// bookkeeping never marks it handled.
import { describe, it, expect, vi } from 'vitest';
import { flow, run, Errors, type FlowStepApi } from '../../index.js';
import { $as } from '../../ftn12.js';
import { flush } from '../helpers.js';

/** Runs `body` with this process's unhandledRejection listeners swapped for a recorder. */
async function unhandledDuring(body: () => void | Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const record = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', record);
  try {
    await body();
    await flush(10);
    await new Promise((r) => setTimeout(r, 5));
  } finally {
    process.off('unhandledRejection', record);
    for (const l of previous) process.on('unhandledRejection', l as (...args: unknown[]) => void);
  }
  return seen;
}

describe('a run nobody observes', () => {
  it('a failing run nobody awaits raises unhandledRejection with its FlowError', async () => {
    const seen = await unhandledDuring(() => {
      run(flow<number>().step((as) => as.error('Ignored', 'nobody listens')), 0);
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: 'Ignored', info: 'nobody listens' });
  });

  it('a run that fails later, after its caller moved on, raises it too', async () => {
    const seen = await unhandledDuring(async () => {
      run(flow<number>().step(async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new Error('late');
      }), 0);
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: Errors.InternalError });
  });

  it('a run whose input fails its schema rejects unobserved too', async () => {
    const schema = { safeParse: () => ({ success: false as const, error: { issues: [{ path: ['id'], message: 'required' }] } }) };
    const seen = await unhandledDuring(() => {
      run(flow(schema).step((as, v) => v), {});
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: Errors.InvalidRequest });
  });

  it('a cancelled run nobody observes rejects unobserved with Cancelled', async () => {
    const seen = await unhandledDuring(() => {
      const exec = run(flow<number>().step<number>((as) => { as.waitExternal(); }), 0);
      exec.cancel('gone');
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: Errors.Cancelled, cause: 'gone' });
  });

  it('observed runs raise nothing: await, catch, then with a rejection handler', async () => {
    const failing = flow<number>().step((as) => as.error('Seen'));
    const codes: string[] = [];
    const seen = await unhandledDuring(async () => {
      await run(failing, 0).then(undefined, (e) => codes.push(e.code));
      await run(failing, 0).catch((e) => codes.push(e.code));
      try {
        await run(failing, 0);
      } catch (e) {
        codes.push((e as { code: string }).code);
      }
    });
    expect(seen).toEqual([]);
    expect(codes).toEqual(['Seen', 'Seen', 'Seen']);
  });

  it('FTN12 promise() of a failing root rejects unobserved like any promise', async () => {
    const seen = await unhandledDuring(() => {
      void $as().add((as) => as.error('RootFailed')).promise();
    });
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toBe('RootFailed');
  });
});

describe('a handler promise whose step ended without it', () => {
  const late = () => new Promise((r) => setTimeout(r, 1));
  const cases: Array<[string, () => PromiseLike<unknown>, unknown]> = [
    ['a step that called as.success before it awaited', () => run(flow<number>().step<number>(async (as) => { as.success(5); await late(); throw new Error('after success'); }), 0), 5],
    ['a step that called as.success and threw at once', () => run(flow<number>().step<number>(async (as) => { as.success(5); throw new Error('after success'); }), 0), 5],
    ['a catch handler that recovered first', () => run(flow<number>().step((as) => as.error('E')).catch(async (as) => { as.success('rec'); await late(); throw new Error('after recovery'); }), 0), 'rec'],
    ['a parallel branch', () => run(flow<number>().parallel([async (as: FlowStepApi<number>) => { as.success(1); throw new Error('after success'); }, () => 2]), 0), [1, 2]],
    ['an FTN12 step (its return value is no outcome)', () => $as().add(async (as) => { as.success(3); await late(); throw new Error('after success'); }).promise(), 3],
  ];
  for (const [what, start, expected] of cases) {
    it(`${what}: the run keeps its outcome, the rejection is a warning naming the step, never unhandled`, async () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      try {
        let value: unknown;
        const seen = await unhandledDuring(async () => {
          value = await start();
          await new Promise((r) => setTimeout(r, 10));
        });
        expect(seen).toEqual([]);
        expect(value).toEqual(expected);
        const messages = warn.mock.calls.map((c) => String(c[0]));
        expect(messages.filter((m) => m.includes('a handler whose step had already ended'))).toHaveLength(1);
        expect(messages.find((m) => m.includes('whose step had already ended'))).toMatch(/after (success|recovery)/);
      } finally {
        warn.mockRestore();
      }
    });
  }
});
