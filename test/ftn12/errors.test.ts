// FTN12 §1.2 error handling, §1.2.1 steps in error handlers, §1.7 error_info /
// last_exception, §2.2.2 error()/errorNoThrow(), FTN12.md #6 and #13.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup } from './preamble.js';

describe('FTN12 §1.2 error handling', () => {
  it('produces the exact output of the spec example', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        log.push('Level 0 func');
        as.add(
          (as) => {
            log.push('Level 1 func');
            as.error('myerror');
          },
          (as, error) => {
            log.push('Level 1 onerror: ' + error);
            as.error('newerror');
          },
        );
      },
      (as, error) => {
        log.push('Level 0 onerror: ' + error);
        as.success('Prm');
      },
    );
    root.add((as, param: unknown) => {
      log.push('Level 0 func2: ' + String(param));
      as.success();
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([
      'Level 0 func',
      'Level 1 func',
      'Level 1 onerror: myerror',
      'Level 0 onerror: newerror',
      'Level 0 func2: Prm',
    ]);
  });

  it('delivers the code to the handler and the info as state.error_info', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.error('MyCode', 'some details');
      },
      (as, err) => {
        seen.push(err, as.state.error_info);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['MyCode', 'some details']);
  });

  it('sets error_info to undefined when error() gets no info (§1.7)', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.error('First', 'info1');
      },
      (as, _err) => {
        as.success();
      },
    );
    root.add(
      (as) => {
        as.error('Second');
      },
      (as, err) => {
        seen.push(err, as.state.error_info);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['Second', undefined]);
  });

  it('error() throws an Error immediately; code after it does not run', async () => {
    const { sched, root, log } = setup();
    let thrown: unknown;
    root.add(
      (as) => {
        try {
          as.error('Stop');
        } catch (e) {
          thrown = e;
          throw e;
        }
        log.push('after error()');
      },
      (_as, err) => {
        log.push('handler ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(thrown).toBeInstanceOf(Error);
    expect(log).toEqual(['handler Stop']);
  });

  it('records the raised error as state.last_exception (§1.7)', async () => {
    const { sched, root } = setup();
    let last: unknown;
    root.add(
      (as) => {
        as.error('Recorded');
      },
      (as, _err) => {
        last = as.state.last_exception;
      },
    );
    root.execute();
    await settle(sched);
    expect(last).toBeInstanceOf(Error);
  });

  it('recovers with success(args): the next step receives the args', async () => {
    const { sched, root, log } = setup();
    let got: unknown[] = [];
    root.add(
      (as) => {
        as.error('Oops');
      },
      (as, _err) => {
        as.success('fallback', 2);
      },
    );
    root.add((_as, ...args: unknown[]) => {
      log.push('next');
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['next']);
    expect(got).toEqual(['fallback', 2]);
  });

  it("after recovery, execution continues with the failed step's next sibling, then the outer level", async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.add(
        (as) => {
          as.add((as) => {
            log.push('L2 fails');
            as.error('E');
          });
          as.add((_as) => {
            log.push('L2 second (skipped)');
          });
        },
        (as, err) => {
          log.push('L1 handler ' + err);
          as.success();
        },
      );
      as.add((_as) => {
        log.push('L1 second');
      });
    });
    root.add((_as) => {
      log.push('L0 second');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['L2 fails', 'L1 handler E', 'L1 second', 'L0 second']);
  });

  it('a handler may replace the error code and error_info', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('Original', 'orig info');
          },
          (as, _err) => {
            as.error('Replaced', 'new info');
          },
        );
      },
      (as, err) => {
        seen.push(err, as.state.error_info);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['Replaced', 'new info']);
  });

  it('a silent return from a handler continues unwinding with the same code', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.add(
              (as) => {
                as.error('Deep', 'deep info');
              },
              (_as, err) => {
                log.push('L2 ' + err);
              },
            );
            as.add((_as) => {
              log.push('L2 sibling (skipped)');
            });
          },
          (_as, err) => {
            log.push('L1 ' + err);
          },
        );
        as.add((_as) => {
          log.push('L1 sibling (skipped)');
        });
      },
      (as, err) => {
        log.push('L0 ' + err + ' ' + String(as.state.error_info));
        as.success();
      },
    );
    root.add((_as) => {
      log.push('L0 next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['L2 Deep', 'L1 Deep', 'L0 Deep deep info', 'L0 next']);
  });

  it('an unhandled error aborts the remaining steps of the root', async () => {
    const { sched, root, log } = setup();
    root.add((_as) => {
      log.push('one');
    });
    root.add((as) => {
      log.push('two');
      as.error('Fatal');
    });
    root.add((_as) => {
      log.push('three');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['one', 'two']);
  });

  it("a step's handler only covers that step and its sub-steps, not later siblings", async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.add(
        (_as) => {
          log.push('A ok');
        },
        (_as, err) => {
          log.push('A handler ' + err);
        },
      );
      as.add((as) => {
        as.error('InB');
      });
    }, (as, err) => {
      log.push('outer ' + err);
      as.success();
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['A ok', 'outer InB']);
  });

  it('calls each handler at most once per error', async () => {
    const { sched, root } = setup();
    const calls: string[] = [];
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('X');
          },
          (_as, err) => {
            calls.push('inner ' + err);
          },
        );
      },
      (_as, err) => {
        calls.push('outer ' + err);
      },
    );
    root.execute();
    await settle(sched);
    await sched.runAll();
    expect(calls).toEqual(['inner X', 'outer X']);
  });

  it('a handler that succeeds without arguments gives the next step no arguments', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.add(
      (as) => {
        as.success('lost');
      },
    );
    root.add(
      (as) => {
        as.error('E');
      },
      (as, _err) => {
        as.success();
      },
    );
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([]);
  });
});

