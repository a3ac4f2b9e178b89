// Type-level tests: parallel, allSettled, race, any, map and choose.
import { describe, expectTypeOf, it } from 'vitest';
import { flow, type Flow, type FlowFailure, type FlowStepApi, type Settled } from '../../index.js';

interface User {
  readonly name: string;
}
interface Order {
  readonly sku: string;
}
declare function loadUser(id: string): Promise<User>;
declare function loadOrders(id: string): Order[];

const userFlow = flow<string>('user').step((as, id) => loadUser(id));
const ordersFlow = flow<string>('orders').step((as, id) => loadOrders(id));
const numberFlow = flow<number>().step((as, n) => n * 2);

describe('.parallel()', () => {
  it('a tuple of handlers gives a tuple of outputs', () => {
    const f = flow<string>().parallel([(as, id) => loadUser(id), (as, id) => loadOrders(id), () => 42]);
    expectTypeOf(f).toEqualTypeOf<Flow<string, [User, Order[], number]>>();
  });

  it('branches get the current value', () => {
    flow<string>().parallel([
      (as, id) => {
        expectTypeOf(id).toEqualTypeOf<string>();
      },
    ]);
    flow<string>().parallel({
      a: (as, id) => {
        expectTypeOf(id).toEqualTypeOf<string>();
      },
    });
  });

  it('a record of handlers and flows gives a record of outputs', () => {
    const f = flow<string>().parallel({ user: userFlow, orders: ordersFlow, count: async () => 1 });
    expectTypeOf(f).toEqualTypeOf<Flow<string, { user: User; orders: Order[]; count: number }>>();
  });

  it('flows and handlers mix in a tuple, with options', () => {
    const f = flow<string>().parallel([userFlow, (as, id) => id.length], { concurrency: 2 });
    expectTypeOf(f).toEqualTypeOf<Flow<string, [User, number]>>();
  });

  it('a branch returning nothing gives void', () => {
    expectTypeOf(flow<string>().parallel([() => {}, () => 1])).toEqualTypeOf<Flow<string, [void, number]>>();
  });

  it('rejects a flow branch that does not accept the current value', () => {
    // @ts-expect-error numberFlow takes a number, the branches get a string
    flow<string>().parallel([numberFlow]);
    // @ts-expect-error same in a record
    flow<string>().parallel({ n: numberFlow });
  });

  it('rejects bad options', () => {
    // @ts-expect-error concurrency is a number
    flow<string>().parallel([() => 1], { concurrency: 'all' });
  });
});

describe('callback-style branches', () => {
  it('a branch declares its output by typing its as; as.success then takes that type', () => {
    const f = flow<number>().parallel([
      (as: FlowStepApi<string>, n) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        setTimeout(() => as.success(String(n)), 1);
        as.waitExternal();
      },
      (as, n) => n,
    ]);
    expectTypeOf(f).toEqualTypeOf<Flow<number, [string, number]>>();
    const r = flow<number>().parallel({ label: (as: FlowStepApi<string>) => as.waitExternal() });
    expectTypeOf(r).toEqualTypeOf<Flow<number, { label: string }>>();
    expectTypeOf(flow<number>().allSettled([(as: FlowStepApi<string>) => as.setTimeout(10)])).toEqualTypeOf<Flow<number, [Settled<string>]>>();
  });

  it('or is a flow with a declared step', () => {
    const f = flow<number>().parallel([flow<number>().step<string>((as, n) => as.setCancel(() => {}))]);
    expectTypeOf(f).toEqualTypeOf<Flow<number, [string]>>();
  });

  it('an undeclared branch calls as.success() without a value: its output is void', () => {
    const f = flow<number>().parallel([
      (as) => {
        setTimeout(() => as.success(), 1);
        as.waitExternal();
      },
    ]);
    expectTypeOf(f).toEqualTypeOf<Flow<number, [void]>>();
    flow<number>().parallel([
      (as) => {
        // @ts-expect-error declare the output (`as: FlowStepApi<R>`) to succeed with a value
        setTimeout(() => as.success('five'), 1);
        as.waitExternal();
      },
    ]);
  });

  it('a declared branch that also returns a value has both in its output', () => {
    expectTypeOf(flow<number>().parallel([(as: FlowStepApi<string>, n) => n])).toEqualTypeOf<Flow<number, [string | number]>>();
  });
});

