// DESIGN: flow(schema) validates run input (InvalidRequest naming every bad path) and infers In
// from the schema; embedded in another flow (.step, .parallel, .map, fill, as.run) the same flow
// validates its input there too, so its steps get what their types say.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { flow, run, fromJSON, toJSON, Errors, slotType } from '../../index.js';
import { failure } from '../helpers.js';

const order = z.object({ qty: z.string().transform(Number) });
const kind = flow(order).step((as, o) => typeof o.qty);

describe('a flow with an input schema, embedded', () => {
  it('validates and transforms its input wherever it is embedded', async () => {
    const input = { qty: '5' };
    expect(await run(kind, input)).toBe('number');
    expect(await run(flow<{ qty: string }>().step(kind), input)).toBe('number');
    expect(await run(flow<{ qty: string }>().step('kind', kind), input)).toBe('number');
    expect(await run(flow<{ qty: string }>().parallel([kind, kind]), input)).toEqual(['number', 'number']);
    expect(await run(flow<Array<{ qty: string }>>().map((items) => items, kind), [input])).toEqual(['number']);
    expect(await run(flow<{ qty: string }>().step((as, v) => as.run(kind, v)), input)).toBe('number');
    const tpl = flow<{ qty: string }>().slot('count', slotType<{ qty: string }, string>());
    expect(await run(tpl.fill({ count: kind }), input)).toBe('number');
  });

  it('bad input fails at the embedding with InvalidRequest, before any of its steps run', async () => {
    let ran = false;
    const guarded = flow(z.object({ id: z.string() })).step(() => {
      ran = true;
    });
    // The outer flow claims a string id; the value that arrives is a number: the embedded schema catches it.
    const err = await failure(run(flow<{ id: string }>().step('guarded', guarded), { id: 42 } as unknown as { id: string }));
    expect(err.code).toBe(Errors.InvalidRequest);
    expect(String(err.info)).toContain('id');
    expect(ran).toBe(false);
  });

  it('goes through JSON with its schema as a named object, validating again after fromJSON', async () => {
    const outer = flow<{ qty: string }>().step('kind', kind);
    const typeOfQty = (as: unknown, o: { qty: unknown }) => typeof o.qty;
    const named = flow(order).step('typeOfQty', typeOfQty);
    const doc = toJSON(flow<{ qty: string }>().step('kind', named), { names: new Map([[order, 'order']]) });
    expect(JSON.stringify(doc)).toContain('"input":{"ref":"order"}');
    const back = fromJSON<{ qty: string }, string>(doc, { typeOfQty, order });
    expect(await run(back, { qty: '5' })).toBe('number');
    expect((await failure(run(back, { qty: 5 } as never))).code).toBe(Errors.InvalidRequest);
    expect(() => toJSON(outer)).toThrow(/input schema/);
  });
});
