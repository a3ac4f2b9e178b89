// DESIGN: Graph tools — prototype keys (`__proto__`, `constructor`) are refused, and nothing is polluted.
import { afterEach, describe, expect, it } from 'vitest';
import { FlowError, fromJSON, run } from '../../index.js';
import { handlers, inc } from './fixtures.js';

const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function infoOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FlowError);
    expect((e as FlowError).code).toBe('InvalidRequest');
    return String((e as FlowError).info);
  }
  throw new Error('expected a refusal');
}

afterEach(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(Object.prototype.toString.call({})).toBe('[object Object]');
});

describe('prototype keys', () => {
  it('__proto__ at the top of the document (JSON text)', () => {
    const text = '{"version":1,"root":{"kind":"sequence","steps":[]},"__proto__":{"polluted":true}}';
    expect(infoOf(() => fromJSON(text, handlers))).toBe('__proto__: prototype key "__proto__" refused');
  });

  it('__proto__ inside a node (parsed object with an own __proto__ key)', () => {
    const doc = JSON.parse('{"version":1,"root":{"kind":"sequence","steps":[{"kind":"step","handler":"inc","__proto__":{"polluted":true}}]}}');
    expect(infoOf(() => fromJSON(doc, handlers))).toBe('root.steps[0].__proto__: prototype key "__proto__" refused');
  });

  it('constructor and prototype keys, e.g. as choose cases or in value arguments', () => {
    const doc = JSON.parse(
      '{"version":1,"root":{"kind":"sequence","steps":[' +
        '{"kind":"choose","selector":"parity","cases":{"constructor":{"kind":"step","handler":"inc"}}},' +
        '{"kind":"value","args":[{"prototype":{"polluted":true}}]},' +
        '{"kind":"context","variable":{"ref":"tenant"},"value":{"a":{"__proto__":{"polluted":true}}},"body":{"kind":"sequence","steps":[]}}' +
        ']}}',
    );
    expect(infoOf(() => fromJSON(doc, handlers)).split('\n')).toEqual([
      'root.steps[0].cases.constructor: prototype key "constructor" refused',
      'root.steps[1].args[0].prototype: prototype key "prototype" refused',
      'root.steps[2].value.a.__proto__: prototype key "__proto__" refused',
    ]);
  });

  it('prototype keys used as names are refused, not looked up on the prototype chain', () => {
    const doc = { version: 1, root: { kind: 'sequence', steps: [{ kind: 'step', handler: 'constructor' }, { kind: 'step', name: 'toString' }, { kind: 'step', handler: 'hasOwnProperty' }] } };
    expect(infoOf(() => fromJSON(doc, handlers)).split('\n')).toEqual([
      'root.steps[0].handler: prototype key "constructor" refused as a name',
      'root.steps[1].name: unknown name "toString" (not in the handlers record)',
      'root.steps[2].handler: unknown name "hasOwnProperty" (not in the handlers record)',
    ]);
  });

  it('prototype keys in the handlers record are refused', () => {
    const record = JSON.parse('{"__proto__":{"polluted":true}}');
    record.inc = inc;
    Object.defineProperty(record, 'constructor', { value: inc, enumerable: false });
    const doc = { version: 1, root: { kind: 'sequence', steps: [{ kind: 'step', handler: 'inc' }] } };
    expect(infoOf(() => fromJSON(doc, record)).split('\n')).toEqual([
      'handlers.__proto__: prototype key "__proto__" refused',
      'handlers.constructor: prototype key "constructor" refused',
    ]);
  });

  it('only own keys of the handlers record count (inherited ones are unknown)', () => {
    const record = Object.create({ inherited: inc });
    const doc = { version: 1, root: { kind: 'sequence', steps: [{ kind: 'step', handler: 'inherited' }] } };
    expect(infoOf(() => fromJSON(doc, record))).toMatch(/unknown name "inherited"/);
  });

  it('a null-prototype handlers record works', async () => {
    const record = Object.assign(Object.create(null), { inc });
    const doc = { version: 1, root: { kind: 'sequence', steps: [{ kind: 'step', handler: 'inc' }] } };
    expect(await run(fromJSON<number, number>(doc, record), 1)).toBe(2);
  });

  it('a valid document with a choose case record builds a null-prototype record', () => {
    const doc = { version: 1, root: { kind: 'sequence', steps: [{ kind: 'choose', selector: 'parity', cases: { odd: { kind: 'step', handler: 'inc' } } }] } };
    const f = fromJSON(doc, handlers);
    const choose = (f.graph as any).steps[0];
    expect(Object.getPrototypeOf(choose.cases)).toBeNull();
  });

  it('prototype names as parallel result keys are refused, with the path of each', () => {
    const doc = (keys: string[]) => ({ version: 1, root: { kind: 'parallel', mode: 'all', keys, branches: keys.map(() => ({ kind: 'step', handler: 'inc' })) } });
    expect(infoOf(() => fromJSON(doc(['__proto__', 'b']), handlers))).toBe('root.keys[0]: "__proto__" is a prototype key, not allowed as a result key');
    expect(infoOf(() => fromJSON(doc(['a', 'constructor']), handlers))).toBe('root.keys[1]: "constructor" is a prototype key, not allowed as a result key');
  });
});
