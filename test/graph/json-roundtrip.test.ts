// DESIGN: Graph tools, "Details the contract fixes: JSON" — toJSON / fromJSON round trips.
import { describe, expect, it } from 'vitest';
import { flow, slotType, fromJSON, run, toJSON } from '../../index.js';
import type { FlowDefinition } from '../../index.js';
import { sequenceNode } from '../../graph/nodes/sequence-node.js';
import { valueNode } from '../../graph/nodes/value-node.js';
import { everything, handlers, inc, names, observe, roundTrip } from './fixtures.js';

describe('toJSON / fromJSON round trip', () => {
  it('a flow using every construct survives JSON text unchanged', () => {
    const original = everything();
    const doc = toJSON(original, { names });
    const again = toJSON(fromJSON(JSON.parse(JSON.stringify(doc)), handlers), { names });
    expect(again).toEqual(doc);
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  it('the rebuilt graph has the same shape as the original', () => {
    const original = everything();
    const copy = roundTrip(original);
    expect(copy.name).toBe('everything');
    expect(copy.graph.kind).toBe('embed');
    expect(Object.isFrozen(copy.graph)).toBe(true);
    expect(copy.slots).toEqual([]);
  });

  it('both flows run with identical outcomes and events', async () => {
    for (const input of [0, 1, 5]) {
      const a = await observe(everything(), input);
      const b = await observe(roundTrip(everything()), input);
      expect(b).toEqual(a);
      expect(a.events.length).toBeGreaterThan(20);
    }
  });

  it('documents are plain JSON with a version, the name and the body as root', () => {
    const doc = toJSON(flow<number>('checkout').step('validate', inc).step(inc));
    expect(doc).toEqual({
      version: 1,
      name: 'checkout',
      root: { kind: 'sequence', steps: [{ kind: 'step', name: 'validate' }, { kind: 'step', handler: 'inc' }] },
    });
  });

  it('an unnamed flow has no name and its graph is the root', () => {
    const doc = toJSON(flow<number>().step(inc));
    expect(doc).toEqual({ version: 1, root: { kind: 'sequence', steps: [{ kind: 'step', handler: 'inc' }] } });
    const back = fromJSON(doc, handlers);
    expect(back.name).toBeUndefined();
    expect(back.graph.kind).toBe('sequence');
  });

  it('keeps every option: codes, keys, concurrency, mode, ms, attempts, backoff, retryOn, labels, counts, refs', () => {
    const text = JSON.stringify(toJSON(everything(), { names }));
    for (const piece of [
      '"codes":["Boom"]',
      '"keys":["a","b"]',
      '"concurrency":1',
      '"mode":"allSettled"',
      '"mode":"race"',
      '"mode":"any"',
      '"ms":5000',
      '"attempts":2',
      '"backoff":{"initialMs":0,"factor":2,"maxMs":10,"jitter":"none"}',
      '"retryOn":["Boom"]',
      '"retryOn":"isBoom"',
      '"label":"outer"',
      '"count":3',
      '"count":"twice"',
      '"select":"pair"',
      '"selector":"parity"',
      '"primitive":{"ref":"lock"}',
      '"resource":{"ref":"db"}',
      '"variable":{"ref":"tenant"}',
      '"value":"fixed"',
      '"compute":"tenantOf"',
      '"onError":"recover"',
      '"otherwise":{"kind":"step","handler":"later"}',
    ]) {
      expect(text).toContain(piece);
    }
  });

  it('value nodes (FTN12 successStep) keep their JSON arguments', async () => {
    const graph = sequenceNode([valueNode([1, 'two', { three: [3] }, null])]);
    const def: FlowDefinition = { graph, name: undefined, slots: [], inputSchema: undefined };
    const doc = toJSON(def);
    expect(doc.root).toEqual({ kind: 'sequence', steps: [{ kind: 'value', args: [1, 'two', { three: [3] }, null] }] });
    const back = fromJSON(doc, {});
    expect(toJSON(back)).toEqual(doc);
    expect(await run(back, 0)).toEqual(await run(def, 0));
  });

  it('a template keeps its slots; the rebuilt template can be filled and run', async () => {
    const tpl = flow<number>('tpl').step('validate', inc).slot('pay', slotType<number, number>()).step(inc);
    const doc = toJSON(tpl);
    expect(JSON.stringify(doc)).toContain('{"kind":"slot","name":"pay"}');
    const back = fromJSON<number, number, { pay: { in: number; out: number } }>(doc, handlers);
    expect(back.slots).toEqual(['pay']);
    expect(() => run(back as never, 1)).toThrow(/pay/);
    const filled = back.fill({ pay: flow<number>().step((as, x) => x * 10) });
    expect(await run(filled, 1)).toBe(21);
  });

  it('FTN12-style nodes keep their style', () => {
    const doc = {
      version: 1 as const,
      root: { kind: 'sequence' as const, steps: [{ kind: 'step' as const, handler: 'inc', style: 'ftn12' as const }] },
    };
    expect(toJSON(fromJSON(doc, handlers))).toEqual(doc);
  });

  it('accepts the JSON text as well as the parsed object', async () => {
    const text = JSON.stringify(toJSON(flow<number>('t').step('validate', inc)));
    expect(await run(fromJSON<number, number>(text, handlers), 1)).toBe(2);
  });

  it('a named step may omit handler; a document may reuse one handler under several step names', async () => {
    const doc = {
      version: 1,
      root: { kind: 'sequence', steps: [{ kind: 'step', name: 'first', handler: 'inc' }, { kind: 'step', name: 'second', handler: 'inc' }, { kind: 'step', name: 'inc' }] },
    };
    expect(await run(fromJSON<number, number>(doc, handlers), 0)).toBe(3);
  });

  it('two steps with the same name and the same handler are fine (they share the handler)', async () => {
    const f = flow<number>().step('validate', inc).step('validate', inc);
    const back = roundTrip(f);
    expect(await run(back, 0)).toBe(2);
  });
});
