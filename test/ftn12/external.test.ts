// FTN12 §1.3 waiting for external events, §1.6 implicit success, §1.6.1
// waitExternal(), setTimeout()/setCancel() (§2.2.2), root cancel() (§2.2.3) and
// FTN12.md #7 and #11.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup, type Ext } from './preamble.js';

describe('FTN12 §1.6 implicit success', () => {
  it('a step that returns without success() completes and the flow goes on', async () => {
    const { sched, root, log } = setup();
    root.add((_as) => {
      log.push('a');
    });
    root.add((_as) => {
      log.push('b');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['a', 'b']);
  });

  it('setTimeout() disables implicit success until an external success()', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.setTimeout(1000);
      saved.push(as);
    });
    root.add((_as) => {
      log.push('next');
    });
    root.execute();
    await settle(sched);
    await sched.advance(500);
    expect(log).toEqual([]);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['next']);
    expect(sched.pending()).toBe(0);
  });

  it('setCancel() disables implicit success', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.setCancel((_as) => {
        log.push('cancelled');
      });
      saved.push(as);
    });
    root.add((_as) => {
      log.push('next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([]);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['next']);
  });

  it('waitExternal() disables implicit success (§1.6.1)', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as, v: unknown) => {
      log.push('next ' + String(v));
    });
    root.execute();
    await settle(sched);
    await sched.runAll();
    expect(log).toEqual([]);
    saved[0]!.success('data');
    await settle(sched);
    expect(log).toEqual(['next data']);
    expect(sched.pending()).toBe(0);
  });

  it('an error handler that returns silently does not imply success (§1.6)', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.error('E');
      },
      (_as, _err) => {
        log.push('handler');
      },
    );
    root.add((_as) => {
      log.push('next (must not run)');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['handler']);
  });
});

describe('FTN12 §1.3 external waits and timeouts', () => {
  it('raises Timeout exactly when the time limit passes', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setTimeout(100);
      },
      (_as, err) => {
        log.push(`${err}@${sched.now() - t0}`);
      },
    );
    const t0 = sched.now();
    root.execute();
    await sched.advance(99);
    await settle(sched);
    expect(log).toEqual([]);
    await sched.advance(1);
    await settle(sched);
    expect(log).toEqual(['Timeout@100']);
    expect(sched.pending()).toBe(0);
  });

  it("calls the step's cancel handler once on timeout, before its error handler", async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('cancel');
        });
        as.setTimeout(30_000);
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.execute();
    await sched.runAll();
    await settle(sched);
    expect(log).toEqual(['cancel', 'onerror Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('a timeout can be recovered by the error handler', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setTimeout(50);
      },
      (as, err) => {
        as.success('default-' + err);
      },
    );
    root.add((_as, v: unknown) => {
      log.push(String(v));
    });
    root.execute();
    await sched.advance(50);
    await settle(sched);
    expect(log).toEqual(['default-Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('an external success() before the limit cancels the timer and skips the cancel handler', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('cancel');
        });
        as.setTimeout(100);
        saved.push(as);
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.add((_as, v: unknown) => {
      log.push('next ' + String(v));
    });
    root.execute();
    await sched.advance(60);
    saved[0]!.success('in time');
    await settle(sched);
    expect(sched.pending()).toBe(0);
    await sched.advance(1000);
    await settle(sched);
    expect(log).toEqual(['next in time']);
  });

  it('an external error() throws to the caller and reaches the error handler with its info', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.waitExternal();
        saved.push(as);
      },
      (as, err) => {
        log.push(`onerror ${err} ${String(as.state.error_info)}`);
      },
    );
    root.execute();
    await settle(sched);
    let thrown: unknown;
    try {
      saved[0]!.error('ReadError', 'socket closed');
    } catch (e) {
      thrown = e;
    }
    await settle(sched);
    expect(thrown).toBeInstanceOf(Error);
    expect(log).toEqual(['onerror ReadError socket closed']);
  });

  it('an external errorNoThrow() does not throw and reaches the error handler', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.setTimeout(100);
        saved.push(as);
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(() => saved[0]!.errorNoThrow('Failed')).not.toThrow();
    await settle(sched);
    expect(log).toEqual(['onerror Failed']);
    expect(sched.pending()).toBe(0);
  });

  it("a timeout on a step covers its sub-steps and cancels the waiting sub-step", async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setTimeout(100);
        as.add((as) => {
          as.setCancel((_as) => {
            log.push('sub cancel');
          });
        });
        as.add((_as) => {
          log.push('second sub (skipped)');
        });
      },
      (_as, err) => {
        log.push('outer ' + err);
      },
    );
    root.execute();
    await sched.advance(99);
    await settle(sched);
    expect(log).toEqual([]);
    await sched.advance(1);
    await settle(sched);
    expect(log).toEqual(['sub cancel', 'outer Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('a timeout on a step whose sub-steps finish in time never fires', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.setTimeout(100);
        as.add((as) => {
          as.waitExternal();
          saved.push(as);
        });
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.add((_as) => {
      log.push('next');
    });
    root.execute();
    await sched.advance(90);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['next']);
    expect(sched.pending()).toBe(0);
    await sched.advance(500);
    expect(log).toEqual(['next']);
  });

  it('success() on the interface of a timed-out step throws and changes nothing (FTN12.md #5)', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.setTimeout(10);
        saved.push(as);
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.add((_as) => {
      log.push('next (must not run)');
    });
    root.execute();
    await sched.advance(10);
    await settle(sched);
    expect(() => saved[0]!.success()).toThrow(Error);
    await settle(sched);
    expect(log).toEqual(['onerror Timeout']);
  });
});

