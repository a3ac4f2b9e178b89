// Type-level tests: outputs that an expected type must not change, forEach values of interface-typed objects,
// and context variables whose value is a function.
import { describe, expectTypeOf, it } from 'vitest';
import { contextVar, flow, slotType, type Flow } from '../../index.js';

interface Order {
  readonly id: string;
}
interface Receipt {
  readonly receipt: string;
}

describe('an expected type does not declare a step output', () => {
  it('a step that returns nothing stays void under an annotated variable, a return type and a fill', () => {
    // @ts-expect-error the handler returns nothing: the flow's output is void, not Receipt
    const annotated: Flow<Order, Receipt> = flow<Order>().step((as, o) => void o);
    void annotated;
    function make(): Flow<Order, Receipt> {
      // @ts-expect-error a declared return type does not make a forgotten return a callback-style step
      return flow<Order>().step(() => {});
    }
    void make;
    const tpl = flow<Order>().slot('pay', slotType<Order, Receipt>());
    // @ts-expect-error the fill's output is undefined, not the slot's Receipt
    void tpl.fill({ pay: flow<Order>().step(() => undefined) });
    // @ts-expect-error a map body that returns nothing gives void items
    const mapped: Flow<Order[], Receipt[]> = flow<Order[]>().map((os) => os, () => {});
    void mapped;
  });

  it('declared outputs still work where an expected type is present', () => {
    const declared: Flow<Order, Receipt> = flow<Order>().step<Receipt>((as) => as.success({ receipt: 'r' }));
    expectTypeOf(declared).toEqualTypeOf<Flow<Order, Receipt>>();
    const returned: Flow<Order, Receipt> = flow<Order>().step((as, o) => ({ receipt: o.id }));
    void returned;
  });
});

describe('forEach over objects typed by an interface or a class', () => {
  interface Config {
    a: number;
    b: string;
  }
  class Point {
    x = 1;
    y = 2;
  }
  it('gives the property values, not never', () => {
    flow<Config>().forEach(
      (c) => c,
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<number | string>();
        expectTypeOf(key).toEqualTypeOf<string>();
      },
    );
    flow<Point>().forEach(
      (p) => p,
      (as, value) => expectTypeOf(value).toEqualTypeOf<number>(),
    );
  });

  it('refuses what is neither an object nor a string', () => {
    // @ts-expect-error a number cannot be iterated
    flow<number>().forEach((n) => n, () => {});
  });
});

describe('a context variable whose value is a function', () => {
  const onLog = contextVar<(msg: string) => void>('onLog', () => {});
  const logger = (msg: string): void => void msg;
  it('is given by a function of the input, since a function value would be called', () => {
    // @ts-expect-error the function would be called with the input, not stored
    flow<number>().with(onLog, logger, () => {});
    flow<number>().with(onLog, () => logger, () => {});
  });
  it('other values are given directly or by a function', () => {
    const tenant = contextVar<string>('tenant');
    flow<{ t: string }>().with(tenant, 'acme', () => {});
    flow<{ t: string }>().with(tenant, (i) => i.t, () => {});
  });
});
