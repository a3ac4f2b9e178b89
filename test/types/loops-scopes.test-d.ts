// Type-level tests: loops, critical sections, resources and context variables.
import { describe, expectTypeOf, it } from 'vitest';
import {
  CircuitBreaker,
  contextVar,
  continuationVar,
  flow,
  Limiter,
  Mutex,
  resource,
  Throttle,
  type ContextVar,
  type ContinuationVar,
  type Flow,
  type FlowStepApi,
  type NotSet,
} from '../../index.js';

interface Job {
  readonly id: string;
  readonly items: readonly number[];
  readonly byName: ReadonlyMap<string, boolean>;
  readonly scores: Record<string, number>;
}

describe('.loop()', () => {
  it('passes its input through', () => {
    expectTypeOf(flow<Job>().loop((as) => as.break())).toEqualTypeOf<Flow<Job, Job>>();
    expectTypeOf(flow<Job>().step((as, j) => j.id).loop(() => 1, { label: 'outer' })).toEqualTypeOf<Flow<Job, string>>();
  });

  it('the body gets (as, input)', () => {
    flow<Job>().loop((as, job) => {
      expectTypeOf(job).toEqualTypeOf<Job>();
      expectTypeOf(as.break).toEqualTypeOf<(label?: string) => never>();
      expectTypeOf(as.continue).toEqualTypeOf<(label?: string) => never>();
    });
  });

  it('takes a Flow of the input as body', () => {
    const body = flow<Job>().step((as, j) => j.items.length);
    expectTypeOf(flow<Job>().loop(body)).toEqualTypeOf<Flow<Job, Job>>();
    // @ts-expect-error the body flow must take the loop input (Job), not a number
    flow<Job>().loop(flow<number>());
  });

  it('rejects bad options', () => {
    // @ts-expect-error a label is a string
    flow<Job>().loop(() => {}, { label: 1 });
  });
});

describe('loop bodies that wait', () => {
  it('complete with as.success() (their output is ignored)', () => {
    flow<Job>().loop((as) => {
      setTimeout(() => as.success(), 1);
      as.waitExternal();
    });
    flow<Job>().repeat(3, (as) => {
      setTimeout(() => as.success(), 1);
      as.waitExternal();
    });
    flow<Job>().forEach(
      (j) => j.items,
      (as) => {
        setTimeout(() => as.success(), 1);
        as.waitExternal();
      },
    );
  });

  it('iterate a string by its characters', () => {
    flow<string>().forEach(
      (s) => s,
      (as, ch, i) => {
        expectTypeOf(ch).toEqualTypeOf<string>();
        expectTypeOf(i).toEqualTypeOf<number>();
      },
    );
  });
});

describe('.repeat()', () => {
  it('passes its input through', () => {
    expectTypeOf(flow<Job>().repeat(3, () => {})).toEqualTypeOf<Flow<Job, Job>>();
    expectTypeOf(flow<Job>().repeat((j) => j.items.length, async () => 'x', { label: 'r' })).toEqualTypeOf<Flow<Job, Job>>();
  });

  it('the body gets (as, i: number, input) and count fn gets the input', () => {
    flow<Job>().repeat(
      (job) => {
        expectTypeOf(job).toEqualTypeOf<Job>();
        return job.items.length;
      },
      (as, i, job) => {
        expectTypeOf(as).toEqualTypeOf<FlowStepApi<NotSet>>();
        expectTypeOf(i).toEqualTypeOf<number>();
        expectTypeOf(job).toEqualTypeOf<Job>();
      },
    );
  });

  it('takes a Flow body of the input', () => {
    expectTypeOf(flow<Job>().repeat(2, flow<Job>().step((as, j) => j.id))).toEqualTypeOf<Flow<Job, Job>>();
    // @ts-expect-error the body flow must take the loop input
    flow<Job>().repeat(2, flow<string>());
  });

  it('rejects a count that is not a number', () => {
    // @ts-expect-error count is a number or a function giving one
    flow<Job>().repeat('3', () => {});
    // @ts-expect-error the count function must return a number
    flow<Job>().repeat((j) => j.id, () => {});
  });
});

