import { describe, expect, it } from 'vitest';
import { continuationVar, contextVar, flow, FlowError, resource } from '../../index.js';
import { checkResume, drive, log, track, type Commit } from './resume-harness.js';

const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

describe('a durable run resumed from any checkpoint ends the same and runs no stored step again', () => {
  it('sequences, parallel blocks and state changes', async () => {
    const f = flow<number>('seq')
      .step('a', track(async (as, n: number) => later(n + 1)))
      .step('b', (as, n) => n * 2)
      .parallel({
        x: flow<number>().step('x', track(async (as, n: number) => later(n, 5))),
        y: flow<number>().step('y', track(async (as, n: number) => later(n + 100))),
      })
      .step(
        'c',
        track(async (as: any, r: { x: number; y: number }) => {
          as.update((d: any) => {
            d.total = r.x + r.y;
          });
          return later(r.x + r.y);
        }),
      );
    const { end, resumed } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 108 });
    expect(resumed).toBeGreaterThanOrEqual(3);
  });

  it('repeat, forEach and loop with break keep their place', async () => {
    const f = flow<number[]>('loops')
      .repeat(4, track(async (as: any) => later(as.update((d: any) => void (d.r = (d.r ?? 0) + 1)))))
      .forEach((xs) => xs, track(async (as: any, x: number) => later(as.update((d: any) => void (d.sum = (d.sum ?? 0) + x)))))
      .loop(
        track(async (as: any) => {
          await later(0);
          as.update((d: any) => void (d.l = (d.l ?? 0) + 1));
          if ((as.state.l as number) >= 3) {
            // as.break() completes the step at once: it is done before the handler returns.
            log.done.add(as.key());
            as.break();
          }
        }),
      )
      .step('out', (as: any) => ({ ...as.state }));
    const { end, resumed } = await checkResume(f, [5, 6, 7]);
    expect(end).toEqual({ status: 'succeeded', result: { r: 4, sum: 18, l: 3 } });
    expect(resumed).toBeGreaterThanOrEqual(10);
  });

  it('map with a concurrency limit', async () => {
    const f = flow<number>('map').map((n) => Array.from({ length: n }, (_, i) => i), track(async (as, i: number) => later(i * i, (i % 3) + 1)), { concurrency: 2 });
    const { end, resumed } = await checkResume(f, 6);
    expect(end).toEqual({ status: 'succeeded', result: [0, 1, 4, 9, 16, 25] });
    expect(resumed).toBeGreaterThanOrEqual(6);
  });

  it('allSettled, race and any', async () => {
    const f = flow<number>('joins')
      .allSettled({
        ok: flow<number>().step('ok', track(async (as, n: number) => later(n))),
        bad: flow<number>().step(
          'bad',
          track(async () => {
            await later(0, 3);
            throw new FlowError('Nope', 'no');
          }),
        ),
      })
      .step('pick', (as, s: any) => (s.ok.status === 'fulfilled' ? s.ok.value : -1))
      .race({ fast: flow<number>().step('fast', track(async (as, n: number) => later(n + 1, 1))), slow: flow<number>().step('slow', async (as, n: number) => later(n + 2, 60)) })
      .any({
        fails: flow<number>().step('fails', async () => {
          await later(0, 1);
          throw new FlowError('Down');
        }),
        works: flow<number>().step('works', track(async (as, n: number) => later(n * 10, 5))),
      });
    const { end, resumed } = await checkResume(f, 4);
    expect(end).toEqual({ status: 'succeeded', result: 50 });
    expect(resumed).toBeGreaterThanOrEqual(3);
  });

  it('retry keeps its attempt, and timeout its deadline', async () => {
    const calls: string[] = [];
    const f = flow<number>('retry')
      .step(
        'flaky',
        track(async (as, n: number) => {
          const k = as.key();
          calls.push(k);
          await later(0);
          if (!k.includes('try3')) throw new FlowError('Busy', 'try again');
          return n;
        }),
      )
      .retry({ attempts: 5, backoff: { initialMs: 2, factor: 1, jitter: 'none' } })
      .step('slow', track(async (as, n: number) => later(n + 1, 5)))
      .timeout(5_000);
    const { end, resumed, commits } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 2 });
    expect(resumed).toBeGreaterThanOrEqual(4);
    // The deadline is stored as a wall-clock time and stays the same across checkpoints.
    const deadlines = commits.map((c) => JSON.stringify(c.c.cursor ?? null).match(/"d":(\d{13})/)?.[1]).filter((d) => d !== undefined);
    expect(deadlines.length).toBeGreaterThan(2);
    expect(new Set(deadlines).size).toBe(1);
  });

  it('a timeout that fires after a resume still fires at its deadline', async () => {
    const f = flow<number>('deadline')
      .step('a', track(async (as, n: number) => later(n, 5)))
      .step('b', track(async (as, n: number) => later(n, 10_000)))
      .timeout(60)
      .catch('Timeout', () => 'timed out');
    const t = Date.now();
    const { end } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 'timed out' });
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it('catch and finally handlers in progress go on where they were', async () => {
    const finals: string[] = [];
    const f = flow<number>('recover')
      .step(
        'charge',
        track(async () => {
          await later(0);
          throw new FlowError('PaymentFailed', 'declined', { data: { amount: 5 } });
        }),
      )
      .catch('PaymentFailed', track(async (as: any, e: any) => later({ refunded: (e.data as { amount: number }).amount }, 2)))
      .step('after', track(async (as, r: { refunded: number }) => later(r.refunded * 2)))
      .finally(
        track(async (as: any) => {
          finals.push('f');
          await later(0, 2);
        }) as never,
      );
    const { end, resumed } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 10 });
    expect(resumed).toBeGreaterThanOrEqual(3);
  });

  it('using re-acquires its resource on resume and releases each acquisition once', async () => {
    let acquired = 0;
    let released = 0;
    const conn = resource(
      'conn',
      async (n: number) => later({ n, id: ++acquired }),
      async () => void released++,
    );
    const f = flow<number>('scoped').using(
      conn,
      flow<number>()
        .step('q1', track(async (as: any, n: number) => later(n + (as.get(conn).n as number))))
        .step('q2', track(async (as: any, n: number) => later(n * 3))),
    );
    const { end, resumed } = await checkResume(f, 2);
    expect(end).toEqual({ status: 'succeeded', result: 12 });
    expect(resumed).toBeGreaterThanOrEqual(2);
    expect(released).toBe(acquired);
    expect(acquired).toBeGreaterThanOrEqual(resumed);
  });

  it('context and continuation variables keep their values', async () => {
    const tenant = contextVar<string>('tenant', 'none');
    const cost = continuationVar<number>('cost', { default: 0 });
    const f = flow<number>('vars')
      .step('set', track(async (as: any, n: number) => later(as.set(cost, n) ?? n)))
      .with(tenant, 'acme', flow<number>().step('in', track(async (as: any, n: number) => later(`${tenant.get()}:${as.get(cost) as number}:${n}`))))
      .step('out', track(async (as: any, s: string) => later(`${s}|${tenant.get()}|${as.get(cost) as number}`)));
    const { end } = await checkResume(f, 7);
    expect(end).toEqual({ status: 'succeeded', result: 'acme:7:7|none|7' });
  });

  it('sleep and waitFor park the run and wake it with a buffered signal', async () => {
    const f = flow<number>('waits')
      .step('a', track(async (as, n: number) => later(n)))
      .sleep(30)
      .waitFor<{ add: number }>('bonus', { timeout: 5_000 })
      .step('b', track(async (as, v: { add: number }) => later(v.add + 1)));
    const t = Date.now();
    const { end, commits } = await checkResume(f, 1, { parkAfterMs: 10, signals: [{ id: 's1', name: 'bonus', value: { add: 41 } }] });
    expect(end).toEqual({ status: 'succeeded', result: 42 });
    expect(Date.now() - t).toBeGreaterThanOrEqual(30);
    expect(commits.filter((c) => c.c.status === 'waiting').length).toBeGreaterThanOrEqual(1);
    expect(commits.some((c) => c.c.consumed.includes('s1'))).toBe(true);
  });

  it('a waitFor with no signal times out as Timeout', async () => {
    const f = flow<number>('nobody').waitFor('never', { timeout: 40 }).catch('Timeout', () => 'gave up');
    log.done.clear();
    expect(await drive(f, 1, { parkAfterMs: 10 })).toEqual({ status: 'succeeded', result: 'gave up' });
  });
});

