// A run that ends in its first steps, before run() or promise() returns,
// hands out a promise made settled (no resolving functions). Whatever way it
// ended, the promise must say the same as a run that ended later would.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flow, run, Errors, FlowError } from '../../index.js';
import { $as } from '../../ftn12.js';
import { failure } from '../helpers.js';

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('typed run() that ends before it returns', () => {
  it('is settled with the output and its status at once', async () => {
    const exec = run(flow<number>().step((as, x) => ({ total: x + 1 })), 1);
    expect(exec.status).toBe('succeeded');
    let seen: unknown;
    void exec.then((v) => (seen = v));
    await ticks(1);
    expect(seen).toEqual({ total: 2 });
  });

  it('keeps the Execution members: state, cancel (a no-op now) and status', async () => {
    const exec = run(flow<void>().step((as) => {
      as.state.touched = true;
      return 7;
    }), undefined, { state: { given: 1 } });
    expect(exec.state).toEqual({ given: 1, touched: true });
    exec.cancel('late');
    expect(exec.status).toBe('succeeded');
    expect(await exec).toBe(7);
  });

  it('fails with the FlowError of a synchronous throw', async () => {
    const exec = run(flow<void>().step(() => {
      throw new FlowError('Refused', 'no');
    }), undefined);
    expect(exec.status).toBe('failed');
    const e = await failure(exec);
    expect(e).toBeInstanceOf(FlowError);
    expect((e as FlowError).code).toBe('Refused');
  });

  it('rejects invalid input before any step, as a settled Execution', async () => {
    const exec = run(flow(z.object({ n: z.number() })).step((as, i) => i.n), { n: 'x' } as never);
    expect(exec.status).toBe('failed');
    expect(((await failure(exec)) as FlowError).code).toBe(Errors.InvalidRequest);
  });

  it('is cancelled when a step aborts the run signal while the run starts', async () => {
    const c = new AbortController();
    const exec = run(flow<void>().step(() => {
      c.abort('stop');
      return 1;
    }).step(() => 2), undefined, { signal: c.signal });
    expect(exec.status).toBe('cancelled');
    const e = (await failure(exec)) as FlowError;
    expect(e.code).toBe(Errors.Cancelled);
    expect(e.cause).toBe('stop');
  });

  it('stays pending until an async cleanup started by that cancel finished', async () => {
    const c = new AbortController();
    let release!: () => void;
    const cleanup = new Promise<void>((r) => (release = r));
    let cleaned = false;
    const guarded = flow<void>()
      .step(() => {
        c.abort('stop');
        return 1;
      })
      .finally(async () => {
        await cleanup;
        cleaned = true;
      });
    const exec = run(guarded, undefined, { signal: c.signal });
    expect(exec.status).toBe('cancelled');
    let settled = false;
    void exec.then(
      () => (settled = true),
      () => (settled = true),
    );
    await ticks(5);
    expect(settled).toBe(false);
    release();
    expect(((await failure(exec)) as FlowError).code).toBe(Errors.Cancelled);
    expect(cleaned).toBe(true);
  });

  it('takes as many ticks to await as a run that settles later', async () => {
    const order: string[] = [];
    const now = run(flow<void>().step(() => 'now'), undefined);
    const pending = Promise.resolve('marker');
    void (async () => order.push(await now))();
    void (async () => order.push(await pending))();
    await ticks(3);
    expect(order).toEqual(['now', 'marker']);
  });
});

describe('FTN12 promise() of a run that ends before it returns', () => {
  it('resolves with the success value', async () => {
    expect(await $as().add((as) => as.success(4)).promise()).toBe(4);
  });

  it('adopts a native promise passed to success, in a promise of its own', async () => {
    const inner = Promise.resolve(5);
    const p = $as().add((as) => as.success(inner)).promise();
    expect(p).not.toBe(inner);
    expect(await p).toBe(5);
  });

  it('rejects with an Error whose message is the code', async () => {
    const e = (await failure($as().add((as) => as.error('Refused', 'not now')).promise())) as Error & { code: string; info: unknown };
    expect(e.message).toBe('Refused');
    expect(e.code).toBe('Refused');
    expect(e.info).toBe('not now');
  });

  it('while executing, a second promise() rejects and the first still settles', async () => {
    let ext: { success(v: unknown): void } | undefined;
    const root = $as().add((as) => {
      ext = as;
      as.waitExternal();
    });
    const first = root.promise();
    const second = root.promise();
    const refused = (await failure(second)) as { message: string; info: unknown };
    // FTN12.md #5 and #16: it throws InternalError, its message the code, what was wrong in its info.
    expect(refused.message).toBe('InternalError');
    expect(refused.info).toMatch(/executing/);
    ext!.success(9);
    expect(await first).toBe(9);
  });

  it('a root cancelled by another root started inside its step settles as cancelled', async () => {
    const outer = $as();
    let innerValue: unknown;
    outer.add((as) => {
      innerValue = $as().add((as2) => {
        outer.cancel();
        as2.success('inner');
      }).promise();
    });
    const p = outer.promise();
    expect(((await failure(p)) as Error).message).toBe(Errors.Cancelled);
    expect(await innerValue).toBe('inner');
  });
});
