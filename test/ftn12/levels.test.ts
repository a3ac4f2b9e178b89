// FTN12 §1.1 levels and execution order, result arguments, successStep (§1.12),
// and the ordering guarantees of FTN12.md #2 and #9.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup, type Ext } from './preamble.js';

describe('FTN12 §1.1 levels', () => {
  it('runs the spec example in the exact documented sequence', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      log.push('Level 0 add #1');
      as.add((as) => {
        log.push('Level 1 add #1');
        as.add((_as) => {
          log.push('Level 2 add #1');
        });
        as.parallel().add((_as) => {
          log.push('Level 2 parallel #2');
        });
        as.add((_as) => {
          log.push('Level 2 add #3');
        });
      });
      as.parallel().add((_as) => {
        log.push('Level 1 parallel #2');
      });
      as.add((_as) => {
        log.push('Level 1 add #3');
      });
    });
    root.parallel().add((_as) => {
      log.push('Level 0 parallel #2');
    });
    root.add((_as) => {
      log.push('Level 0 add #3');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([
      'Level 0 add #1',
      'Level 1 add #1',
      'Level 2 add #1',
      'Level 2 parallel #2',
      'Level 2 add #3',
      'Level 1 parallel #2',
      'Level 1 add #3',
      'Level 0 parallel #2',
      'Level 0 add #3',
    ]);
    expect(sched.pending()).toBe(0);
  });

  it('runs the first step synchronously inside execute() (FTN12.md #9)', () => {
    const { root, log } = setup();
    root.add((_as) => {
      log.push('first');
    });
    root.add((_as) => {
      log.push('second');
    });
    expect(log).toEqual([]);
    root.execute();
    expect(log[0]).toBe('first');
  });

  it('does not run anything before execute()', async () => {
    const { sched, root, log } = setup();
    root.add((_as) => {
      log.push('a');
    });
    await settle(sched);
    expect(log).toEqual([]);
  });

  it('runs steps of one level sequentially in add() order', async () => {
    const { sched, root, log } = setup();
    for (const n of ['a', 'b', 'c', 'd']) {
      root.add((_as) => {
        log.push(n);
      });
    }
    root.execute();
    await settle(sched);
    expect(log).toEqual(['a', 'b', 'c', 'd']);
  });

  it('finishes all sub-steps before the next step of the same level', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      log.push('A');
      as.add((as) => {
        log.push('A.1');
        as.add((_as) => {
          log.push('A.1.1');
        });
      });
      as.add((_as) => {
        log.push('A.2');
      });
      log.push('A end');
    });
    root.add((_as) => {
      log.push('B');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['A', 'A end', 'A.1', 'A.1.1', 'A.2', 'B']);
  });

  it('does not continue a level while a nested sub-step waits externally', async () => {
    const { sched, root, log } = setup();
    const saved: Ext[] = [];
    root.add((as) => {
      as.add((as) => {
        log.push('inner wait');
        as.waitExternal();
        saved.push(as);
      });
      as.add((_as) => {
        log.push('inner next');
      });
    });
    root.add((_as) => {
      log.push('outer next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['inner wait']);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['inner wait', 'inner next', 'outer next']);
  });

  it('runs the next step on a later turn after an external success(), never inside it (FTN12.md #9)', async () => {
    const { sched, root, log } = setup();
    const saved: Ext[] = [];
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as) => {
      log.push('next');
    });
    root.execute();
    await settle(sched);
    saved[0]!.success();
    expect(log).toEqual([]);
    await settle(sched);
    expect(log).toEqual(['next']);
  });

  it('add() returns the same level object for chaining (§2.2.1)', () => {
    const { root } = setup();
    const fn = (_as: unknown) => {};
    expect(root.add(fn)).toBe(root);
    let inner: unknown;
    let innerRet: unknown;
    root.add((as) => {
      inner = as;
      innerRet = as.add(fn);
    });
    root.execute();
    expect(inner).toBeDefined();
    expect(innerRet).toBe(inner);
  });
});

describe('FTN12 success arguments', () => {
  it('passes success() arguments to the next step', async () => {
    const { sched, root } = setup();
    let got: unknown[] = [];
    root.add((as) => {
      as.success(1, 'two');
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([1, 'two']);
  });

  it('passes four result arguments unchanged', async () => {
    const { sched, root } = setup();
    const obj = { k: 1 };
    let got: unknown[] = [];
    root.add((as) => {
      as.success('a', 2, obj, null);
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual(['a', 2, obj, null]);
    expect(got[2]).toBe(obj);
  });

  it('delivers arguments only to the immediately following step', async () => {
    const { sched, root } = setup();
    const got: unknown[][] = [];
    root.add((as) => {
      as.success('x');
    });
    root.add((_as, ...args: unknown[]) => {
      got.push(args);
    });
    root.add((_as, ...args: unknown[]) => {
      got.push(args);
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([['x'], []]);
  });

  it('implicit success passes no arguments (FTN12.md #2)', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.add((_as) => {
      /* returns without success() */
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([]);
  });

  it("the last sub-step's result becomes the parent step's result (§3.2)", async () => {
    const { sched, root } = setup();
    let got: unknown[] = [];
    root.add((as) => {
      as.add((as) => {
        as.success(1);
      });
      as.add((as, res1: unknown) => {
        as.success(res1, 2);
      });
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([1, 2]);
  });

  it('passes arguments of an external success() to the next step', async () => {
    const { sched, root } = setup();
    const saved: Ext[] = [];
    let got: unknown[] | undefined;
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toBeUndefined();
    saved[0]!.success('late', 42);
    await settle(sched);
    expect(got).toEqual(['late', 42]);
  });
});

describe('FTN12 §1.12 successStep', () => {
  it('injects a result after the preceding sub-steps', async () => {
    const { sched, root, log } = setup();
    let got: unknown[] = [];
    root.add((as) => {
      as.add((_as) => {
        log.push('sub');
      });
      as.successStep(123);
    });
    root.add((_as, ...args: unknown[]) => {
      log.push('next');
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['sub', 'next']);
    expect(got).toEqual([123]);
  });

  it('works at root level between steps with several arguments', async () => {
    const { sched, root } = setup();
    let got: unknown[] = [];
    root.add((_as) => {});
    root.successStep('a', 'b');
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual(['a', 'b']);
  });

  it('runs after a sub-step that waited externally, not before', async () => {
    const { sched, root, log } = setup();
    const saved: Ext[] = [];
    let got: unknown[] | undefined;
    root.add((as) => {
      as.add((as) => {
        as.waitExternal();
        saved.push(as);
      });
      as.successStep('done');
    });
    root.add((_as, ...args: unknown[]) => {
      log.push('next');
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([]);
    saved[0]!.success('ignored');
    await settle(sched);
    expect(got).toEqual(['done']);
  });

  it('as the only action in a step completes the step with its arguments', async () => {
    const { sched, root } = setup();
    let got: unknown[] = [];
    root.add((as) => {
      as.successStep(7, 8);
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([7, 8]);
  });

  it('returns the level object for chaining', () => {
    const { root } = setup();
    expect(root.successStep(1)).toBe(root);
  });

  it('is not run when an earlier sub-step fails', async () => {
    const { sched, root, errors } = setup();
    let got: unknown[] | undefined;
    root.add(
      (as) => {
        as.add((as) => {
          as.error('Broken');
        });
        as.successStep('never');
      },
      (_as, err) => {
        errors.push(err);
      },
    );
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(errors).toEqual(['Broken']);
    expect(got).toBeUndefined();
  });
});
