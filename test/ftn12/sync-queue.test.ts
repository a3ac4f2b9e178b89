// FTN12.md #10: a cancelled waiter leaves the queue at once and frees its slot, for every primitive; a Mutex that
// waiters gave up on keeps none of their frames. §2.5: the FTN12 Limiter's defaults are limits, so `null` is no
// "no limit" there and its errors do not offer it.
import { describe, it, expect } from 'vitest';
import { $as, Mutex, Limiter } from './target.js';

/** The frames a Mutex's queue still holds (its entries, skipped or not). */
const entries = (m: Mutex): number => (m as unknown as { queue: { length: number } }).queue.length;

describe('Mutex queue', () => {
  it('drops the entries of waiters that were cancelled while the lock stays held', () => {
    const m = new Mutex(1);
    const holder = $as().sync(m, (as) => as.waitExternal());
    holder.execute();
    const live = $as().sync(m, () => {});
    live.execute();
    for (let i = 0; i < 1000; i++) {
      const w = $as().sync(m, () => {});
      w.execute();
      w.cancel();
    }
    expect(m.waiting).toBe(1);
    expect(entries(m)).toBeLessThan(40);
    live.cancel();
    expect(m.waiting).toBe(0);
    expect(entries(m)).toBe(0);
    holder.cancel();
    expect(m.active).toBe(0);
  });

  it('still admits the waiters left, in arrival order, after dropping entries', async () => {
    const m = new Mutex(1);
    const order: number[] = [];
    const holder = $as().sync(m, (as) => as.waitExternal());
    holder.execute();
    const waiting = [];
    for (let i = 0; i < 100; i++) {
      const w = $as().sync(m, () => void order.push(i));
      if (i % 3 === 0) waiting.push(w.promise());
      else {
        w.execute();
        w.cancel();
      }
    }
    holder.cancel();
    await Promise.all(waiting);
    expect(order).toEqual(Array.from({ length: 34 }, (_, k) => k * 3));
  });
});

describe('FTN12 Limiter option errors', () => {
  it('do not offer null for no limit, which the spec defaults do not mean', () => {
    expect(() => new Limiter({ max_queue: -1 })).toThrow(/max_queue must be an integer of at least 0, got -1$/);
    expect(() => new Limiter({ rate: 0 })).toThrow(/rate must be an integer of at least 1, got 0$/);
  });
});
