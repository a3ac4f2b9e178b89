// DESIGN: Resources — "release is awaited before the scope's outcome moves on; nested resources are released in
// reverse order"; Running — cancel handlers and `finally` run "innermost first". Async cleanups keep that order on
// a cancel and a timeout too: an outer cleanup starts once the inner ones finished.
import { describe, it, expect } from 'vitest';
import { flow, run, resource, type FlowError } from '../../index.js';
import { createTestScheduler } from '../../testing.js';

/** Resolves after `n` event-loop turns: an async cleanup that takes a while. */
const turns = (n: number): Promise<void> =>
  new Promise((resolve) => {
    let k = 0;
    const next = (): void => void (++k >= n ? resolve() : setImmediate(next));
    setImmediate(next);
  });

function slowResource(name: string, log: string[]) {
  return resource(
    name,
    () => name,
    async (_value, outcome) => {
      log.push(`${name} release ${outcome.status}`);
      await turns(3);
      log.push(`${name} released`);
    },
  );
}

describe('async cleanups run innermost first on a cancel', () => {
  it('nested resources: the outer release starts after the inner one finished', async () => {
    const log: string[] = [];
    const f = flow()
      .using(slowResource('outer', log), flow().using(slowResource('inner', log), (as) => as.waitExternal()))
      .finally(() => void log.push('finally'));
    const execution = run(f, undefined);
    await turns(1);
    execution.cancel();
    await expect(execution).rejects.toMatchObject({ code: 'Cancelled' });
    expect(log).toEqual(['inner release cancelled', 'inner released', 'outer release cancelled', 'outer released', 'finally']);
  });

  it('nested async finally: the outer one sees the inner one ended', async () => {
    const log: string[] = [];
    const inner = flow()
      .step((as) => as.waitExternal())
      .finally(async () => {
        log.push('inner start');
        await turns(5);
        log.push('inner end');
      });
    const execution = run(flow().step(inner).finally((as, o) => void log.push(`outer ${o.status}`)), undefined);
    await turns(1);
    execution.cancel();
    await expect(execution).rejects.toMatchObject({ code: 'Cancelled' });
    expect(log).toEqual(['inner start', 'inner end', 'outer cancelled']);
  });

  it('a timeout waits for an inner release that was already running (success path) before the scope moves on', async () => {
    const scheduler = createTestScheduler();
    const log: string[] = [];
    let finish = (): void => {};
    const slow = resource(
      'slow',
      () => 'v',
      (_v, o) => {
        log.push(`release ${o.status}`);
        return new Promise<void>((resolve) => (finish = () => (log.push('released'), resolve())));
      },
    );
    const f = flow()
      .using(slow, () => 1)
      .timeout(10)
      .finally((as, o) => void log.push(`finally ${o.status}`));
    const execution = run(f, undefined, { scheduler });
    const outcome = Promise.resolve(execution).catch((e: FlowError) => e.code);
    await scheduler.advance(10);
    expect(log).toEqual(['release success']);
    finish();
    expect(await outcome).toBe('Timeout');
    expect(log).toEqual(['release success', 'released', 'finally error']);
  });

  it('a race waits for a loser whose release was already running', async () => {
    const log: string[] = [];
    let finish = (): void => {};
    const held = resource(
      'held',
      () => 'v',
      () => new Promise<void>((resolve) => (finish = () => (log.push('released'), resolve()))),
    );
    const loser = flow()
      .using(held, () => 1)
      .step(() => 'late');
    const winner = flow().step(async () => {
      await turns(1);
      return 'win';
    });
    const result = run(flow().race([loser, winner]).step((as, v) => (log.push(`after race ${v}`), v)), undefined);
    await turns(3);
    expect(log).toEqual([]);
    finish();
    expect(await result).toBe('win');
    expect(log).toEqual(['released', 'after race win']);
  });
});
