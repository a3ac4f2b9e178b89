// DESIGN: Qualities — "user code that throws anywhere … never crashes the process". Iterators and thenables are
// user code too: a next() or a done/value getter that throws, a result that is no object, an iterator getter
// that throws, a thenable whose then() throws, all after an async step (so no synchronous driver turn is on the
// stack) fail the scope that uses them, where .catch recovers and .finally runs.
import { describe, it, expect } from 'vitest';
import { flow, run, resource } from '../../index.js';

const boom = (): never => {
  throw new Error('boom');
};
const later = flow().step(() => new Promise<number>((r) => setTimeout(() => r(1), 1)));

const cases: Array<[string, () => ReturnType<typeof later.step>]> = [
  ['map: async next() throws', () => later.map(() => ({ [Symbol.asyncIterator]: () => ({ next: boom }) }), (as, x) => x)],
  ['map: the async iterator getter throws', () => later.map(() => ({ get [Symbol.asyncIterator]() { return boom(); } }) as never, (as, x) => x)],
  ['map: the sync iterator factory throws', () => later.map(() => ({ [Symbol.iterator]: boom }) as never, (as, x) => x)],
  ['map: a done getter throws', () => later.map(() => ({ [Symbol.iterator]: () => ({ next: () => ({ get done() { return boom(); } }) }) }) as never, (as, x) => x)],
  ['map: an async done getter throws', () => later.map(() => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ get done() { return boom(); } }) }) }) as never, (as, x) => x)],
  ['map: a result that is no object', () => later.map(() => ({ [Symbol.iterator]: () => ({ next: () => 5 }) }) as never, (as, x) => x)],
  ['forEach: async next() throws', () => later.forEach(() => ({ [Symbol.asyncIterator]: () => ({ next: boom }) }), () => {})],
  ['forEach: an object property getter throws', () => later.forEach(() => ({ get a() { return boom(); } }), () => {})],
  ['a step returns a thenable whose then() throws', () => later.step(() => ({ then: boom }) as never)],
  ['a resource acquire gives a thenable whose then() throws', () => later.using(resource<number, string>('r', () => ({ then: boom }) as never, () => {}), () => 1)],
];

describe('user protocol errors after an async step', () => {
  it.each(cases)('%s: the scope fails, catch recovers, finally runs once', async (_what, build) => {
    let finallies = 0;
    const f = build()
      .catch(() => 'recovered')
      .finally(() => void finallies++);
    expect(await run(f, undefined)).toBe('recovered');
    expect(finallies).toBe(1);
  });

  it('an async next() that returns a plain result (no promise) is taken as for await takes it', async () => {
    const items = () => {
      let i = 0;
      return { [Symbol.asyncIterator]: () => ({ next: () => (i < 2 ? { done: false, value: i++ } : { done: true, value: undefined }) }) };
    };
    expect(await run(later.map(items as never, (as, x: number) => x * 10), undefined)).toEqual([0, 10]);
  });
});