describe('.forEach()', () => {
  it('passes its input through', () => {
    expectTypeOf(flow<Job>().forEach((j) => j.items, () => {})).toEqualTypeOf<Flow<Job, Job>>();
  });

  it('arrays: value is the element, key the index', () => {
    flow<Job>().forEach(
      (j) => j.items,
      (as, value, key, input) => {
        expectTypeOf(value).toEqualTypeOf<number>();
        expectTypeOf(key).toEqualTypeOf<number>();
        expectTypeOf(input).toEqualTypeOf<Job>();
      },
    );
  });

  it('Maps: value and key types of the map', () => {
    flow<Job>().forEach(
      (j) => j.byName,
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<boolean>();
        expectTypeOf(key).toEqualTypeOf<string>();
      },
    );
    flow<Job>().forEach(
      () => new Map<number, Date>(),
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<Date>();
        expectTypeOf(key).toEqualTypeOf<number>();
      },
    );
  });

  it('plain records: value type, string key', () => {
    flow<Job>().forEach(
      (j) => j.scores,
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<number>();
        expectTypeOf(key).toEqualTypeOf<string>();
      },
    );
  });

  it('iterables and async iterables: item, numeric key', () => {
    flow<Job>().forEach(
      () => new Set(['a']),
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<string>();
        expectTypeOf(key).toEqualTypeOf<number>();
      },
    );
    flow<AsyncIterable<bigint>>().forEach(
      (src) => src,
      (as, value, key) => {
        expectTypeOf(value).toEqualTypeOf<bigint>();
        expectTypeOf(key).toEqualTypeOf<number>();
      },
    );
  });

  it('takes a Flow body of the input', () => {
    expectTypeOf(flow<Job>().forEach((j) => j.items, flow<Job>(), { label: 'each' })).toEqualTypeOf<Flow<Job, Job>>();
    // @ts-expect-error the body flow must take the loop input (Job)
    flow<Job>().forEach((j) => j.items, flow<number>());
  });

  it('rejects using a value as the wrong type', () => {
    // @ts-expect-error array values are numbers
    flow<Job>().forEach((j) => j.items, (as, value: string) => value);
  });
});

