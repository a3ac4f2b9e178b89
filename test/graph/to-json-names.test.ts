// DESIGN: "Details the contract fixes: JSON" — a nameless handler in any position is a TypeError that names its path,
// says what it is and how to name it; the names option names it in every position.
import { describe, expect, it } from 'vitest';
import { flow, fromJSON, Mutex, toJSON } from '../../index.js';
import type { Flow } from '../../index.js';
import { db, handlers, inc, lock, names, pair, parity, tenant } from './fixtures.js';

type AnyFn = (...args: any[]) => any;
/** A fresh function with no name (an inline arrow has none). */
const nameless = (): AnyFn => [(..._args: any[]): any => 1][0]!;

interface Position {
  readonly role: string;
  readonly path: string;
  readonly build: (fn: AnyFn) => Flow<number, unknown>;
}

const p = () => flow<number>('p');
const POSITIONS: readonly Position[] = [
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].handler', build: (fn) => p().step(fn) },
  { role: 'the onError handler of .step(name, handler, onError)', path: 'root.steps[0].onError', build: (fn) => p().step('s', inc, fn) },
  { role: 'the .catch() handler', path: 'root.steps[0].handler', build: (fn) => p().step(inc).catch(fn) },
  { role: 'the .finally() handler', path: 'root.steps[0].handler', build: (fn) => p().step(inc).finally(fn) },
  { role: 'the .map() selector', path: 'root.steps[0].select', build: (fn) => p().map(fn, inc) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].body.handler', build: (fn) => p().map(pair, fn) },
  { role: 'the .choose() selector', path: 'root.steps[0].selector', build: (fn) => p().choose(fn, { a: inc }) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].cases.even.handler', build: (fn) => p().choose(parity, { even: fn, odd: inc }) },
  { role: 'the .repeat() count function', path: 'root.steps[0].count', build: (fn) => p().repeat(fn, inc) },
  { role: 'the .forEach() selector', path: 'root.steps[0].select', build: (fn) => p().forEach(fn, inc) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].body.handler', build: (fn) => p().loop(fn) },
  { role: 'the .retry() retryOn predicate', path: 'root.steps[0].retryOn', build: (fn) => p().step(inc).retry({ attempts: 2, retryOn: fn }) },
  { role: 'the .with() value function', path: 'root.steps[0].compute', build: (fn) => p().with(tenant, fn, inc) },
  { role: 'the .sleep() wake-time function', path: 'root.steps[0].until', build: (fn) => p().sleep(fn) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].branches[1].handler', build: (fn) => p().parallel([inc, fn]) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].body.handler', build: (fn) => p().sync(lock, fn) },
  { role: 'the handler of an unnamed .step()', path: 'root.steps[0].body.handler', build: (fn) => p().using(db, fn) },
];

const quote = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('toJSON with a nameless handler', () => {
  it.each(POSITIONS.map((pos) => [pos.path, pos.role, pos] as const))('%s (%s): a TypeError naming the path, what it is, where, and both fixes', (_path, _role, pos) => {
    const f = pos.build(nameless());
    let message = '';
    try {
      toJSON(f, { names });
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^toJSON\\(\\): ${quote(pos.path)}: an anonymous function has no usable name \\(${quote(pos.role)}, in "p"\\); `));
    expect(message).toMatch(/name the function \(function \w+\(…\) \{ … \}/);
    expect(message).toMatch(/or pass toJSON\(flow, \{ names: new Map\(\[\[fn, '\w+'\]\]\) \}\) with that very function$/);
  });

  it.each(POSITIONS.map((pos) => [pos.path, pos.role, pos] as const))('%s (%s): the names option names it, and the document rebuilds', (_path, _role, pos) => {
    const fn = nameless();
    const f = pos.build(fn);
    const withName = new Map<object, string>([...names, [fn, 'given']]);
    const doc = toJSON(f, { names: withName });
    expect(JSON.stringify(doc)).toContain('"given"');
    const rebuilt = fromJSON(doc, { ...handlers, given: fn, s: inc });
    expect(toJSON(rebuilt, { names: withName })).toEqual(doc);
  });

  it('a step name is another fix for a step handler, and the message says so', () => {
    expect(() => toJSON(p().step(nameless()))).toThrow(/name the step \(\.step\('validate', fn\)\), name the function/);
    expect(toJSON(p().step('named', nameless())).root).toEqual({ kind: 'sequence', steps: [{ kind: 'step', name: 'named' }] });
  });

  it('names the enclosing named flows, outermost first; an unnamed flow has no "in" part', () => {
    const inner = flow<number>('charge').step(inc).catch(nameless());
    expect(() => toJSON(p().step(inner))).toThrow(/^toJSON\(\): root\.steps\[0\]\.body\.steps\[0\]\.handler: an anonymous function has no usable name \(the \.catch\(\) handler, in "p" > "charge"\); /);
    expect(() => toJSON(flow<number>().step(inc).finally(nameless()))).toThrow(/^toJSON\(\): root\.steps\[0\]\.handler: an anonymous function has no usable name \(the \.finally\(\) handler\); /);
  });

  it('an unusable name from the names option is reported as such', () => {
    const fn = nameless();
    expect(() => toJSON(p().catch(fn), { names: new Map([[fn, '']]) })).toThrow(/the \.catch\(\) handler, in "p"\): the names option gives it ""; give a non-empty name$/);
  });

  it('a nameless sync primitive: name it with the option', () => {
    const m = new Mutex();
    expect(() => toJSON(p().sync(m, inc))).toThrow(
      /^toJSON\(\): root\.steps\[0\]\.primitive: an object without a name has no usable name \(the \.sync\(\) primitive, in "p"\); give it a name property, or pass toJSON\(flow, \{ names: new Map\(\[\[obj, 'ordersLock'\]\]\) \}\) with that very object$/,
    );
    expect(toJSON(p().sync(m, inc), { names: new Map([[m, 'm']]) }).root).toMatchObject({ steps: [{ primitive: { ref: 'm' } }] });
  });
});