describe('what a checkpoint cannot keep fails the run, naming the step', () => {
  it('a step output that is not JSON', async () => {
    const f = flow<number>('bad-out')
      .step('when', async () => later(new Date(0)))
      .step('next', (as, d) => d);
    const end = await drive(f, 1);
    expect(end.status).toBe('failed');
    if (end.status === 'failed') expect(end.error.message).toMatch(/when.*Date|Date.*when/);
  });

  it('a Map in the run state', async () => {
    const f = flow<number>('bad-state').step('put', async (as: any) => {
      await later(0);
      as.update((d: any) => void (d.m = new Map()));
    });
    const end = await drive(f, 1);
    expect(end.status).toBe('failed');
    if (end.status === 'failed') expect(end.error.message).toMatch(/put/);
  });

  it('as.run: structure made at run time', async () => {
    const sub = flow<number>().step((as, n) => n);
    const f = flow<number>('dynamic').step('calls', (as: any, n: number) => as.run(sub, n));
    const end = await drive(f, 1);
    expect(end.status).toBe('failed');
    if (end.status === 'failed') expect(end.error.message).toMatch(/calls/);
  });
});

describe("a step's own error handler", () => {
  it('survives a resume from the checkpoint that stored the failure', async () => {
    const f = flow<number>('onerr').step(
      'charge',
      track(async () => {
        await later(0, 5);
        throw new FlowError('Declined');
      }),
      async () => later('refunded', 5),
    );
    const { end, resumed } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 'refunded' });
    expect(resumed).toBeGreaterThanOrEqual(1);
  });

  it('running when a checkpoint is taken, runs again on resume without the failed step running again', async () => {
    let charges = 0;
    let handled = 0;
    const f = flow<number>('onerr2').parallel({
      pay: flow<number>().step(
        'charge',
        async () => {
          charges++;
          await later(0, 5);
          throw new FlowError('Declined');
        },
        async () => {
          handled++;
          return later('refunded', 60);
        },
      ),
      other: flow<number>().step('other', async (as: any, n: number) => later(n, 20)),
    });
    const commits: Commit[] = [];
    const end = await drive(f, 1, { commits });
    expect(end).toEqual({ status: 'succeeded', result: { pay: 'refunded', other: 1 } });
    const k = commits.findIndex((c) => c.c.cursor !== null && JSON.stringify(c.c.cursor).includes('Declined'));
    expect(k).toBeGreaterThanOrEqual(0);
    charges = 0;
    handled = 0;
    const again = await drive(f, 1, { from: { cursor: commits[k]!.c.cursor, state: {}, consumed: [] } });
    expect(again).toEqual(end);
    expect(charges).toBe(0);
    expect(handled).toBe(1);
  });

  it("an error's cause is the same after a resume: an Error's name, message and stack, a FlowError's code", async () => {
    const f = flow<number>('cause')
      .step('parse', () => {
        throw new FlowError('Invalid', 'bad input', { cause: new FlowError('Inner', { at: 3 }, { cause: new RangeError('out of range') }) });
      })
      .catch(async (as, e: any) => {
        await later(0, 5);
        return { name: e.cause?.constructor?.name, code: e.cause?.code, info: e.cause?.info, inner: [e.cause?.cause?.name, e.cause?.cause?.message, typeof e.cause?.cause?.stack] };
      });
    const thrown = flow<number>('thrown')
      .step('boom', () => {
        throw new TypeError('not a number');
      })
      .catch(async (as, e: any) => {
        await later(0, 5);
        return [e.code, e.cause instanceof Error, e.cause?.name, e.cause?.message];
      });
    const a = await checkResume(f, 1);
    expect(a.end).toEqual({ status: 'succeeded', result: { name: 'FlowError', code: 'Inner', info: { at: 3 }, inner: ['RangeError', 'out of range', 'string'] } });
    expect(a.resumed).toBeGreaterThanOrEqual(1);
    const b = await checkResume(thrown, 1);
    expect(b.end).toEqual({ status: 'succeeded', result: ['InternalError', true, 'TypeError', 'not a number'] });
    expect(b.resumed).toBeGreaterThanOrEqual(1);
  });

  it('a flow used twice has its own idempotency keys at each use, the same after a resume', async () => {
    const charge = flow<number>('charge').step('pay', track(async (as, n: number) => later(n + 1)));
    const f = flow<number>('twice').step(charge).step(charge).parallel([charge, charge]);
    const { end, commits } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: [4, 4] });
    const keys = [...commits.at(-1)!.done];
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
  });

  it('a flow that is the body of two choose cases keeps the keys of the case taken after a resume', async () => {
    const pay = flow<string>('pay').step('charge', track(async (as, x: string) => later(`${x}!`, 5)));
    // A synchronous step first: the run is stored while the case's step runs, and resumed there.
    const f = flow<string>('cz').step('pre', (as, x: string) => x).choose((x) => x, { a: pay, b: pay });
    const { end, resumed } = await checkResume(f, 'b');
    expect(end).toEqual({ status: 'succeeded', result: 'b!' });
    expect(resumed).toBeGreaterThanOrEqual(1);
  });
});
