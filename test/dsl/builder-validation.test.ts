// DESIGN "Qualities": builder arguments are checked at build time (TypeError naming the method and the argument).
import { describe, it, expect } from 'vitest';
import { flow, Mutex, resource, contextVar } from '../../index.js';

const h = () => 1;
const base = () => flow<number>() as any;

const cases: [string, () => unknown, string, string][] = [
  ['step() without a handler', () => base().step(), 'step', 'handler'],
  ['step(number)', () => base().step(5), 'step', 'handler'],
  ["step('', handler)", () => base().step('', h), 'step', 'name'],
  ["step('n', number)", () => base().step('n', 5), 'step', 'handler'],
  ["step('n', handler, number)", () => base().step('n', h, 5), 'step', 'onError'],
  ['catch(number)', () => base().catch(5), 'catch', 'handler'],
  ["catch('Code', number)", () => base().catch('Code', 5), 'catch', 'handler'],
  ['catch(number, handler)', () => base().catch(5, h), 'catch', 'selector'],
  ['catch([], handler)', () => base().catch([], h), 'catch', 'selector'],
  ['finally(number)', () => base().finally(5), 'finally', 'handler'],
  ['timeout(0)', () => base().timeout(0), 'timeout', 'ms'],
  ['timeout(-1)', () => base().timeout(-1), 'timeout', 'ms'],
  ["timeout('1')", () => base().timeout('1'), 'timeout', 'ms'],
  ['timeout(NaN)', () => base().timeout(NaN), 'timeout', 'ms'],
  ['retry(number)', () => base().retry(5), 'retry', 'policy'],
  ['retry({ attempts: 0 })', () => base().retry({ attempts: 0 }), 'retry', 'attempts'],
  ["retry({ attempts: 'x' })", () => base().retry({ attempts: 'x' }), 'retry', 'attempts'],
  ["retry({ backoff: { jitter: 'bogus' } })", () => base().retry({ backoff: { jitter: 'bogus' } }), 'retry', 'jitter'],
  ['retry({ backoff: { initialMs: -1 } })', () => base().retry({ backoff: { initialMs: -1 } }), 'retry', 'initialMs'],
  ['retry({ retryOn: 5 })', () => base().retry({ retryOn: 5 }), 'retry', 'retryOn'],
  ['parallel(number)', () => base().parallel(5), 'parallel', 'branches'],
  ['parallel([number])', () => base().parallel([5]), 'parallel', 'branches'],
  ['parallel([h], { concurrency: 0 })', () => base().parallel([h], { concurrency: 0 }), 'parallel', 'concurrency'],
  ['allSettled(number)', () => base().allSettled(5), 'allSettled', 'branches'],
  ['race({ a: number })', () => base().race({ a: 5 }), 'race', 'branches'],
  ['race([])', () => base().race([]), 'race', 'non-empty'],
  ['race({})', () => base().race({}), 'race', 'non-empty'],
  ['any(null)', () => base().any(null), 'any', 'branches'],
  ['map(number, h)', () => base().map(5, h), 'map', 'select'],
  ['map(select, number)', () => base().map(() => [], 5), 'map', 'body'],
  ['map(select, h, { concurrency: 1.5 })', () => base().map(() => [], h, { concurrency: 1.5 }), 'map', 'concurrency'],
  ['choose(number, cases)', () => base().choose(5, { a: h }), 'choose', 'selector'],
  ['choose(selector, number)', () => base().choose(() => 'a', 5), 'choose', 'cases'],
  ['choose(selector, { a: number })', () => base().choose(() => 'a', { a: 5 }), 'choose', 'cases'],
  ['choose(selector, cases, number)', () => base().choose(() => 'a', { a: h }, 5), 'choose', 'otherwise'],
  ['loop(number)', () => base().loop(5), 'loop', 'body'],
  ['loop(h, { label: 5 })', () => base().loop(h, { label: 5 }), 'loop', 'label'],
  ['repeat(-1, h)', () => base().repeat(-1, h), 'repeat', 'count'],
  ['repeat(1.5, h)', () => base().repeat(1.5, h), 'repeat', 'count'],
  ['repeat(2, number)', () => base().repeat(2, 5), 'repeat', 'body'],
  ['forEach(number, h)', () => base().forEach(5, h), 'forEach', 'select'],
  ['forEach(select, number)', () => base().forEach(() => [], 5), 'forEach', 'body'],
  ['sync({}, h)', () => base().sync({}, h), 'sync', 'primitive'],
  ['sync(mutex, number)', () => base().sync(new Mutex(), 5), 'sync', 'body'],
  ['using({}, h)', () => base().using({}, h), 'using', 'resource'],
  ['using(resource, number)', () => base().using(resource('r', () => 1, () => {}), 5), 'using', 'body'],
  ['with({}, 1, h)', () => base().with({}, 1, h), 'with', 'variable'],
  ['with(var, 1, number)', () => base().with(contextVar('v'), 1, 5), 'with', 'body'],
  ["slot('')", () => base().slot(''), 'slot', 'name'],
  ["slot('a') twice", () => base().slot('a').slot('a'), 'slot', 'name'],
  ['fill(number)', () => base().slot('a').fill(5), 'fill', 'fills'],
  ['fill({ unknown })', () => base().slot('a').fill({ b: flow() }), 'fill', 'fills'],
  ['fill({ a: number })', () => base().slot('a').fill({ a: 5 }), 'fill', 'fills'],
];

