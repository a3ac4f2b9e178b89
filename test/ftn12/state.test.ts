// FTN12 §2.2.1 state() and newInstance(), §1.7 state variables (async_stack),
// the standard error codes, and FTN12.md #12 and #15.
import { describe, it, expect } from 'vitest';
import { $as, AsyncSteps, Errors, createTestScheduler } from './target.js';
import { settle } from './preamble.js';

describe('FTN12 state (§2.2.1, FTN12.md #15)', () => {
  it('error_info and last_exception are there when the state is first read after the run', async () => {
    const root = $as();
    const info = { order: 7 };
    await expect(root.add((as) => as.error('Declined', info)).promise()).rejects.toThrow('Declined');
    expect(root.state.error_info).toBe(info);
    expect((root.state.last_exception as { code: string }).code).toBe('Declined');
  });

  it('a reused root keeps the latest error variables of its runs', async () => {
    const root = $as();
    await expect(root.add((as) => as.error('First', 1)).promise()).rejects.toThrow('First');
    const thrown = new Error('Second');
    await expect(
      root
        .add(() => {
          throw thrown;
        })
        .promise(),
    ).rejects.toThrow('Second');
    expect(root.state.error_info).toBeUndefined();
    expect(root.state.last_exception).toBe(thrown);
  });

  it('as.state is one object shared by the root, every step and every handler', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const seen: unknown[] = [];
    root.add(
      (as) => {
        seen.push(as.state);
        as.add((as) => {
          seen.push(as.state);
          as.error('E');
        });
      },
      (as, _err) => {
        seen.push(as.state);
        as.success();
      },
    );
    root.add((as) => {
      seen.push(as.state);
    });
    root.execute();
    await settle(sched);
    expect(seen).toHaveLength(4);
    for (const s of seen) expect(s).toBe(root.state);
  });

  it('as.state() is callable and returns the same object (FTN12.md #15)', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    expect(root.state()).toBe(root.state);
    let inStep: unknown;
    let called: unknown;
    root.add((as) => {
      inStep = as.state;
      called = as.state();
    });
    root.execute();
    await settle(sched);
    expect(called).toBe(inStep);
    expect(called).toBe(root.state);
  });

  it('name and length are ordinary keys of the state, and async_stack is still there', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    let stack: unknown;
    root.add((as) => {
      as.state.name = 'Ada';
      as.state.length = 3;
      stack = as.state.async_stack;
    });
    root.execute();
    await settle(sched);
    expect(root.state.name).toBe('Ada');
    expect(root.state.length).toBe(3);
    expect(Object.keys(root.state).sort()).toEqual(['length', 'name']);
    expect(stack).toHaveLength(1);
    expect(root.state()).toBe(root.state);
    expect($as().state.name).toBeUndefined();
  });

  it('values written through state() and through state are the same', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    let read: unknown;
    root.add((as) => {
      as.state().written = 'via call';
    });
    root.add((as) => {
      read = as.state.written;
    });
    root.execute();
    await settle(sched);
    expect(read).toBe('via call');
  });

  it('uses the state object given at construction', async () => {
    const sched = createTestScheduler();
    const initial: Record<string, unknown> = { input: 21 };
    const root = $as(initial, sched);
    root.add((as) => {
      as.state.output = (as.state.input as number) * 2;
    });
    root.execute();
    await settle(sched);
    expect(initial.output).toBe(42);
    expect(root.state.output).toBe(42);
  });

  it('new AsyncSteps() with no arguments is a usable root with a state', async () => {
    const root = new AsyncSteps();
    const log: string[] = [];
    root.add((as) => {
      as.state.x = 1;
      as.success('v');
    });
    root.add((as, v: unknown) => {
      log.push(`${String(v)} ${String(as.state.x)}`);
    });
    await root.promise();
    expect(log).toEqual(['v 1']);
    expect(root.state.x).toBe(1);
  });

  it('new AsyncSteps(state, scheduler) uses both', async () => {
    const sched = createTestScheduler();
    const st: Record<string, unknown> = {};
    const root = new AsyncSteps(st, sched);
    root.add(
      (as) => {
        as.setTimeout(40);
      },
      (as, err) => {
        as.state.code = err;
      },
    );
    root.execute();
    await sched.advance(40);
    await settle(sched);
    expect(st.code).toBe('Timeout');
    expect(sched.pending()).toBe(0);
  });

  it('each $as() root gets a fresh state', () => {
    const a = $as();
    const b = $as();
    a.state.only_a = true;
    expect(b.state).not.toBe(a.state);
    expect(b.state.only_a).toBeUndefined();
  });
});

