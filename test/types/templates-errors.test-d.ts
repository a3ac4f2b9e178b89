// Type-level tests: templates (slots and fill) and typed errors.
import { z } from 'zod';
import { describe, expectTypeOf, it } from 'vitest';
import { defineError, Errors, flow, slotType, FlowError, run, type ErrorType, type Execution, type Flow, type FlowFailure, type inferErrorData, type inferErrorInput } from '../../index.js';

interface Order {
  readonly id: string;
  readonly total: number;
}
interface Receipt {
  readonly paid: number;
}

const cardPayment = flow<Order>('card').step(async (as, o): Promise<Receipt> => ({ paid: o.total }));
const template = flow<Order>('checkout')
  .slot('pay', slotType<Order, Receipt>())
  .step((as, r) => `paid ${r.paid}`);

describe('templates', () => {
  it('a slot types the flow after it', () => {
    flow<Order>()
      .slot('pay', slotType<Order, Receipt>())
      .step((as, r) => {
        expectTypeOf(r).toEqualTypeOf<Receipt>();
      });
  });

  it('running a template is a type error', () => {
    // @ts-expect-error the template has an unfilled slot
    run(template, { id: 'o', total: 1 });
  });

  it('embedding a template is a type error', () => {
    // @ts-expect-error a template is not a runnable flow
    flow<Order>().step(template);
    // @ts-expect-error same, with a name
    flow<Order>().step('checkout', template);
    // @ts-expect-error a template cannot be a parallel branch either
    flow<Order>().parallel([template]);
  });

  it('filling with a wrongly typed flow is a type error', () => {
    const wrongOutput = flow<Order>().step((as, o) => o.id);
    const wrongInput = flow<number>().step((as, n): Receipt => ({ paid: n }));
    // @ts-expect-error the slot must output a Receipt
    template.fill({ pay: wrongOutput });
    // @ts-expect-error the slot gets an Order, not a number
    template.fill({ pay: wrongInput });
    // @ts-expect-error a template cannot fill a slot
    template.fill({ pay: flow<Order>().slot('inner', slotType<Order, Receipt>()) });
  });

  it('a correct fill gives a runnable Flow', async () => {
    const filled = template.fill({ pay: cardPayment });
    expectTypeOf(filled).toEqualTypeOf<Flow<Order, string>>();
    expectTypeOf(run(filled, { id: 'o', total: 1 })).toEqualTypeOf<Execution<string>>();
    expectTypeOf(await run(filled, { id: 'o', total: 1 })).toEqualTypeOf<string>();
    expectTypeOf(flow<Order>().step(filled)).toEqualTypeOf<Flow<Order, string>>();
  });

  it('a filled slot may take a wider input and give a narrower output', () => {
    const anyInput = flow<unknown>().step((): Receipt & { extra: true } => ({ paid: 1, extra: true }));
    expectTypeOf(run(template.fill({ pay: anyInput }), { id: 'o', total: 1 })).toEqualTypeOf<Execution<string>>();
  });

  it('a slot must accept the output of the flow so far', () => {
    // @ts-expect-error the slot input (number) does not accept an Order
    flow<Order>().slot('pay', slotType<number, Receipt>());
  });

  it('a misspelt slot name in fill is a type error', () => {
    // @ts-expect-error "pya" is not an open slot of this template
    template.fill({ pya: cardPayment });
    // @ts-expect-error one good name does not excuse a misspelt one
    template.fill({ pay: cardPayment, pya: cardPayment });
  });

  it('the two-type-argument form (DESIGN: .slot<I, O>(name)) types the hole; its name is not tracked', () => {
    const tpl = flow<Order>().slot<Order, Receipt>('pay').step((as, r) => r.paid);
    // @ts-expect-error still a template until the slot is filled
    run(tpl, { id: 'o', total: 1 });
    // @ts-expect-error the fill must be a flow from Order to Receipt
    tpl.fill({ pay: flow<Order>().step(() => 'not a receipt') });
    const filled = tpl.fill({ pay: cardPayment });
    expectTypeOf(run(filled, { id: 'o', total: 1 })).toEqualTypeOf<Execution<number>>();
  });

  it('partial fills keep a template with the rest (slot names given as type arguments)', () => {
    const two = flow<Order>().slot<Order, Receipt, 'pay'>('pay').slot<Receipt, string, 'notify'>('notify');
    const half = two.fill({ pay: cardPayment });
    // @ts-expect-error `notify` is still open
    run(half, { id: 'o', total: 1 });
    const full = half.fill({ notify: flow<Receipt>().step((as, r) => `${r.paid}`) });
    expectTypeOf(run(full, { id: 'o', total: 1 })).toEqualTypeOf<Execution<string>>();
  });
});