describe('builder validation', () => {
  it.each(cases.map(([label, build, method, arg]) => ({ label, build, method, arg })))(
    '$label throws a TypeError naming Flow.$method() and $arg',
    ({ build, method, arg }) => {
    let thrown: unknown;
    try {
      build();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    const msg = (thrown as Error).message;
    expect(msg).toContain(`Flow.${method}()`);
    expect(msg).toContain(arg);
    },
  );

  it('flow() rejects a first argument that is neither a name nor a schema', () => {
    expect(() => flow(5 as any)).toThrow(TypeError);
    expect(() => flow({} as any)).toThrow(TypeError);
  });

  it('a failed builder call leaves the receiver usable and unchanged', () => {
    const f = flow<number>().step((as, x) => x);
    const g = f.graph;
    expect(() => (f as any).timeout(-1)).toThrow(TypeError);
    expect(f.graph).toBe(g);
  });

  it('valid arguments do not throw', () => {
    expect(() =>
      flow<number>()
        .step('n', h, () => 0)
        .catch(['A', 'B'], () => 0)
        .timeout(1)
        .retry({ attempts: 1, retryOn: (e) => e.code === 'A' })
        .parallel([h], { concurrency: 1 })
        .repeat(0, h)
        .repeat(() => 1, h),
    ).not.toThrow();
  });

  it('a misspelt option is refused, naming it, instead of being ignored', () => {
    const f = flow<number>().step((as, n) => n);
    expect(() => f.retry({ attemps: 3 } as never)).toThrow(/^Flow\.retry\(\): policy has an unknown option 'attemps' \(known: attempts, backoff, retryOn\)$/);
    expect(() => f.retry({ backoff: { initialMS: 5 } } as never)).toThrow(/policy\.backoff has an unknown option 'initialMS'/);
    expect(() => f.loop(() => {}, { lable: 'x' } as never)).toThrow(/^Flow\.loop\(\): options has an unknown option 'lable' \(known: label\)$/);
    expect(() => f.parallel([() => 1], { concurency: 2 } as never)).toThrow(/Flow\.parallel\(\): options has an unknown option 'concurency'/);
    expect(() => f.map((n) => [n], () => 1, { limit: 2 } as never)).toThrow(/Flow\.map\(\): options has an unknown option 'limit'/);
    expect(() => f.waitFor('go', { timout: 5 } as never)).toThrow(/Flow\.waitFor\(\): options has an unknown option 'timout'/);
    expect(() => (f.step as any)('s', () => 1, () => 2, { retry: 3 })).toThrow(/^Flow\.step\(\): a fourth argument must be absent/);
  });

  it('a flow is frozen: no property can be set or added, so nothing can change what it runs or make it a thenable', () => {
    const a = flow<number>('a').step((as, n) => n + 1);
    const b = flow<number>('b').step((as, n) => n * 10);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.keys(a)).toEqual([]);
    expect(() => {
      'use strict';
      (a as any).then = () => {};
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(a, 'p', { value: b })).toThrow(TypeError);
    expect('then' in a).toBe(false);
    expect(a.graph).not.toBe(b.graph);
  });
});
