// DESIGN: virtual time (stepflow/testing) — time moves only when told; advance and runAll
// resolve after the due timers ran.
import { describe, it, expect } from 'vitest';
import { createTestScheduler } from '../../testing.js';

describe('createTestScheduler', () => {
  it('advance calls add up, also when one is made before the other finished', async () => {
    const clock = createTestScheduler();
    const fired: string[] = [];
    clock.setTimer(() => fired.push('t5'), 5);
    clock.setTimer(() => fired.push('t10'), 10);
    await Promise.all([clock.advance(5), clock.advance(5)]);
    expect(clock.now()).toBe(10);
    expect(fired).toEqual(['t5', 't10']);
    expect(clock.pending()).toBe(0);
    await clock.advance(3);
    expect(clock.now()).toBe(13);
  });

  it('advance refuses what is not a non-negative finite number of ms, and the clock stays put', async () => {
    const clock = createTestScheduler();
    for (const bad of ['5', -1, Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      await expect(clock.advance(bad as number)).rejects.toThrow(/advance\(\): ms must be a non-negative finite number/);
    }
    expect(clock.now()).toBe(0);
  });

  it('runAll after an advance fires what is left, in time order', async () => {
    const clock = createTestScheduler();
    const fired: number[] = [];
    for (const at of [30, 10, 20]) clock.setTimer(() => fired.push(at), at);
    const a = clock.advance(15);
    const all = clock.runAll();
    await Promise.all([a, all]);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(30);
  });

  it('an advance queued behind a runAll moves on from where runAll left the clock', async () => {
    const clock = createTestScheduler();
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 1000);
    const all = clock.runAll();
    const step = clock.advance(10);
    await Promise.all([all, step]);
    expect(fired).toEqual([1000]);
    expect(clock.now()).toBe(1010);
    // A timer set during the runAll fires in the advance that follows it, at its own time.
    clock.setTimer(() => clock.setTimer(() => fired.push(clock.now()), 15), 100);
    await Promise.all([clock.runAll(), clock.advance(5), clock.runAll(), clock.advance(1)]);
    expect(fired).toEqual([1000, 1125]);
    expect(clock.now()).toBe(1131);
  });
});