describe('FTN12 §1.7 async_stack (FTN12.md #12)', () => {
  it('its last element is the step being run', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const lasts: unknown[] = [];
    const step = (as: { state: { async_stack?: unknown } }) => {
      const stack = as.state.async_stack as unknown[];
      lasts.push(stack.at(-1));
    };
    root.add(step);
    root.execute();
    await settle(sched);
    expect(lasts).toEqual([step]);
  });

  it('its last element is the nested sub-step being run', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const lasts: unknown[] = [];
    const inner = (as: { state: { async_stack?: unknown } }) => {
      lasts.push((as.state.async_stack as unknown[]).at(-1));
    };
    const outer = (as: { add(fn: typeof inner): unknown; state: { async_stack?: unknown } }) => {
      lasts.push((as.state.async_stack as unknown[]).at(-1));
      as.add(inner);
    };
    root.add(outer);
    root.execute();
    await settle(sched);
    expect(lasts).toEqual([outer, inner]);
  });

  it('its last element is the error handler being run', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    let last: unknown;
    let isArray = false;
    const handler = (as: { state: { async_stack?: unknown } }, _err: string) => {
      isArray = Array.isArray(as.state.async_stack);
      last = (as.state.async_stack as unknown[]).at(-1);
    };
    root.add((as) => {
      as.add((as) => {
        as.error('E');
      });
    }, handler);
    root.execute();
    await settle(sched);
    expect(isArray).toBe(true);
    expect(last).toBe(handler);
  });
});

describe('FTN12 standard errors', () => {
  const codes = [
    'ConnectError',
    'CommError',
    'UnknownInterface',
    'NotSupportedVersion',
    'NotImplemented',
    'Unauthorized',
    'InternalError',
    'InvokerError',
    'InvalidRequest',
    'DefenseRejected',
    'PleaseReauth',
    'SecurityError',
    'Timeout',
  ];

  it('Errors holds every standard code as its own name', () => {
    const table = Errors as unknown as Record<string, unknown>;
    for (const c of codes) expect(table[c]).toBe(c);
  });

  it('Errors is read-only', () => {
    const table = Errors as unknown as Record<string, unknown>;
    expect(() => {
      table.Timeout = 'Changed';
    }).toThrow(TypeError);
    expect(table.Timeout).toBe('Timeout');
    expect(() => {
      delete table.InternalError;
    }).toThrow(TypeError);
    expect(table.InternalError).toBe('InternalError');
  });

  it('Errors is frozen: no code can be added', () => {
    const table = Errors as unknown as Record<string, unknown>;
    expect(Object.isFrozen(Errors)).toBe(true);
    expect(() => {
      table.MyNewCode = 'MyNewCode';
    }).toThrow(TypeError);
    expect(table.MyNewCode).toBeUndefined();
  });

  it('Errors.Timeout is the code a timeout delivers', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    let code: unknown;
    root.add(
      (as) => {
        as.setTimeout(5);
      },
      (_as, err) => {
        code = err;
      },
    );
    root.execute();
    await sched.runAll();
    await settle(sched);
    expect(code).toBe(Errors.Timeout);
  });
});

describe('FTN12 §2.2.1 newInstance()', () => {
  it('creates an independent root with its own state', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const inst = root.newInstance();
    expect(inst).not.toBe(root);
    expect(inst.state).not.toBe(root.state);
    const log: string[] = [];
    inst.add((_as) => {
      log.push('instance step');
    });
    root.add((_as) => {
      log.push('root step');
    });
    inst.execute();
    await settle(sched);
    expect(log).toEqual(['instance step']);
    root.execute();
    await settle(sched);
    expect(log).toEqual(['instance step', 'root step']);
  });

  it('can be called inside a step; the new root runs on its own', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const log: string[] = [];
    root.add((as) => {
      const inst = as.newInstance();
      inst.add((_as) => {
        log.push('detached');
      });
      inst.execute();
      log.push('outer step');
    });
    root.add((_as) => {
      log.push('outer next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['detached', 'outer step', 'outer next']);
  });

  it('the new root shares the scheduler of its origin', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const inst = root.newInstance();
    let code: unknown;
    inst.add(
      (as) => {
        as.setTimeout(300);
      },
      (_as, err) => {
        code = err;
      },
    );
    inst.execute();
    expect(sched.pending()).toBe(1);
    await sched.advance(300);
    await settle(sched);
    expect(code).toBe('Timeout');
    expect(sched.pending()).toBe(0);
  });

  it('cancelling the new root does not affect its origin', async () => {
    const sched = createTestScheduler();
    const root = $as(undefined, sched);
    const inst = root.newInstance();
    const log: string[] = [];
    const ext: { success(...a: unknown[]): void }[] = [];
    root.add((as) => {
      as.waitExternal();
      ext.push(as);
    });
    root.add((_as) => {
      log.push('root next');
    });
    inst.add((as) => {
      as.setCancel((_as) => {
        log.push('inst cancelled');
      });
    });
    root.execute();
    inst.execute();
    await settle(sched);
    inst.cancel();
    ext[0]!.success();
    await settle(sched);
    expect(log).toEqual(['inst cancelled', 'root next']);
  });
});
