// DESIGN: Templates (.slot / fill) and "Details the contract fixes: Templates".
import { describe, it, expect } from 'vitest';
import { flow, slotType, run } from '../../index.js';

const tpl = flow<number>()
  .step((as, x) => x + 1)
  .slot('format', slotType<number, string>())
  .step((as, s: string) => `[${s}]`)
  .slot('decorate', slotType<string, string>());

const format = flow<number>().step((as, n) => `n=${n}`);
const decorate = flow<string>().step((as, s) => `${s}!`);

describe('templates', () => {
  it('fill with every slot gives a runnable flow; each fill runs in its slot with the current value', async () => {
    const f = tpl.fill({ format, decorate });
    expect(await run(f, 1)).toBe('[n=2]!');
  });

  it('fill may fill some slots and returns a template with the rest', async () => {
    const partial = tpl.fill({ format });
    expect(() => run(partial as any, 1)).toThrow(TypeError);
    expect(() => run(partial as any, 1)).toThrow(/decorate/);
    expect(() => run(partial as any, 1)).not.toThrow(/format/);
    const full = partial.fill({ decorate });
    expect(await run(full, 1)).toBe('[n=2]!');
  });

  it('running an unfilled template is a synchronous TypeError naming every unfilled slot', () => {
    let thrown: unknown;
    try {
      run(tpl as any, 1);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain('format');
    expect((thrown as Error).message).toContain('decorate');
  });

  it('.step(template) is a TypeError naming the unfilled slots', () => {
    expect(() => flow<number>().step(tpl as any)).toThrow(TypeError);
    expect(() => flow<number>().step(tpl as any)).toThrow(/format/);
    expect(() => flow<number>().step('named', tpl as any)).toThrow(/decorate/);
  });

  it('fill leaves the template unchanged: one template, many fills', async () => {
    const a = tpl.fill({ format, decorate });
    const b = tpl.fill({ format: flow<number>().step((as, n) => `#${n}`), decorate: flow<string>().step((as, s) => s.toLowerCase()) });
    expect(await run(a, 0)).toBe('[n=1]!');
    expect(await run(b, 0)).toBe('[#1]');
    expect(() => run(tpl as any, 0)).toThrow(TypeError);
  });

  it('a filled flow may be embedded like any flow', async () => {
    const filled = tpl.fill({ format, decorate });
    expect(await run(flow<number>().step((as, x) => x * 10).step(filled), 1)).toBe('[n=11]!');
  });
});
