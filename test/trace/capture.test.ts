// Opt-in value capture: each step's input and output, serialized,
// size-limited and redactable; off by default.
import { describe, it, expect, vi } from 'vitest';
import { flow, run, createTrace, type FlowEvent } from '../../index.js';

const order = { id: 'o1', card: '4111 1111 1111 1111', total: 42 };
const checkout = flow<typeof order>('checkout')
  .step('price', (as, o) => ({ ...o, total: o.total * 2 }))
  .step('receipt', (as, o) => `paid ${o.total}`);

describe('value capture', () => {
  it('is off by default: events carry no values', async () => {
    const events: FlowEvent[] = [];
    await run(checkout, order, { onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.input !== undefined || e.output !== undefined)).toBe(false);
  });

  it('records inputs on start and outputs on success, as JSON text', async () => {
    const trace = createTrace();
    await run(checkout, order, { onEvent: trace.onEvent, capture: { values: true } });
    const price = trace.spans().find((s) => s.name === 'price')!;
    expect(JSON.parse(price.input!.json)).toEqual(order);
    expect(JSON.parse(price.output!.json)).toEqual({ ...order, total: 84 });
    expect(price.input!.truncated).toBe(false);
    const receipt = trace.spans().find((s) => s.name === 'receipt')!;
    expect(JSON.parse(receipt.output!.json)).toBe('paid 84');
  });

  it('redacts through the hook, which learns where the value is from', async () => {
    const seen: string[] = [];
    const trace = createTrace();
    await run(checkout, order, {
      onEvent: trace.onEvent,
      capture: {
        values: true,
        redact: (v, at) => {
          seen.push(`${at.kind} ${at.label}`);
          return v !== null && typeof v === 'object' && 'card' in v ? { ...(v as object), card: '****' } : v;
        },
      },
    });
    expect(trace.events.every((e) => !(e.input?.json ?? '').includes('4111'))).toBe(true);
    expect(trace.events.every((e) => !(e.output?.json ?? '').includes('4111'))).toBe(true);
    expect(seen).toContain('input checkout > price');
    expect(seen).toContain('output checkout > receipt');
  });

  it('cuts long values to maxBytes (UTF-8) and marks them truncated with the full size', async () => {
    const trace = createTrace();
    const big = flow<string>('big').step('echo', (as, s) => s);
    const text = 'é'.repeat(5_000);
    await run(big, text, { onEvent: trace.onEvent, capture: { values: true, maxBytes: 100 } });
    const echo = trace.spans().find((s) => s.name === 'echo')!;
    expect(echo.input!.truncated).toBe(true);
    expect(new TextEncoder().encode(echo.input!.json).length).toBeLessThanOrEqual(100);
    expect(echo.input!.bytes).toBe(new TextEncoder().encode(JSON.stringify(text)).length);
  });

  it('never fails a run: cycles, bigints, functions and a throwing redact hook are shown as stand-ins', async () => {
    const trace = createTrace();
    const cyclic: Record<string, unknown> = { n: 10n, f: function handler() {} };
    cyclic.self = cyclic;
    const f = flow<unknown>('odd').step('keep', (as, v) => v);
    expect(await run(f, cyclic, { onEvent: trace.onEvent, capture: { values: true } })).toBe(cyclic);
    const keep = trace.spans().find((s) => s.name === 'keep')!;
    expect(JSON.parse(keep.input!.json)).toEqual({ n: '10n', f: '[function handler]', self: '[circular]' });
    // An object met twice on different paths is no cycle: it is written both times.
    const shared = { k: 1 };
    const trace3 = createTrace();
    await run(f, { one: shared, two: shared, list: [shared, shared] }, { onEvent: trace3.onEvent, capture: { values: true } });
    const kept = trace3.spans().find((s) => s.name === 'keep')!;
    expect(JSON.parse(kept.output!.json)).toEqual({ one: { k: 1 }, two: { k: 1 }, list: [{ k: 1 }, { k: 1 }] });
    // Cut at maxBytes, the text never ends in half a surrogate pair.
    const trace4 = createTrace();
    await run(f, '😀😀', { onEvent: trace4.onEvent, capture: { values: true, maxBytes: 4 } });
    const cut = trace4.spans().find((s) => s.name === 'keep')!.output!;
    expect(cut.truncated).toBe(true);
    expect(/[\ud800-\udbff]$/.test(cut.json)).toBe(false);
    const trace2 = createTrace();
    await run(f, 1, {
      onEvent: trace2.onEvent,
      capture: {
        values: true,
        redact: () => {
          throw new Error('redactor down');
        },
      },
    });
    expect(JSON.parse(trace2.spans().find((s) => s.name === 'keep')!.input!.json)).toBe('[not recorded: redact threw]');
  });

  it('a redact that throws leaves nothing of its error in the trace or the warning (its message may quote the value)', async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation((w) => void warnings.push(String(w)));
    try {
      const trace = createTrace();
      const f = flow<string>('x').step('s', () => 'ok');
      await run(f, 'card=4111111111111111', { onEvent: trace.onEvent, capture: { values: true, redact: (v) => JSON.parse(v as string) } });
      await new Promise((r) => setTimeout(r, 0));
      const recorded = trace.events.flatMap((e) => [e.input?.json, e.output?.json]).filter((j) => j !== undefined);
      expect(recorded.length).toBeGreaterThan(0);
      for (const json of recorded) expect(JSON.parse(json!)).toBe('[not recorded: redact threw]');
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.filter((w) => /capture\.redact threw \(SyntaxError\) for the input of x/.test(w))).toHaveLength(1);
      for (const w of warnings) expect(w).not.toMatch(/4111|card/);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses bad capture options with a TypeError naming them', () => {
    expect(() => run(checkout, order, { capture: { maxBytes: -1 } })).toThrow(/options\.capture\.maxBytes/);
    expect(() => run(checkout, order, { capture: { redact: 'no' as never } })).toThrow(/options\.capture\.redact/);
  });
});
