import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { flow, slotType, run } from '../../index.js';

interface Order {
  id: string;
}
interface Receipt {
  no: number;
}

describe('templates with several unnamed slots', () => {
  const card = flow<Order>().step((): Receipt => ({ no: 1 }));
  const notify = flow<Receipt>().step((as, r) => `sent ${r.no}`);
  const two = flow<Order>().slot('pay', slotType<Order, Receipt>()).slot('notify', slotType<Receipt, string>());

  it('each fill is checked against the slot types, without cross-contamination', () => {
    const filled = two.fill({ pay: card, notify });
    expectTypeOf(run(filled, { id: 'a' })).resolves.toEqualTypeOf<string>();
  });

  it('a flow that matches no slot is rejected', () => {
    const wrong = flow<number>().step((as, n) => n);
    // @ts-expect-error a Flow<number, number> fits neither slot
    two.fill({ pay: wrong });
  });

  it('an unfilled template cannot run', () => {
    // @ts-expect-error two slots are open
    run(two, { id: 'a' });
  });
});

describe('flow(schema) takes the schema input and gives its output', () => {
  it('transforming schemas', () => {
    const f = flow(z.string().transform((s) => s.length)).step((as, n) => n * 2);
    expectTypeOf(run(f, 'abc')).resolves.toEqualTypeOf<number>();
    // @ts-expect-error the run input is the schema input (string), not its output
    run(f, 3);
  });

  it('coercing schemas', () => {
    const g = flow(z.object({ when: z.coerce.date() })).step((as, v) => v.when);
    expectTypeOf(g).toHaveProperty('graph');
    expectTypeOf(run(g, { when: new Date() })).resolves.toEqualTypeOf<Date>();
  });
});
