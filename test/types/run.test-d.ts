// Type-level tests: run(), Execution, flow(zodSchema) and as.run().
import { z } from 'zod';
import { describe, expectTypeOf, it } from 'vitest';
import { flow, run, type Execution, type ExecutionStatus, type Flow, type inferFlowInput, type inferFlowOutput, type SubFlowRun } from '../../index.js';

interface Order {
  readonly id: string;
  readonly total: number;
}
const toTotal = flow<Order>('toTotal').step((as, o) => o.total);
const order: Order = { id: 'o1', total: 3 };

describe('run()', () => {
  it('returns an Execution of the output type', () => {
    expectTypeOf(run(toTotal, order)).toEqualTypeOf<Execution<number>>();
    expectTypeOf(run(toTotal, order, { timeout: 30_000, signal: new AbortController().signal, state: { n: 1 } })).toEqualTypeOf<Execution<number>>();
  });

  it('awaits to the output type', async () => {
    const total = await run(toTotal, order);
    expectTypeOf(total).toEqualTypeOf<number>();
    const v = await run(flow<string>().step(async (as, s) => [s]), 'x');
    expectTypeOf(v).toEqualTypeOf<string[]>();
  });

  it('checks its input', () => {
    // @ts-expect-error the flow takes an Order
    run(toTotal, 42);
    // @ts-expect-error an Order needs `total`
    run(toTotal, { id: 'o1' });
    // @ts-expect-error the input is required
    run(toTotal);
  });

  it('checks its options', () => {
    // @ts-expect-error timeout is a number
    run(toTotal, order, { timeout: '30s' });
    // @ts-expect-error unknown option
    run(toTotal, order, { retries: 3 });
  });

  it('takes only flows', () => {
    // @ts-expect-error a plain function is not a flow
    run((x: Order) => x.total, order);
  });
});

describe('Execution', () => {
  it('has cancel, status and state, and is PromiseLike', () => {
    const exec = run(toTotal, order);
    expectTypeOf(exec.cancel).toEqualTypeOf<(reason?: unknown) => void>();
    expectTypeOf(exec.status).toEqualTypeOf<ExecutionStatus>();
    expectTypeOf<ExecutionStatus>().toEqualTypeOf<'running' | 'succeeded' | 'failed' | 'cancelled'>();
    expectTypeOf(exec.state).toEqualTypeOf<Record<string, any>>();
    expectTypeOf(exec).toExtend<PromiseLike<number>>();
    expectTypeOf(exec.catch(() => null)).toEqualTypeOf<Promise<number | null>>();
    expectTypeOf(exec.finally(() => {})).toEqualTypeOf<Promise<number>>();
  });

  it('status is read-only', () => {
    const exec = run(toTotal, order);
    // @ts-expect-error status is readonly
    exec.status = 'failed';
  });
});

describe('flow(zodSchema)', () => {
  const Req = z.object({ id: z.string(), qty: z.number().int() });

  it('infers the input from the schema', () => {
    const f = flow(Req, 'lookup');
    expectTypeOf(f).toEqualTypeOf<Flow<{ id: string; qty: number }, { id: string; qty: number }>>();
    expectTypeOf(flow(Req).step((as, req) => req.id)).toEqualTypeOf<Flow<{ id: string; qty: number }, string>>();
  });

  it('run checks input against the schema type', async () => {
    const f = flow(Req).step((as, req) => req.qty);
    expectTypeOf(await run(f, { id: 'a', qty: 1 })).toEqualTypeOf<number>();
    // @ts-expect-error qty must be a number
    run(f, { id: 'a', qty: '1' });
  });

  it('rejects what is not a schema', () => {
    // @ts-expect-error a number is neither a name nor a schema
    flow(42);
  });
});

describe('inferFlowInput / inferFlowOutput', () => {
  it('read a flow’s types', () => {
    expectTypeOf<inferFlowInput<typeof toTotal>>().toEqualTypeOf<Order>();
    expectTypeOf<inferFlowOutput<typeof toTotal>>().toEqualTypeOf<number>();
  });
});

describe('as.run(sub, v)', () => {
  const describeNumber = flow<number>().step((as, n) => `#${n}`);

  it('returns a promise-like of the sub-flow output, not the output itself', () => {
    flow<Order>().step((as, o) => {
      expectTypeOf(as.run(describeNumber, o.total)).toEqualTypeOf<SubFlowRun<string>>();
      expectTypeOf(as.run(describeNumber, o.total)).toExtend<PromiseLike<string>>();
      // @ts-expect-error the result is not a string until awaited
      as.run(describeNumber, o.total).toUpperCase();
    });
  });

  it('`await as.run(...)` gives the sub-flow output in an async handler', () => {
    const f = flow<Order>().step(async (as, o) => {
      const label = await as.run(describeNumber, o.total);
      expectTypeOf(label).toEqualTypeOf<string>();
      return label.length;
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Order, number>>();
  });

  it('arithmetic on an un-awaited as.run result is a type error', () => {
    const double = flow<number>().step((as, n) => n * 2);
    flow<number>().step((as, n) => {
      const r = as.run(double, n);
      // @ts-expect-error r is a SubFlowRun<number>, not a number
      return r * 2;
    });
  });

  it('a declared output accepts a returned as.run of that type', () => {
    const f = flow<Order>().step<string>('label', (as, o) => as.run(describeNumber, o.total));
    expectTypeOf(f).toEqualTypeOf<Flow<Order, string>>();
    // @ts-expect-error describeNumber gives a string, the step declares a number
    flow<Order>().step<number>('wrong', (as, o) => as.run(describeNumber, o.total));
  });

  it('a catch handler may recover with a sub-flow', () => {
    const f = flow<Order>()
      .step((as, o) => o.total)
      .catch((as, err) => as.run(describeNumber, err.code.length));
    expectTypeOf(f).toEqualTypeOf<Flow<Order, number | string>>();
  });

  it('`return as.run(...)` makes its output the step output', () => {
    const f = flow<Order>().step((as, o) => as.run(describeNumber, o.total));
    expectTypeOf(f).toEqualTypeOf<Flow<Order, string>>();
  });

  it('checks the sub-flow input', () => {
    flow<Order>().step((as, o) => {
      // @ts-expect-error describeNumber takes a number
      as.run(describeNumber, o.id);
    });
  });
});