describe('typed errors', () => {
  const OutOfStock = defineError('OutOfStock', z.object({ sku: z.string(), missing: z.number() }));

  it('defineError gives an error type with a literal code and the schema data', () => {
    expectTypeOf(OutOfStock).toEqualTypeOf<ErrorType<'OutOfStock', { sku: string; missing: number }>>();
    expectTypeOf(OutOfStock.code).toEqualTypeOf<'OutOfStock'>();
  });

  it('catch(ErrType, ...) types e.data', () => {
    const f = flow<Order>()
      .step((as, o) => o.total)
      .catch(OutOfStock, (as, e) => {
        expectTypeOf(e).toEqualTypeOf<FlowFailure<{ sku: string; missing: number }>>();
        expectTypeOf(e.data.sku).toEqualTypeOf<string>();
        return e.data.missing > 0 ? e.data.sku : undefined;
      });
    expectTypeOf(f).toEqualTypeOf<Flow<Order, number | string>>();
  });

  it('e.data has only the schema fields', () => {
    flow<Order>().catch(OutOfStock, (as, e) => {
      // @ts-expect-error OutOfStock data has no `reason`
      void e.data.reason;
    });
  });

  it('catch by code gives untyped data', () => {
    flow<Order>().catch('OutOfStock', (as, e) => {
      expectTypeOf(e.data).toEqualTypeOf<unknown>();
    });
    flow<Order>().catch([Errors.Timeout, Errors.DefenseRejected], (as, e) => {
      expectTypeOf(e.code).toEqualTypeOf<string>();
    });
  });

  it('as.error(ErrType, data) checks the data', () => {
    flow<Order>().step((as, o) => {
      if (o.total < 0) as.error(OutOfStock, { sku: o.id, missing: 1 });
      // @ts-expect-error `missing` must be a number
      as.error(OutOfStock, { sku: o.id, missing: 'one' });
      // @ts-expect-error `sku` is required
      as.error(OutOfStock, { missing: 1 });
      as.error('PaymentFailed', 'card declined');
      expectTypeOf(as.error).returns.toEqualTypeOf<never>();
    });
  });

  it('as.error(ErrType, data) refuses a literal outside the schema’s union, and keeps the literal it accepts', () => {
    const Declined = defineError('Declined', z.object({ reason: z.enum(['card', 'fraud']), retry: z.literal(false).optional() }));
    flow<Order>().step((as) => {
      if (Math.random() > 2) as.error(Declined, { reason: 'card' });
      if (Math.random() > 2) as.error(Declined, { reason: 'fraud', retry: false });
      // @ts-expect-error 'stolen' is not one of 'card' | 'fraud'
      as.error(Declined, { reason: 'stolen' });
      // @ts-expect-error retry can only be false
      as.error(Declined, { reason: 'card', retry: true });
    });
  });

  it('as.error(ErrType, data) takes the schema’s input type; handlers read its output type', () => {
    const Slow = defineError('Slow', z.object({ ms: z.string().transform((s) => Number(s)) }));
    expectTypeOf<inferErrorInput<typeof Slow>>().toEqualTypeOf<{ ms: string }>();
    expectTypeOf<inferErrorData<typeof Slow>>().toEqualTypeOf<{ ms: number }>();
    flow<Order>()
      .step((as) => {
        if (Math.random() > 2) as.error(Slow, { ms: '120' });
        // @ts-expect-error the schema takes a string and gives a number
        as.error(Slow, { ms: 120 });
      })
      .catch(Slow, (as, e) => {
        expectTypeOf(e.data.ms).toEqualTypeOf<number>();
      });
  });

  it('is(err) narrows to the typed error', () => {
    const err: unknown = new FlowError('OutOfStock');
    if (OutOfStock.is(err)) expectTypeOf(err.data).toEqualTypeOf<{ sku: string; missing: number }>();
  });

  it('FlowError and Errors', () => {
    const e = new FlowError('X', 'info', { cause: new Error('c'), data: { a: 1 } });
    expectTypeOf(e.code).toEqualTypeOf<string>();
    expectTypeOf(e.steps).toEqualTypeOf<readonly string[]>();
    expectTypeOf(Errors.Timeout).toEqualTypeOf<'Timeout'>();
    expectTypeOf(Errors.AllFailed).toEqualTypeOf<'AllFailed'>();
    expectTypeOf(Errors.Cancelled).toEqualTypeOf<'Cancelled'>();
    // @ts-expect-error Errors is read-only
    Errors.Timeout = 'x';
  });
});