describe('.allSettled()', () => {
  type Settled<T> = { readonly status: 'fulfilled'; readonly value: T } | { readonly status: 'rejected'; readonly error: FlowFailure };

  it('gives per branch fulfilled/rejected outcomes (tuple)', () => {
    const f = flow<string>().allSettled([userFlow, (as, id) => id.length]);
    expectTypeOf(f).toEqualTypeOf<Flow<string, [Settled<User>, Settled<number>]>>();
  });

  it('gives per branch fulfilled/rejected outcomes (record)', () => {
    const f = flow<string>().allSettled({ user: userFlow, orders: async (as, id) => loadOrders(id) });
    expectTypeOf(f).toEqualTypeOf<Flow<string, { user: Settled<User>; orders: Settled<Order[]> }>>();
  });

  it('narrows on status', () => {
    flow<string>()
      .allSettled([userFlow])
      .step((as, [r]) => {
        if (r.status === 'fulfilled') expectTypeOf(r.value).toEqualTypeOf<User>();
        else expectTypeOf(r.error.code).toEqualTypeOf<string>();
        // @ts-expect-error value exists only on a fulfilled outcome
        void r.value;
      });
  });
});

describe('.race() and .any()', () => {
  it('race gives the union of the branch outputs', () => {
    expectTypeOf(flow<string>().race([userFlow, ordersFlow])).toEqualTypeOf<Flow<string, User | Order[]>>();
    expectTypeOf(flow<string>().race({ a: () => 1, b: async () => 'b' })).toEqualTypeOf<Flow<string, number | string>>();
  });

  it('any gives the union of the branch outputs', () => {
    expectTypeOf(flow<string>().any([userFlow, async () => null])).toEqualTypeOf<Flow<string, User | null>>();
    expectTypeOf(flow<string>().any({ primary: userFlow, replica: userFlow })).toEqualTypeOf<Flow<string, User>>();
  });

  it('race needs a branch: one of none would never settle', () => {
    // @ts-expect-error race() needs at least one branch
    flow<string>().race([]);
    // @ts-expect-error race() needs at least one branch
    flow<string>().race({});
  });

  it('a callback-style race branch declares its output by typing its as', () => {
    const f = flow<string>().race([(as: FlowStepApi<number>) => as.waitExternal(), async () => 'cached']);
    expectTypeOf(f).toEqualTypeOf<Flow<string, number | string>>();
  });

  it('rejects a branch flow of the wrong input', () => {
    // @ts-expect-error numberFlow takes a number
    flow<string>().race([userFlow, numberFlow]);
    // @ts-expect-error numberFlow takes a number
    flow<string>().any({ n: numberFlow });
  });
});

