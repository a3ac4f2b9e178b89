import { applyPatches, enablePatches } from 'immer';
import { describe, expect, it, vi } from 'vitest';
import { flow } from '../../index.js';
import { checkResume, drive, log, startFresh, track, type Commit } from './resume-harness.js';

enablePatches();

const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

/** A synchronous step handler the resume log sees start and complete. */
function trackSync<A extends { key(): string }, I, O>(fn: (as: A, x: I) => O): (as: A, x: I) => O {
  return (as, x) => {
    const k = as.key();
    log.started.push(k);
    const out = fn(as, x);
    log.done.add(k);
    return out;
  };
}

describe("'async' checkpoints: synchronous steps and state changes of running steps", () => {
  it('synchronous steps between two async steps are stored once the run waits, so a crash in the wait runs none of them again', async () => {
    const f = flow<number>('sync-between')
      .step('a', track(async (as, n: number) => later(n + 1)))
      .step('b', trackSync((as, n: number) => n * 2))
      .step('c', trackSync((as, n: number) => n + 3))
      .step('d', track(async (as, n: number) => later(n * 10, 5)));
    // checkResume resumes from every checkpoint and fails if a step whose completion it stored runs again.
    const { end, commits } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: 70 });
    // One checkpoint has c (the third step) done while d (the fourth) runs.
    expect(commits.some(({ c, done }) => c.status === 'running' && done.has('run-1:0.0.2') && !done.has('run-1:0.0.3'))).toBe(true);
  });

  it('a step that changed the state before its first await runs again on resume without its change applied twice', async () => {
    const bump = async (as: any, n: number) => {
      as.update((d: any) => void (d.n = (d.n ?? 0) + 1));
      await later(0, 30);
      return n;
    };
    const f = flow<number>('held-changes')
      .parallel({
        slow: flow<number>().step('slow', bump),
        // Completes first: its checkpoint is taken while 'slow' still runs.
        quick: flow<number>().step('quick', track(async (as, n: number) => later(n, 2))),
      })
      .step('sync', trackSync((as: any) => as.update((d: any) => void (d.after = d.n))))
      .step('wait', track(async () => later(0, 5)))
      .step('out', (as: any) => ({ ...as.state }));
    const { end, resumed } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: { n: 1, after: 1 } });
    expect(resumed).toBeGreaterThanOrEqual(3);
  });

  it('a completed parallel step that built on the change of a sibling still running keeps it, after a resume too', async () => {
    const f = flow<number>('built-on')
      .parallel({
        x: flow<number>().step('x', async (as: any) => {
          as.update((d: any) => {
            d.done += 1;
            d.items.push('x');
          });
          await later(0, 40);
          return 'x';
        }),
        y: flow<number>().step(
          'y',
          track(async (as: any) => {
            await later(0, 5);
            as.update((d: any) => {
              d.done += 1;
              d.items.push('y');
            });
            return 'y';
          }),
        ),
      })
      .step('end', (as: any) => ({ ...as.state }));
    const { end, resumed, commits } = await checkResume(f, 1, { state: { done: 0, items: [] } });
    expect(end).toEqual({ status: 'succeeded', result: { done: 2, items: ['x', 'y'] } });
    expect(resumed).toBeGreaterThanOrEqual(2);
    // The history replays to each stored state.
    let state: any = { done: 0, items: [] };
    for (const { c } of commits) {
      state = applyPatches(state, c.changes.flatMap((ch) => ch.patches));
      expect(state).toEqual(c.state);
    }
  });

  it('a step error handler in progress keeps the changes its failed handler made', async () => {
    const f = flow<number>('handler-changes')
      // A synchronous step completes, so the run is stored when the error handler waits.
      .step('pre', trackSync((as, n: number) => n))
      .step(
        'charge',
        (as: any) => {
          as.update((d: any) => void (d.tried = (d.tried ?? 0) + 1));
          throw new Error('declined');
        },
        async (as: any) => {
          as.update((d: any) => void (d.handled = (d.handled ?? 0) + 1));
          return later('refunded', 10);
        },
      )
      .step('out', (as: any, v: string) => ({ v, ...as.state }));
    const { end, resumed } = await checkResume(f, 1);
    expect(end).toEqual({ status: 'succeeded', result: { v: 'refunded', tried: 1, handled: 1 } });
    expect(resumed).toBeGreaterThanOrEqual(1);
  });

  it('a short sleep is stored with its wake time as it starts, so a crash during it does not start it over', async () => {
    const f = flow<number>('short-sleep')
      .step('a', async (as, n: number) => later(n))
      .sleep(400)
      .step('b', (as, n: number) => n + 1);
    const commits: Commit[] = [];
    const started = Date.now();
    // parkAfterMs: the run stays in memory while it sleeps.
    expect(await drive(f, 1, { commits })).toEqual({ status: 'succeeded', result: 2 });
    const k = commits.findIndex(({ c }) => c.cursor !== null && c.cursor.root.s === 'wait');
    expect(k).toBeGreaterThanOrEqual(0);
    const wakeAt = commits[k]!.c.cursor!.root.f.at(-1)!.d as number;
    expect(Math.abs(wakeAt - (started + 400))).toBeLessThan(150);
    // Resumed 300 ms in, the sleep ends at its wake time, not 400 ms after the resume.
    await later(0, Math.max(0, started + 300 - Date.now()));
    const resumedAt = Date.now();
    expect(await drive(f, 1, { from: { cursor: commits[k]!.c.cursor, state: {}, consumed: [] } })).toEqual({ status: 'succeeded', result: 2 });
    expect(Date.now() - resumedAt).toBeLessThan(300);
  });

  it("a retry's backoff is stored with its due time as it starts", async () => {
    let tries = 0;
    const f = flow<number>('backoff')
      .step('a', async (as, n: number) => later(n))
      .step('flaky', (as, n: number) => {
        if (++tries === 1) throw new Error('busy');
        return n + 1;
      })
      .retry({ attempts: 2, backoff: { initialMs: 400, factor: 1, jitter: 'none' } });
    const commits: Commit[] = [];
    const started = Date.now();
    expect(await drive(f, 1, { commits })).toEqual({ status: 'succeeded', result: 2 });
    const waiting = commits.find(({ c }) => c.cursor !== null && c.cursor.root.s === 'wait');
    expect(waiting).toBeDefined();
    const saved = waiting!.c.cursor!.root.f.at(-1)!.d as { n: number; w: number };
    expect(saved.n).toBe(2);
    expect(Math.abs(saved.w - (started + 400))).toBeLessThan(150);
  });
});

describe('a run that left this process', () => {
  it('a handler still running when its run left reports its late calls as such, not as a step that completed at once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      let updated!: () => void;
      const late = new Promise<void>((r) => (updated = r));
      const f = flow<number>('left')
        .step('a', (as, n: number) => n)
        .step('b', async (as: any) => {
          await later(0, 20);
          as.update((d: any) => void (d.x = 1));
          updated();
        });
      let commits = 0;
      const run = await startFresh(f, 1, 'left-1', () => {
        // The first commit (a done, b running) is fenced: another process owns the run now.
        if (++commits === 1) throw new Error('fenced');
      });
      expect((await run.ended).status).toBe('abandoned');
      await late;
      const w = warn.mock.calls.map((c) => String(c[0])).find((m) => m.includes('as.update()'));
      expect(w).toMatch(/left this process with its run: the call was ignored\. The worker closed or lost its lease/);
    } finally {
      warn.mockRestore();
    }
  });
});
