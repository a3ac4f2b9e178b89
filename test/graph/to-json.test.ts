// DESIGN: "Details the contract fixes: JSON" — toJSON's naming rule and its TypeErrors naming the node's path.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contextVar, flow, fromJSON, Mutex, run, toJSON } from '../../index.js';
import { dbl, handlers, inc, lock, names, recover } from './fixtures.js';

describe('toJSON naming rule', () => {
  it('a named step is referenced by its name, even with an anonymous handler', () => {
    const doc = toJSON(flow<number>().step('validate', (as, x) => x));
    expect(doc.root).toEqual({ kind: 'sequence', steps: [{ kind: 'step', name: 'validate' }] });
  });

  it('other handlers are referenced by their function name', () => {
    const doc = toJSON(flow<number>().step(inc).catch(recover));
    expect(doc.root).toEqual({
      kind: 'sequence',
      steps: [{ kind: 'catch', handler: 'recover', body: { kind: 'sequence', steps: [{ kind: 'step', handler: 'inc' }] } }],
    });
  });

  it('an anonymous handler is a TypeError naming its path', () => {
    expect(() => toJSON(flow<number>().step(inc).step((as, x) => x))).toThrow(TypeError);
    expect(() => toJSON(flow<number>().step(inc).step((as, x) => x))).toThrow(/^toJSON\(\): root\.steps\[1\]\.handler: an anonymous function has no usable name/);
    expect(() => toJSON(flow<number>().step(inc).finally(() => undefined))).toThrow(/root\.steps\[0\]\.handler: an anonymous function/);
    expect(() => toJSON(flow<number>().parallel([inc, (as: unknown, x: number) => x]))).toThrow(/root\.steps\[0\]\.branches\[1\]\.handler/);
    expect(() => toJSON(flow<number>().map((x) => [x], inc))).toThrow(/root\.steps\[0\]\.select/);
    expect(() => toJSON(flow<number>().choose(() => 'a', { a: inc }))).toThrow(/root\.steps\[0\]\.selector/);
    expect(() => toJSON(flow<number>().step('s', inc, () => 1))).toThrow(/root\.steps\[0\]\.onError/);
  });

  it('the names option names anonymous handlers and objects; it wins over a function name', () => {
    const anon = [(as: unknown, x: number) => x][0]!;
    const doc = toJSON(flow<number>().step(anon).step(dbl), { names: new Map<object, string>([[anon, 'identity'], [dbl, 'twice']]) });
    expect(doc.root).toEqual({ kind: 'sequence', steps: [{ kind: 'step', handler: 'identity' }, { kind: 'step', handler: 'twice' }] });
  });

  it('a sync primitive needs a name: from the names option or its own name property', () => {
    const f = flow<number>().sync(lock, dbl);
    expect(() => toJSON(f)).toThrow(/^toJSON\(\): root\.steps\[0\]\.primitive: an object without a name has no usable name/);
    expect(toJSON(f, { names }).root).toMatchObject({ steps: [{ kind: 'sync', primitive: { ref: 'lock' } }] });
    const named = Object.assign(new Mutex(), { name: 'ordersLock' });
    expect(toJSON(flow<number>().sync(named, dbl)).root).toMatchObject({ steps: [{ primitive: { ref: 'ordersLock' } }] });
  });

  it('context variables and resources are referenced by their name', () => {
    const v = contextVar('region', 'eu');
    const doc = toJSON(flow<number>().with(v, 'us', inc));
    expect(doc.root).toMatchObject({ steps: [{ kind: 'context', variable: { ref: 'region' }, value: 'us' }] });
  });

  it('one name for two different handlers is a TypeError naming both paths', () => {
    const a = (as: unknown, x: number) => x;
    const b = (as: unknown, x: number) => x + 1;
    expect(() => toJSON(flow<number>().step('same', a).step('same', b))).toThrow(
      /root\.steps\[1\]\.handler: the name "same" already stands for something else at root\.steps\[0\]\.handler/,
    );
    expect(() => toJSON(flow<number>().step('inc', dbl).step(inc))).toThrow(/the name "inc" already stands for something else/);
  });

  it('names that are prototype keys are refused', () => {
    expect(() => toJSON(flow<number>().step('constructor', inc))).toThrow(/root\.steps\[0\]\.handler: the name "constructor" is a prototype key/);
  });

  it('non-JSON values are a TypeError naming their path', () => {
    const v = contextVar<unknown>('thing');
    expect(() => toJSON(flow<number>().with(v, new Map(), inc))).toThrow(/^toJSON\(\): root\.steps\[0\]\.value: object is not a JSON value/);
    expect(() => toJSON(flow<number>().with(v, { n: Number.NaN }, inc))).toThrow(/root\.steps\[0\]\.value\.n: NaN is not a JSON value/);
  });

  it('graphs deeper than the document limit are a RangeError', () => {
    let f = flow<number>().step(inc);
    for (let i = 0; i < 250; i++) f = f.timeout(1000);
    expect(() => toJSON(f)).toThrow(RangeError);
    expect(() => toJSON(f)).toThrow(/nested deeper than 200 levels/);
  });

  it("a flow's input schema is in the document as a named object, and fromJSON gives it back", async () => {
    const schema = z.number();
    const f = flow(schema, 'typed').step('validate', inc);
    expect(() => toJSON(f)).toThrow(/^toJSON\(\): input: an object without a name has no usable name \(the input schema of the flow\(schema\), in "typed"\)/);
    const doc = toJSON(f, { names: new Map([[schema, 'numberSchema']]) });
    expect(doc.input).toEqual({ ref: 'numberSchema' });
    const back = fromJSON<number, number>(JSON.parse(JSON.stringify(doc)), { ...handlers, numberSchema: schema });
    expect(back.inputSchema).toBe(schema);
    expect(await run(back, 1)).toBe(2);
    await expect(run(back, 'x' as never)).rejects.toMatchObject({ code: 'InvalidRequest' });
    expect(() => fromJSON(doc, handlers)).toThrow(/input\.ref: unknown name "numberSchema"/);
    // A document without input (made before, or of a flow without a schema) loads as before.
    expect(fromJSON(toJSON(flow('plain').step('validate', inc)), handlers).inputSchema).toBeUndefined();
  });

  it('refuses things that are not flows', () => {
    expect(() => toJSON(null as never)).toThrow(TypeError);
  });
});