describe('FTN12 cancel handlers on unwinding', () => {
  it("runs an enclosing step's cancel handler when an error unwinds through it, before its error handler", async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('outer cancel');
        });
        as.add((as) => {
          log.push('sub fails');
          as.error('SubError');
        });
      },
      (_as, err) => {
        log.push('outer onerror ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['sub fails', 'outer cancel', 'outer onerror SubError']);
  });

  it('does not call cancel handlers when the steps complete normally', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.setCancel((_as) => {
        log.push('outer cancel');
      });
      as.add((as) => {
        as.setCancel((_as) => {
          log.push('inner cancel');
        });
        saved.push(as);
      });
    });
    root.add((_as) => {
      log.push('done');
    });
    root.execute();
    await settle(sched);
    saved[0]!.success();
    await settle(sched);
    root.cancel();
    expect(log).toEqual(['done']);
  });
});

describe('FTN12 root cancel() (§2.2.3, FTN12.md #7)', () => {
  type Root = ReturnType<typeof $as>;

  /** Three nested levels, each with a cancel handler; the innermost waits. */
  function addNested(root: Root, log: string[], saved: Ext[], withTail = false): void {
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('cancel L0');
        });
        as.add((as) => {
          as.setCancel((_as) => {
            log.push('cancel L1');
          });
          as.add((as) => {
            as.setCancel((_as) => {
              log.push('cancel L2');
            });
            saved.push(as);
          });
        });
        if (withTail) {
          as.add((_as) => {
            log.push('L1 next (must not run)');
          });
        }
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
  }

  it('runs every cancel handler, innermost first, before cancel() returns', async () => {
    const { sched, root, log, saved } = setup();
    addNested(root, log, saved);
    root.execute();
    await settle(sched);
    expect(log).toEqual([]);
    root.cancel();
    expect(log).toEqual(['cancel L2', 'cancel L1', 'cancel L0']);
  });

  it('runs no later step and no error handler after cancel()', async () => {
    const { sched, root, log, saved } = setup();
    addNested(root, log, saved, true);
    root.add((_as) => {
      log.push('L0 next (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    await settle(sched);
    await sched.runAll();
    expect(log).toEqual(['cancel L2', 'cancel L1', 'cancel L0']);
  });

  it('clears pending timeouts so no Timeout fires later', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setTimeout(100);
        as.add((as) => {
          as.setTimeout(50);
        });
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.execute();
    await settle(sched);
    root.cancel();
    expect(sched.pending()).toBe(0);
    await sched.runAll();
    await settle(sched);
    expect(log).toEqual([]);
  });

  it('a throwing cancel handler does not stop the others', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.setCancel((_as) => {
        log.push('cancel outer');
      });
      as.add((as) => {
        as.setCancel((_as) => {
          log.push('cancel middle throws');
          throw new Error('cleanup failed');
        });
        as.add((as) => {
          as.setCancel((_as) => {
            log.push('cancel inner');
          });
        });
      });
    });
    root.execute();
    await settle(sched);
    try {
      root.cancel();
    } catch {
      // whether cancel() reports the failure is not specified
    }
    expect(log).toEqual(['cancel inner', 'cancel middle throws', 'cancel outer']);
    await settle(sched);
  });

  it('success() on the interface of a cancelled step throws and runs nothing', async () => {
    const { sched, root, log, saved } = setup();
    root.add((as) => {
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as) => {
      log.push('next (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    expect(() => saved[0]!.success()).toThrow(Error);
    await settle(sched);
    expect(log).toEqual([]);
  });

  it('a cancel handler runs exactly once even if cancel() follows a timeout', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('cancel');
        });
        as.setTimeout(10);
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.execute();
    await sched.advance(10);
    await settle(sched);
    root.cancel();
    root.cancel();
    expect(log).toEqual(['cancel', 'onerror Timeout']);
  });

  it('cancels a step that is waiting between steps of a sequence', async () => {
    const { sched, root, log, saved } = setup();
    root.add((_as) => {
      log.push('one');
    });
    root.add((as) => {
      log.push('two');
      as.setCancel((_as) => {
        log.push('two cancelled');
      });
      saved.push(as);
    });
    root.add((_as) => {
      log.push('three (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    await settle(sched);
    expect(log).toEqual(['one', 'two', 'two cancelled']);
  });
});

describe('FTN12 setTimeout/setCancel in an error handler (FTN12.md #11)', () => {
  it('setTimeout() in an error handler never fires', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.add(
          (as) => {
            as.error('First');
          },
          (as, err) => {
            log.push('inner ' + err);
            try {
              as.setTimeout(100);
            } catch {
              // raising InternalError is allowed too
            }
          },
        );
      },
      (as, err) => {
        log.push('outer ' + err);
        as.success();
      },
    );
    root.add((as) => {
      log.push('next');
      as.waitExternal();
    });
    root.execute();
    await settle(sched);
    await sched.advance(1000);
    await settle(sched);
    expect(log.filter((l) => l.includes('Timeout'))).toEqual([]);
    expect(log[0]).toBe('inner First');
    expect(sched.pending()).toBe(0);
    root.cancel();
  });

  it('a cancel handler set in an error handler is never called', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.error('First');
      },
      (as, _err) => {
        try {
          as.setCancel((_as) => {
            log.push('handler cancel (must not run)');
          });
        } catch {
          // raising InternalError is allowed too
        }
        as.success();
      },
    );
    root.add((as) => {
      log.push('waiting');
      as.waitExternal();
    });
    root.execute();
    await settle(sched);
    root.cancel();
    await settle(sched);
    expect(log.filter((l) => l.startsWith('handler cancel'))).toEqual([]);
    expect(sched.pending()).toBe(0);
  });
});

