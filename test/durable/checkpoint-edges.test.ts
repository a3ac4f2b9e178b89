/** Edges of durable checkpoints: a cancel during an idle commit, recipes skipped on resume, causes that are not JSON. */
import { afterEach, describe, expect, it } from 'vitest';
import { flow, FlowError } from '../../index.js';
import { createDurable, sqliteStore } from '../../durable.js';
import type { DurableCheckpoint, DurableRun } from '../../runtime/durable/durable-run.js';
import { checkResume, drive, startFresh, type Commit } from './resume-harness.js';
import { tempDb } from './tmp-db.js';

const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('durable checkpoint edges', () => {
  it('a cancel that arrives while an idle commit is in flight ends the run cancelled', async () => {
    const f = flow<number>('cancel-idle')
      .step('a', async (as, n: number) => later(n))
      .step('b', (as, n: number) => n + 1)
      .sleep(2_000);
    const commits: DurableCheckpoint[] = [];
    let run!: DurableRun;
    run = await startFresh(f, 1, 'c-1', async (c) => {
      commits.push(c);
      // The idle commit (b done, the sleep started) is slow: the cancel comes meanwhile.
      if (commits.length === 2) {
        run.cancel('stop');
        await later(0, 20);
      }
    });
    const end = await Promise.race([run.ended, later('stuck' as const, 1_000)]);
    expect(end).toMatchObject({ status: 'cancelled' });
    expect(commits.at(-1)!.status).toBe('cancelled');
  });

  it('a recipe skipped on resume that throws on the state it already changed does not fail the run', async () => {
    const take = async (as: any, n: number) => {
      as.update((d: any) => {
        if (d.stock < 1) throw new FlowError('OutOfStock');
        d.stock -= 1;
      });
      await later(0, 30);
      return n;
    };
    const f = flow<number>('stock')
      .parallel({ take: flow<number>().step('take', take), quick: flow<number>().step('quick', async (as, n: number) => later(n, 2)) })
      .step('out', (as: any) => ({ ...as.state }));
    const { end, resumed } = await checkResume(f, 1, { state: { stock: 1 } });
    expect(end).toEqual({ status: 'succeeded', result: { stock: 0 } });
    expect(resumed).toBeGreaterThanOrEqual(2);
  });

  it('causes that are not JSON: a FlowError cause with a Date info is kept as an Error, an Error cause keeps its code and cause', async () => {
    const f = flow<number>('causes')
      .step('a', () => {
        throw new FlowError('Outer', 'x', { cause: new FlowError('Inner', { at: new Date(0) }) });
      })
      .catch(async (as, e: any) => {
        await later(0, 5);
        return [e.cause?.message, e.cause instanceof Error];
      });
    const inner = Object.assign(new Error('connect', { cause: new Error('root cause') }), { code: 'ECONNREFUSED' });
    const g = flow<number>('error-cause')
      .step('a', () => {
        throw new FlowError('Down', undefined, { cause: inner });
      })
      .catch(async (as, e: any) => {
        await later(0, 5);
        return [e.cause?.code, e.cause?.cause?.message];
      });
    expect((await checkResume(f, 1)).end).toMatchObject({ status: 'succeeded', result: [expect.stringContaining('Inner'), true] });
    const b = await checkResume(g, 1);
    expect(b.end).toEqual({ status: 'succeeded', result: ['ECONNREFUSED', 'root cause'] });
    expect(b.resumed).toBeGreaterThanOrEqual(1);
  });

  it('a run with a signal wait and a short sleep in another branch stays in memory instead of parking at each sleep', async () => {
    const f = flow<number>('mixed')
      .parallel({
        approval: flow<number>().waitFor<string>('approve', { timeout: 200 }),
        poll: flow<number>().repeat(3, flow<number>().sleep(10)),
      });
    const commits: Commit[] = [];
    const end = await drive(f, 1, { commits, parkAfterMs: 5_000 });
    expect(end).toMatchObject({ status: 'failed', error: { code: 'Timeout' } });
    // It parked at most once (all waits long, or for the signal), never at each 10 ms sleep.
    expect(commits.filter(({ c }) => c.status === 'waiting').length).toBeLessThanOrEqual(1);
  });

  it('engine options are checked at the call', async () => {
    expect(() => createDurable({ leasMs: 100 } as never)).toThrow(/^createDurable\(\): unknown option 'leasMs'/);
    const db = tempDb();
    cleanups.push(db.remove);
    const e = createDurable({ store: sqliteStore({ path: db.path }) });
    cleanups.push(() => e.close());
    const f = flow<number>('opts').step('s', (as, n) => n);
    expect(() => e.worker({ flows: [f], concurency: 2 } as never)).toThrow(/^worker\(\): unknown option 'concurency'/);
    expect(() => e.worker({ flows: [f], pollMs: 0 })).toThrow(/options\.pollMs must be a finite number of ms of at least 1/);
    const id = await e.start(f, 1);
    await expect(e.result(id, { timeoutMs: 'x' } as never)).rejects.toThrow(/options\.timeoutMs must be a non-negative number/);
    await expect(e.result(id, { timeout: 5 } as never)).rejects.toThrow(/unknown option 'timeout'/);
    await expect(e.signal(id, 'go', 1, { signalId: '' })).rejects.toThrow(/options\.signalId must be a non-empty string/);
  });
});
