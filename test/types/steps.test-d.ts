// Type-level tests: steps, output threading, `as.success`, catch/finally and wrappers.
import { describe, expectTypeOf, it } from 'vitest';
import { flow, type Flow, type FlowError, type FlowFailure, type FlowStepApi, type Outcome } from '../../index.js';

interface Order {
  readonly id: string;
  readonly total: number;
}
interface Receipt {
  readonly orderId: string;
  readonly paid: number;
}
interface Review {
  readonly reason: unknown;
}

declare function validate(o: Order): Order;
declare function reserve(o: Order): Promise<{ order: Order; slot: number }>;
declare function chargeCallback(amount: number, cb: (err: Error | null, r?: Receipt) => void): void;
declare function manualReview(info: unknown): Review;

describe('flow()', () => {
  it('starts as the identity flow of its input', () => {
    expectTypeOf(flow<Order>()).toEqualTypeOf<Flow<Order, Order>>();
    expectTypeOf(flow<Order>('checkout')).toEqualTypeOf<Flow<Order, Order>>();
  });

  it('has no then method (never mistaken for a promise)', () => {
    expectTypeOf(flow<Order>()).not.toHaveProperty('then');
    // @ts-expect-error a Flow is not awaitable-by-shape: it has no then
    void flow<Order>().then;
  });
});

describe('.step() output inference', () => {
  it('infers the output from the return value', () => {
    expectTypeOf(flow<Order>().step((as, o) => validate(o))).toEqualTypeOf<Flow<Order, Order>>();
    expectTypeOf(flow<Order>().step((as, o) => o.total)).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(flow<Order>().step('id', (as, o) => o.id)).toEqualTypeOf<Flow<Order, string>>();
  });

  it('unwraps a returned promise (Promise<T> -> T)', () => {
    expectTypeOf(flow<Order>().step(async (as, o) => reserve(o))).toEqualTypeOf<Flow<Order, { order: Order; slot: number }>>();
    expectTypeOf(flow<Order>().step('reserve', (as, o) => reserve(o))).toEqualTypeOf<Flow<Order, { order: Order; slot: number }>>();
    expectTypeOf(flow<Order>().step(async (as, o) => o.total * 2)).toEqualTypeOf<Flow<Order, number>>();
  });

  it('gives each step the previous output as its input', () => {
    flow<Order>()
      .step((as, o) => {
        expectTypeOf(o).toEqualTypeOf<Order>();
        return o.total;
      })
      .step(async (as, n) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        return String(n);
      })
      .step((as, s) => {
        expectTypeOf(s).toEqualTypeOf<string>();
        return [s] as const;
      })
      .step((as, t) => {
        expectTypeOf(t).toEqualTypeOf<readonly [string]>();
      });
  });

  it('rejects using the input as a type it is not', () => {
    // @ts-expect-error the input of the second step is a number, not an Order
    flow<Order>().step((as, o) => o.total).step((as, n) => n.id);
  });

  it('a handler returning nothing has output void', () => {
    expectTypeOf(flow<Order>().step((as, o) => {})).toEqualTypeOf<Flow<Order, void>>();
    expectTypeOf(
      flow<Order>().step('log', (as, o) => {
        console.log(o);
      }),
    ).toEqualTypeOf<Flow<Order, void>>();
    expectTypeOf(flow<Order>().step(async (as, o) => {})).toEqualTypeOf<Flow<Order, void>>();
  });

  it('a handler that returns its own `as` waits for as.success: void, or the declared output', () => {
    expectTypeOf(flow<Order>().step((as) => as.waitExternal())).toEqualTypeOf<Flow<Order, void>>();
    expectTypeOf(flow<Order>().step(async (as) => as.setTimeout(1_000))).toEqualTypeOf<Flow<Order, void>>();
    expectTypeOf(flow<Order>().step<Receipt>((as) => as.setTimeout(1_000))).toEqualTypeOf<Flow<Order, Receipt>>();
  });

  it('a declared step gets `as` typed by its output', () => {
    flow<Order>().step<Receipt>((as) => {
      expectTypeOf(as).toEqualTypeOf<FlowStepApi<Receipt>>();
      as.setTimeout(1_000);
    });
  });
});