describe('FTN12.md #17: every resume after an outside success() / error() goes through the run’s scheduler', () => {
  /** A scheduler whose turns run only when the test says so. */
  function manualScheduler() {
    const turns: Array<() => void> = [];
    return {
      turns,
      now: () => 0,
      setTimer: () => ({}),
      clearTimer: () => {},
      yieldTurn: (fn: () => void) => {
        turns.push(fn);
      },
      flush() {
        while (turns.length > 0) turns.shift()!();
      },
    };
  }
  const realTurns = async () => {
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
  };

  it('after an outside success() the next step waits for the scheduler, not for a microtask', async () => {
    const sched = manualScheduler();
    const log: string[] = [];
    let saved: Ext | undefined;
    $as(undefined, sched)
      .add((as) => {
        saved = as;
        as.waitExternal();
      })
      .add(() => {
        log.push('next');
      })
      .execute();
    saved!.success();
    await realTurns();
    expect(log).toEqual([]);
    expect(sched.turns.length).toBe(1);
    sched.flush();
    expect(log).toEqual(['next']);
  });

  it('after an outside error() the handler runs when the scheduler says so', async () => {
    const sched = manualScheduler();
    const log: string[] = [];
    let saved: Ext | undefined;
    $as(undefined, sched)
      .add(
        (as) => {
          saved = as;
          as.waitExternal();
        },
        (_as, code) => {
          log.push(code);
        },
      )
      .execute();
    expect(() => saved!.error('Outside')).toThrow();
    await realTurns();
    expect(log).toEqual([]);
    sched.flush();
    expect(log).toEqual(['Outside']);
  });

  it('a scheduler that holds its turns back never holds up runs on another scheduler', async () => {
    const held = manualScheduler();
    const log: string[] = [];
    let saved: Ext | undefined;
    $as(undefined, held)
      .add((as) => {
        saved = as;
        as.waitExternal();
      })
      .add(() => {
        log.push('held run goes on');
      })
      .execute();
    saved!.success();
    const other = await $as()
      .add((as) => {
        as.await(Promise.resolve(3));
      })
      .add((as, n: number) => as.success(n + 1))
      .promise();
    expect(other).toBe(4);
    expect(log).toEqual([]);
    held.flush();
    expect(log).toEqual(['held run goes on']);
  });

  it('a scheduler with resume() gets the resumes there', async () => {
    const resumes: Array<() => void> = [];
    const sched = { ...manualScheduler(), resume: (fn: () => void) => resumes.push(fn) };
    const log: string[] = [];
    let saved: Ext | undefined;
    $as(undefined, sched)
      .add((as) => {
        saved = as;
        as.waitExternal();
      })
      .add(() => {
        log.push('next');
      })
      .execute();
    saved!.success();
    await realTurns();
    expect(log).toEqual([]);
    expect(resumes).toHaveLength(1);
    resumes.shift()!();
    expect(log).toEqual(['next']);
  });
});