describe('.map()', () => {
  it('a sync body gives R[]', () => {
    const f = flow<string[]>().map((ids) => ids, (as, id) => id.length);
    expectTypeOf(f).toEqualTypeOf<Flow<string[], number[]>>();
  });

  it('an async body gives R[] (promises awaited)', () => {
    const f = flow<string[]>().map((ids) => ids, async (as, id) => loadUser(id), { concurrency: 4 });
    expectTypeOf(f).toEqualTypeOf<Flow<string[], User[]>>();
  });

  it('a Flow body gives its output[]', () => {
    expectTypeOf(flow<string[]>().map((ids) => ids, userFlow)).toEqualTypeOf<Flow<string[], User[]>>();
  });

  it('the body gets the item and its index', () => {
    flow<{ ids: ReadonlySet<string> }>().map(
      (input) => input.ids,
      (as, id, index) => {
        expectTypeOf(id).toEqualTypeOf<string>();
        expectTypeOf(index).toEqualTypeOf<number>();
      },
    );
  });

  it('selects from an AsyncIterable', () => {
    const f = flow<AsyncIterable<number>>().map((src) => src, (as, n) => n > 0);
    expectTypeOf(f).toEqualTypeOf<Flow<AsyncIterable<number>, boolean[]>>();
  });

  it('rejects a Flow body that does not take the item', () => {
    // @ts-expect-error numberFlow takes a number, the items are strings
    flow<string[]>().map((ids) => ids, numberFlow);
  });

  it('a callback-style body declares its output as .step<T>() does', () => {
    const declared = flow<number[]>().map<number, string>(
      (ns) => ns,
      (as, n) => {
        setTimeout(() => as.success(String(n)), 1);
        as.waitExternal();
      },
    );
    expectTypeOf(declared).toEqualTypeOf<Flow<number[], string[]>>();
    const typedAs = flow<number[]>().map(
      (ns) => ns,
      (as: FlowStepApi<string>, n) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        as.success(String(n));
        as.waitExternal();
      },
    );
    expectTypeOf(typedAs).toEqualTypeOf<Flow<number[], string[]>>();
  });

  it('an undeclared body calls as.success() without a value, like an undeclared step', () => {
    const f = flow<number[]>().map(
      (ns) => ns,
      (as) => {
        setTimeout(() => as.success(), 1);
        as.waitExternal();
      },
    );
    expectTypeOf(f).toEqualTypeOf<Flow<number[], void[]>>();
    flow<number[]>().map(
      (ns) => ns,
      (as, n) => {
        // @ts-expect-error declare the output (`.map<Item, R>` or `as: FlowStepApi<R>`) to succeed with a value
        as.success(n * 10);
        as.waitExternal();
      },
    );
  });

  it('a declared body must return its declared type', () => {
    // @ts-expect-error a string body cannot return a number
    flow<number[]>().map<number, string>((ns) => ns, (as, n) => n);
  });

  it('maps a string by its characters', () => {
    const f = flow<string>().map(
      (s) => s,
      (as, ch, i) => {
        expectTypeOf(ch).toEqualTypeOf<string>();
        expectTypeOf(i).toEqualTypeOf<number>();
        return ch.toUpperCase();
      },
    );
    expectTypeOf(f).toEqualTypeOf<Flow<string, string[]>>();
  });

  it('rejects a select that is not iterable', () => {
    // @ts-expect-error a number is not iterable
    flow<string[]>().map((ids) => ids.length, (as, x) => x);
  });
});

describe('.choose()', () => {
  type Kind = 'digital' | 'physical';
  interface Item {
    readonly kind: Kind;
    readonly id: string;
  }

  it('gives the union of the case outputs', () => {
    const f = flow<Item>().choose((i) => i.kind, { digital: (as, i) => `link:${i.id}`, physical: async () => 42 });
    expectTypeOf(f).toEqualTypeOf<Flow<Item, string | number>>();
  });

  it('adds the otherwise output', () => {
    const f = flow<Item>().choose((i) => i.kind, { digital: () => 'link' }, () => null);
    expectTypeOf(f).toEqualTypeOf<Flow<Item, string | null>>();
  });

  it('an inline (as, input) => … otherwise gets the current value and adds its output', () => {
    const f = flow<Item>().choose((i) => i.kind, { digital: () => 'link' }, (as, input) => {
      expectTypeOf(input).toEqualTypeOf<Item>();
      return input.id.length;
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Item, string | number>>();
    const g = flow<Item>().choose((i) => i.kind, { digital: () => 'link' }, async (as, input) => input.id.length > 1);
    expectTypeOf(g).toEqualTypeOf<Flow<Item, string | boolean>>();
  });

  it('a Flow as otherwise adds its output; a Flow of the wrong input is refused', () => {
    const f = flow<Item>().choose((i) => i.kind, { digital: () => 'link' }, flow<Item>().step(() => 1n));
    expectTypeOf(f).toEqualTypeOf<Flow<Item, string | bigint>>();
    // @ts-expect-error numberFlow takes a number, not an Item
    flow<Item>().choose((i) => i.kind, { digital: () => 'link' }, numberFlow);
  });

  it('takes Flows as cases', () => {
    const byId = flow<Item>().step((as, i) => i.id.length);
    expectTypeOf(flow<Item>().choose((i) => i.kind, { digital: byId, physical: () => true })).toEqualTypeOf<Flow<Item, number | boolean>>();
  });

  it('cases get the current value', () => {
    flow<Item>().choose((i) => i.kind, {
      digital: (as, i) => {
        expectTypeOf(i).toEqualTypeOf<Item>();
      },
    });
  });

  it('rejects a case flow of the wrong input', () => {
    // @ts-expect-error numberFlow takes a number
    flow<Item>().choose((i) => i.kind, { digital: numberFlow });
  });

  it('the selector returns a key', () => {
    // @ts-expect-error the selector must return a case key (a string), not a number
    flow<Item>().choose((i) => i.id.length, { digital: () => 1 });
  });
});