describe('.sync()', () => {
  it('the output is the body output', () => {
    expectTypeOf(flow<Job>().sync(new Mutex(), (as, j) => j.id)).toEqualTypeOf<Flow<Job, string>>();
    expectTypeOf(flow<Job>().sync(new Throttle(5), async () => 1)).toEqualTypeOf<Flow<Job, number>>();
    expectTypeOf(flow<Job>().sync(new Limiter({ concurrent: 2 }), flow<Job>().step(() => true))).toEqualTypeOf<Flow<Job, boolean>>();
    expectTypeOf(flow<Job>().sync(new CircuitBreaker({ failureThreshold: 3 }), () => {})).toEqualTypeOf<Flow<Job, void>>();
  });

  it('a callback-style body declares its output by typing its as', () => {
    const f = flow<Job>().sync(new Mutex(), (as: FlowStepApi<string>, j) => {
      setTimeout(() => as.success(j.id), 1);
      as.waitExternal();
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Job, string>>();
  });

  it('an undeclared body calls as.success() without a value', () => {
    const f = flow<Job>().sync(new Mutex(), (as) => {
      setTimeout(() => as.success(), 1);
      as.waitExternal();
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Job, void>>();
  });

  it('rejects what is not a sync primitive', () => {
    // @ts-expect-error an object without the FTN12 sync protocol
    flow<Job>().sync({}, () => 1);
  });
});

describe('resources', () => {
  interface Conn {
    query(sql: string): Promise<number>;
  }
  const db = resource('db', (job: Job) => ({ query: async () => job.items.length }) as Conn, () => {});

  it('using: the output is the body output; as.get gives the resource', () => {
    const f = flow<Job>().using(db, (as, job) => {
      expectTypeOf(as.get(db)).toEqualTypeOf<Conn>();
      return as.get(db).query(job.id);
    });
    expectTypeOf(f).toEqualTypeOf<Flow<Job, number>>();
  });

  it('rejects a resource whose acquire does not take the current value', () => {
    const byNumber = resource('n', (n: number) => n, () => {});
    // @ts-expect-error byNumber acquires from a number, the current value is a Job
    flow<Job>().using(byNumber, () => 1);
  });
});

describe('contextVar', () => {
  it('with a default, get() is T', () => {
    const tenant = contextVar<string>('tenant', 'public');
    expectTypeOf(tenant).toEqualTypeOf<ContextVar<string>>();
    expectTypeOf(tenant.get()).toEqualTypeOf<string>();
  });

  it('without a default, get() is T | undefined', () => {
    const user = contextVar<{ id: number }>('user');
    expectTypeOf(user.get()).toEqualTypeOf<{ id: number } | undefined>();
  });

  it('as.get reads it with the same type', () => {
    const tenant = contextVar('tenant', 'public');
    const user = contextVar<number>('user');
    flow<Job>().step((as) => {
      expectTypeOf(as.get(tenant)).toEqualTypeOf<string>();
      expectTypeOf(as.get(user)).toEqualTypeOf<number | undefined>();
    });
  });

  it('as.set on a contextVar is a type error', () => {
    const tenant = contextVar<string>('tenant', 'public');
    flow<Job>().step((as) => {
      // @ts-expect-error only .with() sets a contextVar
      as.set(tenant, 'acme');
    });
  });

  it('.with(v, value | fn, body): output is the body output', () => {
    const tenant = contextVar<string>('tenant', 'public');
    expectTypeOf(flow<Job>().with(tenant, 'acme', (as, j) => j.items.length)).toEqualTypeOf<Flow<Job, number>>();
    expectTypeOf(flow<Job>().with(tenant, (j) => j.id, flow<Job>().step(() => tenant.get()))).toEqualTypeOf<Flow<Job, string>>();
  });

  it('.with rejects a value of the wrong type', () => {
    const tenant = contextVar<string>('tenant', 'public');
    // @ts-expect-error the variable holds strings
    flow<Job>().with(tenant, 42, () => {});
    // @ts-expect-error the value function must give a string
    flow<Job>().with(tenant, (j) => j.items, () => {});
  });
});

describe('continuationVar', () => {
  it('infers T from the default; merge takes readonly T[]', () => {
    const cost = continuationVar('cost', { default: 0, merge: (vs) => vs.reduce((a, b) => a + b, 0) });
    expectTypeOf(cost).toEqualTypeOf<ContinuationVar<number>>();
    expectTypeOf(continuationVar<string>('last', { merge: 'last' })).toEqualTypeOf<ContinuationVar<string | undefined>>();
    // @ts-expect-error the merge function must return the variable type
    continuationVar<number>('bad', { merge: (vs) => vs.join(',') });
    // @ts-expect-error merge is 'first', 'last' or a function
    continuationVar<number>('bad', { merge: 'sum' });
  });

  it('without a default, as.get gives T | undefined (it is undefined until set)', () => {
    const trace = continuationVar<string>('trace');
    flow<Job>().step((as) => {
      expectTypeOf(as.get(trace)).toEqualTypeOf<string | undefined>();
      // @ts-expect-error the variable may not be set yet
      as.get(trace).toUpperCase();
    });
  });

  it('as.set typechecks with the value type and as.get returns T', () => {
    const cost = continuationVar<number>('cost', { default: 0 });
    flow<Job>()
      .step((as) => {
        as.set(cost, 2);
        // @ts-expect-error cost holds numbers
        as.set(cost, 'two');
      })
      .step((as) => {
        expectTypeOf(as.get(cost)).toEqualTypeOf<number>();
        return as.get(cost);
      });
  });
});