describe('explicit .step<R>() and as.success', () => {
  it('declares the output type', () => {
    const f = flow<Order>().step<Receipt>('charge', (as, o) => {
      chargeCallback(o.total, (err, r) => (err || !r ? as.error('PaymentFailed', err?.message) : as.success(r)));
      as.setCancel(() => {});
      as.setTimeout(5_000);
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Order, Receipt>>();
  });

  it('as.success accepts only the declared output type', () => {
    flow<Order>().step<Receipt>((as, o) => {
      as.waitExternal();
      as.success({ orderId: o.id, paid: o.total });
      // @ts-expect-error a string is not a Receipt
      as.success('done');
      // @ts-expect-error a Receipt is missing `paid`
      as.success({ orderId: o.id });
      // @ts-expect-error the output must be given
      as.success();
    });
  });

  it('as.success of a void step takes no value', () => {
    flow<Order>().step<void>((as) => {
      as.success();
      as.success(undefined);
      // @ts-expect-error a void step cannot succeed with a value
      as.success(1);
    });
  });

  it('a returned value must match the declared type', () => {
    // @ts-expect-error the handler returns a number where a Receipt is declared
    flow<Order>().step<Receipt>((as, o) => o.total);
    // @ts-expect-error the promise resolves to a string where a Receipt is declared
    flow<Order>().step<Receipt>(async (as, o) => o.id);
  });

  it('dynamic sub-steps succeed with a value or none, which the step passes on (FTN12 as.add)', () => {
    flow<Order>().step<number>((as, o) => {
      as.add((as) => {
        as.success(o.total);
      });
      as.repeat(2, (as, i) => as.success(i));
      as.parallel().add((as) => as.success());
    });
  });

  it('an undeclared (inferred) step cannot succeed with a value through as.success', () => {
    flow<Order>().step((as, o) => {
      // @ts-expect-error declare the type (`.step<R>`) to call as.success with a value
      as.success(o.total);
      return o.total;
    });
  });
});

describe('.catch()', () => {
  it('widens the output to Out | R', () => {
    const f = flow<Order>()
      .step<Receipt>('charge', (as) => void as.waitExternal())
      .catch('PaymentFailed', (as, err) => manualReview(err.info));
    expectTypeOf(f).toEqualTypeOf<Flow<Order, Receipt | Review>>();
  });

  it('catch-all, code lists and async recovery widen too', () => {
    expectTypeOf(flow<Order>().step((as, o) => o.total).catch((as, err) => err.code)).toEqualTypeOf<Flow<Order, number | string>>();
    expectTypeOf(flow<Order>().step((as, o) => o.total).catch(['A', 'B'], async () => null)).toEqualTypeOf<Flow<Order, number | null>>();
  });

  it('a catch that recovers with the same type keeps Out', () => {
    expectTypeOf(flow<Order>().step((as, o) => o.total).catch(() => 0)).toEqualTypeOf<Flow<Order, number>>();
  });

  it('a catch that only rethrows (or returns nothing) keeps Out', () => {
    expectTypeOf(
      flow<Order>()
        .step((as, o) => o.total)
        .catch((as, err) => {
          throw err;
        }),
    ).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(flow<Order>().step((as, o) => o.total).catch('Timeout', (as, err) => as.error('Replaced', err.info))).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(flow<Order>().step((as, o) => o.total).catch((as, err) => void console.log(err.code))).toEqualTypeOf<Flow<Order, number>>();
  });

  it('the error handler receives a FlowError-shaped error', () => {
    flow<Order>().catch((as, err) => {
      expectTypeOf(err.code).toEqualTypeOf<string>();
      expectTypeOf(err.info).toEqualTypeOf<unknown>();
      expectTypeOf(err.steps).toEqualTypeOf<readonly string[]>();
      expectTypeOf(err).toExtend<Error>();
    });
    // a FlowError instance is what arrives at run time
    expectTypeOf<FlowError>().toExtend<{ readonly code: string; readonly info: unknown }>();
  });

  it('recovery through as.success is typed by the recovered type', () => {
    const f = flow<Order>()
      .step((as, o) => o.total)
      .catch<string>((as) => {
        as.success('recovered');
        // @ts-expect-error the declared recovered type is string
        as.success(1);
      });
    expectTypeOf(f).toEqualTypeOf<Flow<Order, number | string>>();
  });
});

describe('.step(name, handler, onError)', () => {
  it('widens with what onError recovers', () => {
    expectTypeOf(flow<Order>().step('total', (as, o) => o.total, (as, err) => err.code)).toEqualTypeOf<Flow<Order, number | string>>();
    expectTypeOf(flow<Order>().step('total', (as, o) => o.total, async () => null)).toEqualTypeOf<Flow<Order, number | null>>();
  });

  it("onError of a declared step recovers through as.success with the step's output type", () => {
    const f = flow<Order>().step<Receipt>(
      'charge',
      (as) => {
        as.setTimeout(5);
      },
      (as, err) => {
        expectTypeOf(err).toEqualTypeOf<FlowFailure>();
        as.success({ orderId: 'offline', paid: 0 });
      },
    );
    expectTypeOf(f).toEqualTypeOf<Flow<Order, Receipt>>();
    flow<Order>().step<Receipt>(
      'charge',
      (as) => {
        as.setTimeout(5);
      },
      (as) => {
        // @ts-expect-error the recovered value must be a Receipt
        as.success('offline');
      },
    );
    // @ts-expect-error onError of a Receipt step cannot recover with a number
    flow<Order>().step<Receipt>('charge', (as) => as.setTimeout(5), () => 1);
  });

  it('onError of an undeclared step declares its recovered type by typing its as, like .catch<R>()', () => {
    const f = flow<Order>().step(
      'total',
      (as, o) => o.total,
      (as: FlowStepApi<'unknown'>) => {
        as.success('unknown');
      },
    );
    expectTypeOf(f).toEqualTypeOf<Flow<Order, number | 'unknown'>>();
    flow<Order>().step(
      'total',
      (as, o) => o.total,
      (as) => {
        // @ts-expect-error undeclared: recover by returning the value, or type `as`
        as.success(0);
      },
    );
  });

  it('keeps the output when onError does not recover', () => {
    expectTypeOf(
      flow<Order>().step(
        'total',
        (as, o) => o.total,
        (as, err) => {
          throw err;
        },
      ),
    ).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(flow<Order>().step('total', (as, o) => o.total, () => {})).toEqualTypeOf<Flow<Order, number>>();
  });
});

describe('.finally(), .timeout(), .retry()', () => {
  it('pass the output through', () => {
    const base = flow<Order>().step((as, o) => o.total);
    expectTypeOf(base.finally(() => {})).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(base.finally(async () => 'ignored')).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(base.timeout(1_000)).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(base.retry({ attempts: 4, backoff: { initialMs: 200, jitter: 'equal' }, retryOn: ['CommError'] })).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(base.retry({ retryOn: (err) => err.code !== 'Timeout' })).toEqualTypeOf<Flow<Order, number>>();
  });

  it('finally sees a typed outcome', () => {
    flow<Order>()
      .step((as, o) => o.total)
      .finally((as, outcome) => {
        expectTypeOf(outcome).toEqualTypeOf<Outcome<number>>();
        if (outcome.status === 'success') expectTypeOf(outcome.value).toEqualTypeOf<number>();
        if (outcome.status === 'error') expectTypeOf(outcome.error.code).toEqualTypeOf<string>();
      });
  });

  it('rejects bad wrapper arguments', () => {
    // @ts-expect-error timeout takes milliseconds as a number
    flow<Order>().timeout('5s');
    // @ts-expect-error jitter is 'full' | 'equal' | 'none'
    flow<Order>().retry({ backoff: { jitter: 'some' } });
    // @ts-expect-error attempts is a number
    flow<Order>().retry({ attempts: '3' });
  });
});

describe('immutability', () => {
  it('the receiver keeps its type after extension', () => {
    const base = flow<Order>().step((as, o) => o.total);
    const a = base.step((as, n) => String(n));
    const b = base.step((as, n) => n > 0);
    expectTypeOf(base).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(a).toEqualTypeOf<Flow<Order, string>>();
    expectTypeOf(b).toEqualTypeOf<Flow<Order, boolean>>();
  });
});

describe('.step(subFlow)', () => {
  const toTotal = flow<Order>('toTotal').step((as, o) => o.total);
  const describeNumber = flow<number>().step((as, n) => `${n}`);

  it('embeds a flow: its output becomes the output', () => {
    expectTypeOf(flow<Order>().step(toTotal)).toEqualTypeOf<Flow<Order, number>>();
    expectTypeOf(flow<Order>().step('total', toTotal).step(describeNumber)).toEqualTypeOf<Flow<Order, string>>();
  });

  it('accepts a flow whose input is wider than the current output', () => {
    const anyNumberish = flow<number | string>().step((as, v) => typeof v);
    expectTypeOf(flow<Order>().step(toTotal).step(anyNumberish)).toEqualTypeOf<Flow<Order, 'string' | 'number' | 'bigint' | 'boolean' | 'symbol' | 'undefined' | 'object' | 'function'>>();
  });

  it('rejects a flow whose input does not accept the current output', () => {
    // @ts-expect-error describeNumber takes a number, the current output is an Order
    flow<Order>().step(describeNumber);
    // @ts-expect-error same, with a name
    flow<Order>().step('describe', describeNumber);
    // @ts-expect-error a flow of `number | string` outputs is not an input for a flow of number
    flow<number | string>().step(describeNumber);
  });
});

describe('the DESIGN checkout example', () => {
  it('threads Order -> Order -> reserved -> Receipt -> Receipt | Review', () => {
    const checkout = flow<Order>('checkout')
      .step('validate', (as, o) => validate(o))
      .step('reserve', async (as, o) => {
        expectTypeOf(as.signal).toEqualTypeOf<AbortSignal>();
        return reserve(o);
      })
      .step<Receipt>('charge', (as, r) => {
        chargeCallback(r.order.total, (err, rec) => (err || !rec ? as.error('PaymentFailed', err?.message) : as.success(rec)));
        as.setCancel(() => {});
        as.setTimeout(5_000);
      })
      .catch('PaymentFailed', (as, err) => manualReview(err.info))
      .finally((as, outcome) => {
        expectTypeOf(outcome).toEqualTypeOf<Outcome<Receipt | Review>>();
      });
    expectTypeOf(checkout).toEqualTypeOf<Flow<Order, Receipt | Review>>();
  });
});
