// Misuse of the API: FTN12 §1 ("must not call success() or error() after adding
// sub-steps"), §2.1 ("any violation is reported as InternalError"), §2.2.3
// execute(), and FTN12.md #5.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup } from './preamble.js';

describe('FTN12 misuse inside a step raises InternalError (FTN12.md #5)', () => {
  it('success() after add() raises InternalError and the sub-step never runs', async () => {
    const { sched, root, log, codes } = setup();
    root.add(
      (as) => {
        as.add((_as) => {
          log.push('sub (must not run)');
        });
        as.success();
      },
      (_as, err) => {
        codes.push(err);
      },
    );
    root.add((_as) => {
      log.push('next (must not run)');
    });
    root.execute();
    await settle(sched);
    expect(codes).toEqual(['InternalError']);
    expect(log).toEqual([]);
  });

  it('success() after parallel() raises InternalError', async () => {
    const { sched, root, log, codes } = setup();
    root.add(
      (as) => {
        as.parallel().add((_as) => {
          log.push('branch (must not run)');
        });
        as.success();
      },
      (_as, err) => {
        codes.push(err);
      },
    );
    root.execute();
    await settle(sched);
    expect(codes).toEqual(['InternalError']);
    expect(log).toEqual([]);
  });

  it('error() after add() raises InternalError instead of the given code', async () => {
    const { sched, root, log, codes } = setup();
    root.add(
      (as) => {
        as.add((_as) => {
          log.push('sub (must not run)');
        });
        as.error('MyOwnCode');
      },
      (_as, err) => {
        codes.push(err);
      },
    );
    root.execute();
    await settle(sched);
    expect(codes).toEqual(['InternalError']);
    expect(log).toEqual([]);
  });

  it('a second success() in the same step raises InternalError', async () => {
    const { sched, root, log, codes } = setup();
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.success('one');
            as.success('two');
          },
          (_as, err) => {
            codes.push('own ' + err);
          },
        );
        as.add((_as, v: unknown) => {
          log.push(`next ${String(v)} (must not run)`);
        });
      },
      (_as, err) => {
        codes.push('outer ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.at(-1)).toBe('outer InternalError');
    expect(codes.every((c) => c.endsWith('InternalError'))).toBe(true);
    expect(log).toEqual([]);
  });

  it('a second external success() on a waiting step throws and does not run the next step twice', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.add((as) => {
      log.push('next');
      as.waitExternal();
    });
    root.execute();
    await settle(sched);
    saved[0]!.success();
    expect(() => saved[0]!.success()).toThrow(Error);
    await settle(sched);
    expect(log).toEqual(['next']);
    root.cancel();
  });
});

describe('FTN12 calls on a finished step interface (FTN12.md #5)', () => {
  it("success() on a completed step's interface throws and leaves the flow untouched", async () => {
    const { sched, root, log, codes, saved } = setup();
    root.add(
      (as) => {
        saved.push(as);
        as.success();
      },
      (_as, err) => {
        codes.push(err);
      },
    );
    root.add(
      (as) => {
        log.push('second waits');
        as.waitExternal();
        saved.push(as);
      },
      (_as, err) => {
        codes.push(err);
      },
    );
    root.add((_as, v: unknown) => {
      log.push(`third ${String(v)}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['second waits']);
    expect(() => saved[0]!.success('stale')).toThrow(Error);
    await settle(sched);
    expect(log).toEqual(['second waits']);
    saved[1]!.success('fresh');
    await settle(sched);
    expect(log).toEqual(['second waits', 'third fresh']);
    expect(codes).toEqual([]);
  });

  it("error() on a completed step's interface throws and calls no handler", async () => {
    const { sched, root, log, codes, saved } = setup();
    root.add(
      (as) => {
        saved.push(as);
      },
      (_as, err) => {
        codes.push('first ' + err);
      },
    );
    root.add(
      (as) => {
        as.waitExternal();
        saved.push(as);
      },
      (_as, err) => {
        codes.push('second ' + err);
      },
    );
    root.add((_as) => {
      log.push('third');
    });
    root.execute();
    await settle(sched);
    expect(() => saved[0]!.error('Stale')).toThrow(Error);
    await settle(sched);
    expect(codes).toEqual([]);
    saved[1]!.success();
    await settle(sched);
    expect(log).toEqual(['third']);
    expect(codes).toEqual([]);
  });

  it('success() on an interface after the root completed throws', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      saved.push(as);
    });
    root.add((_as) => {
      log.push('done');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['done']);
    expect(() => saved[0]!.success()).toThrow(Error);
    await settle(sched);
    expect(log).toEqual(['done']);
  });
});

describe('FTN12 root misuse (FTN12.md #5)', () => {
  it('add() on the root while it executes a step throws InternalError; the flow goes on', async () => {
    const { sched, root, log } = setup();
    let thrown: unknown;
    root.add((_as) => {
      try {
        root.add((_as) => {
          log.push('smuggled (must not run)');
        });
      } catch (e) {
        thrown = e;
      }
    });
    root.add((_as) => {
      log.push('second');
    });
    root.execute();
    await settle(sched);
    expect(thrown).toBeInstanceOf(Error);
    expect(String((thrown as Error).message)).toMatch(/InternalError/);
    expect(log).toEqual(['second']);
  });

  it('add() and friends on a root waiting for an external event throw InternalError', async () => {
    const { sched, root, saved } = setup();
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.execute();
    await settle(sched);
    const attempts: [string, () => unknown][] = [
      ['add', () => root.add((_as) => {})],
      ['parallel', () => root.parallel()],
      ['loop', () => root.loop((as) => as.break())],
      ['repeat', () => root.repeat(1, (_as) => {})],
      ['forEach', () => root.forEach([1], (_as) => {})],
      ['successStep', () => root.successStep(1)],
      ['await', () => root.await(Promise.resolve(1))],
    ];
    const failures: string[] = [];
    for (const [name, fn] of attempts) {
      try {
        fn();
        failures.push(`${name} did not throw`);
      } catch (e) {
        if (!/InternalError/.test(String((e as Error).message))) {
          failures.push(`${name} threw ${String(e)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    saved[0]!.success();
    await settle(sched);
  });

  it('execute() on a running root throws InternalError and does not disturb it', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      log.push('first');
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as) => {
      log.push('second');
    });
    root.execute();
    await settle(sched);
    expect(() => root.execute()).toThrow(/InternalError/);
    await settle(sched);
    expect(log).toEqual(['first']);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['first', 'second']);
  });

  it('a root can be reused after it completed', async () => {
    const { sched, root, log } = setup();
    root.add((_as) => {
      log.push('run 1');
    });
    root.execute();
    await settle(sched);
    root.add((_as) => {
      log.push('run 2');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['run 1', 'run 2']);
  });

  it('a root can be reused after it failed; the failed run leaves nothing behind', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      log.push('run 1');
      as.error('Failed');
    });
    root.add((_as) => {
      log.push('run 1 leftover (must not run)');
    });
    root.execute();
    await settle(sched);
    root.add((_as) => {
      log.push('run 2');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['run 1', 'run 2']);
  });

  it('a root can be reused after it was cancelled', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      log.push('run 1');
      as.setTimeout(1000);
    });
    root.add((_as) => {
      log.push('run 1 leftover (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    root.add((_as) => {
      log.push('run 2');
    });
    root.execute();
    await sched.runAll();
    await settle(sched);
    expect(log).toEqual(['run 1', 'run 2']);
    expect(sched.pending()).toBe(0);
  });
});