describe('FTN12 errorNoThrow (§2.2.2, FTN12.md #13)', () => {
  it('does not throw; the step body goes on, then the error is handled', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.errorNoThrow('Soft', 'soft info');
        log.push('still running');
      },
      (as, err) => {
        log.push('handler ' + err + ' ' + String(as.state.error_info));
      },
    );
    root.add((_as) => {
      log.push('next (skipped)');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['still running', 'handler Soft soft info']);
  });

  it('in an error handler replaces the code like error()', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('First');
          },
          (as, _err) => {
            as.errorNoThrow('Second', 'i2');
            log.push('inner handler returned');
          },
        );
      },
      (as, err) => {
        log.push('outer ' + err + ' ' + String(as.state.error_info));
        as.success();
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['inner handler returned', 'outer Second i2']);
  });
});

describe('FTN12 foreign exceptions (FTN12.md #6)', () => {
  it('a thrown Error is handled with code = its message and last_exception = the object', async () => {
    const { sched, root } = setup();
    const boom = new Error('Boom');
    const seen: unknown[] = [];
    root.add(
      (_as) => {
        throw boom;
      },
      (as, err) => {
        seen.push(err, as.state.last_exception);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen[0]).toBe('Boom');
    expect(seen[1]).toBe(boom);
  });

  it('a thrown Error resets error_info to undefined', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.error('Earlier', 'stale info');
      },
      (as, _err) => {
        as.success();
      },
    );
    root.add(
      (_as) => {
        throw new TypeError('bad type');
      },
      (as, err) => {
        seen.push(err, as.state.error_info);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['bad type', undefined]);
  });

  it('a thrown string gives code InternalError', async () => {
    const { sched, root } = setup();
    const seen: string[] = [];
    root.add(
      (_as) => {
        throw 'just a string';
      },
      (_as, err) => {
        seen.push(err);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['InternalError']);
  });

  it('a thrown number or plain object gives code InternalError', async () => {
    const { sched, root } = setup();
    const seen: string[] = [];
    root.add(
      (as) => {
        as.add(
          (_as) => {
            throw 42;
          },
          (as, err) => {
            seen.push(err);
            as.success();
          },
        );
        as.add(
          (_as) => {
            throw { code: 'NotAnError' };
          },
          (as, err) => {
            seen.push(err);
            as.success();
          },
        );
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['InternalError', 'InternalError']);
  });

  it('an Error thrown from an error handler replaces the code', async () => {
    const { sched, root } = setup();
    const thrown = new Error('FromHandler');
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('Original', 'x');
          },
          (_as, _err) => {
            throw thrown;
          },
        );
      },
      (as, err) => {
        seen.push(err, as.state.last_exception);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['FromHandler', thrown]);
  });

  it('an Error thrown in a sub-step reaches the ancestor handler and can be recovered', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.add((as) => {
          as.add((_as) => {
            throw new RangeError('OutOfRange');
          });
        });
      },
      (as, err) => {
        log.push('caught ' + err);
        as.success('ok');
      },
    );
    root.add((_as, v: unknown) => {
      log.push('next ' + String(v));
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['caught OutOfRange', 'next ok']);
  });
});

describe('FTN12 §1.2.1 steps in error handlers', () => {
  it('produces the exact output of the spec example; Level 1 onerror runs once', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        log.push('Level 0 func');
        as.add(
          (as) => {
            log.push('Level 1 func');
            as.error('first');
          },
          (as, error) => {
            log.push('Level 1 onerror: ' + error);
            as.add(
              (as) => {
                log.push('Level 2 func');
                as.error('second');
              },
              (_as, error) => {
                log.push('Level 2 onerror: ' + error);
              },
            );
          },
        );
      },
      (_as, error) => {
        log.push('Level 0 onerror: ' + error);
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual([
      'Level 0 func',
      'Level 1 func',
      'Level 1 onerror: first',
      'Level 2 func',
      'Level 2 onerror: second',
      'Level 0 onerror: second',
    ]);
  });

  it('steps added by a handler replace the failed step; their result reaches the next step', async () => {
    const { sched, root, log } = setup();
    let got: unknown[] = [];
    root.add(
      (as) => {
        as.error('Primary');
      },
      (as, err) => {
        log.push('handler ' + err);
        as.add((as) => {
          log.push('alt 1');
          as.success('partial');
        });
        as.add((as, v: unknown) => {
          log.push('alt 2 ' + String(v));
          as.success('alternative');
        });
      },
    );
    root.add((_as, ...args: unknown[]) => {
      log.push('next');
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['handler Primary', 'alt 1', 'alt 2 partial', 'next']);
    expect(got).toEqual(['alternative']);
  });

  it('steps added by a handler may wait externally before the flow continues', async () => {
    const { sched, root, log } = setup();
    const saved: { success(...a: unknown[]): void }[] = [];
    root.add(
      (as) => {
        as.error('NeedsRetry');
      },
      (as, _err) => {
        as.add((as) => {
          as.waitExternal();
          saved.push(as);
        });
      },
    );
    root.add((_as, v: unknown) => {
      log.push('next ' + String(v));
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([]);
    saved[0]!.success('retried');
    await settle(sched);
    expect(log).toEqual(['next retried']);
  });

  it('an error in a handler-added step that is recovered outside continues after the outer step', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('first');
          },
          (as, _err) => {
            as.add((as) => {
              as.error('second', 'from alt');
            });
          },
        );
        as.add((_as) => {
          log.push('L1 sibling (skipped)');
        });
      },
      (as, err) => {
        log.push('L0 ' + err + ' ' + String(as.state.error_info));
        as.success();
      },
    );
    root.add((_as) => {
      log.push('L0 next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['L0 second from alt', 'L0 next']);
  });
});
