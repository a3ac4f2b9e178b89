// FTN12 §1.4 abort in parallel execution, §2.2.1 parallel(), §3.3, and
// FTN12.md #1, #2 and #9.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup } from './preamble.js';

describe('FTN12 §1.4 parallel: success paths', () => {
  it('runs every branch; results shared through state reach the next step (§3.3)', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.parallel()
        .add((as) => {
          as.state.result1 = 1;
        })
        .add((as) => {
          as.state.result2 = 2;
        });
    });
    root.add((as) => {
      log.push(`sum ${String(as.state.result1 + as.state.result2)}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['sum 3']);
  });

  it('starts branches in add() order and runs every first step before the next step (FTN12.md #9)', async () => {
    const { sched, root, log } = setup();
    const p = root.parallel();
    for (const n of [1, 2, 3]) {
      p.add((as) => {
        log.push(`start ${n}`);
        as.add((_as) => {
          log.push(`sub ${n}`);
        });
      });
    }
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3']);
    expect(log.indexOf('start 1')).toBeLessThan(log.indexOf('start 2'));
    expect(log.indexOf('start 2')).toBeLessThan(log.indexOf('start 3'));
    expect(log.at(-1)).toBe('after');
    expect(log).toHaveLength(7);
  });

  it('starts every branch even when the first branch waits externally', async () => {
    const { sched, root, log } = setup();
    root.parallel()
      .add((as) => {
        log.push('b1 waits');
        as.waitExternal();
      })
      .add((_as) => {
        log.push('b2 runs');
      });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['b1 waits', 'b2 runs']);
    root.cancel();
  });

  it('runs the next step only after every branch, completed in any order, has finished', async () => {
    const { sched, root, log, saved } = setup();
    root.parallel()
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      })
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      })
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(saved).toHaveLength(3);
    saved[2]!.success();
    await settle(sched);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual([]);
    saved[1]!.success();
    await settle(sched);
    expect(log).toEqual(['after']);
  });

  it('interleaves branches: a waiting branch does not block its siblings', async () => {
    const { sched, root, log, saved } = setup();
    root.parallel()
      .add((as) => {
        as.waitExternal();
        saved.push(as);
        log.push('A waits');
      })
      .add((as) => {
        as.add((_as) => {
          log.push('B step 1');
        });
        as.add((_as) => {
          log.push('B step 2 releases A');
          saved[0]!.success();
        });
      });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['A waits', 'B step 1', 'B step 2 releases A', 'after']);
  });

  it('runs the sub-steps of one branch sequentially', async () => {
    const { sched, root, log } = setup();
    root.parallel().add((as) => {
      as.add((as) => {
        as.add((_as) => {
          log.push('1.1');
        });
        as.add((_as) => {
          log.push('1.2');
        });
      });
      as.add((_as) => {
        log.push('2');
      });
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['1.1', '1.2', '2']);
  });

  it('gives the step after a parallel no arguments, whatever the branches returned (FTN12.md #2)', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.add((as) => {
      as.success('before');
    });
    root.parallel()
      .add((as) => {
        as.success('b1');
      })
      .add((as) => {
        as.add((as) => {
          as.success('b2');
        });
      });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([]);
  });

  it('completes an empty parallel at once', async () => {
    const { sched, root, log } = setup();
    root.parallel();
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['after']);
  });

  it('a parallel inside a step completes before the next sibling step', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.parallel()
        .add((_as) => {
          log.push('p1');
        })
        .add((_as) => {
          log.push('p2');
        });
      as.add((_as) => {
        log.push('after parallel');
      });
    });
    root.add((_as) => {
      log.push('root next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['p1', 'p2', 'after parallel', 'root next']);
  });

  it('parallel().add() returns the parallel object for chaining', () => {
    const { root } = setup();
    const p = root.parallel();
    expect(p.add((_as) => {})).toBe(p);
  });

  it('branches share the root state object', async () => {
    const { sched, root } = setup();
    const states: unknown[] = [];
    root.add((as) => {
      states.push(as.state);
      as.parallel()
        .add((as) => {
          states.push(as.state);
        })
        .add((as) => {
          states.push(as.state);
        });
    });
    root.execute();
    await settle(sched);
    expect(states).toHaveLength(3);
    expect(states[1]).toBe(states[0]);
    expect(states[2]).toBe(states[0]);
    expect(states[0]).toBe(root.state);
  });

  it("a branch's own error handler may recover; the parallel then succeeds (§3.3)", async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.parallel()
          .add((as) => {
            as.state.parallel_1 = 1;
          })
          .add(
            (as) => {
              as.error('Ignored');
            },
            (as, _err) => {
              as.state.parallel_2 = 0;
              as.success();
            },
          );
      },
      (_as, err) => {
        log.push('outer ' + err);
      },
    );
    root.add((as) => {
      log.push(`next ${String(as.state.parallel_1)} ${String(as.state.parallel_2)}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['next 1 0']);
  });
});

describe('FTN12 §1.4 parallel: errors (FTN12.md #1)', () => {
  it('a synchronous branch error cancels the started siblings and reaches the parallel onerror with error_info', async () => {
    const { sched, root, log } = setup();
    let startedC = false;
    root.parallel((as, err) => {
      log.push(`parallel onerror ${err} ${String(as.state.error_info)}`);
    })
      .add((as) => {
        log.push('A started');
        as.setCancel((_as) => {
          log.push('A cancelled');
        });
      })
      .add((as) => {
        as.error('Some Error', 'from B');
      })
      .add((as) => {
        startedC = true;
        as.setCancel((_as) => {
          log.push('C cancelled');
        });
      });
    root.add((_as) => {
      log.push('after (must not run)');
    });
    root.execute();
    await settle(sched);
    await sched.runAll();
    const expected = ['A started', 'A cancelled'];
    if (startedC) expected.push('C cancelled');
    expect(log.slice(0, -1).sort()).toEqual(expected.sort());
    expect(log.indexOf('A started')).toBe(0);
    expect(log.at(-1)).toBe('parallel onerror Some Error from B');
  });

  it('an asynchronous branch error cancels the running siblings, then the parallel onerror gets the code', async () => {
    const { sched, root, log, saved } = setup();
    root.add(
      (as) => {
        as.parallel((as, err) => {
          log.push(`parallel onerror ${err} ${String(as.state.error_info)}`);
        })
          .add((as) => {
            as.setCancel((_as) => {
              log.push('A cancelled');
            });
          })
          .add((as) => {
            as.waitExternal();
            saved.push(as);
          })
          .add((as) => {
            as.setCancel((_as) => {
              log.push('C cancelled');
            });
          });
      },
      (_as, err) => {
        log.push('outer ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual([]);
    try {
      saved[0]!.error('LateError', 'late info');
    } catch {
      // error() throws by design
    }
    await settle(sched);
    expect(log.slice(0, 2).sort()).toEqual(['A cancelled', 'C cancelled']);
    expect(log.slice(2)).toEqual(['parallel onerror LateError late info', 'outer LateError']);
  });

  it('without a parallel onerror, the branch error unwinds to the enclosing handler (no hang)', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.parallel()
          .add((as) => {
            as.waitExternal();
          })
          .add((as) => {
            as.error('BranchFail', 'info');
          });
        as.add((_as) => {
          log.push('after parallel (must not run)');
        });
      },
      (as, err) => {
        log.push(`outer ${err} ${String(as.state.error_info)}`);
        as.success();
      },
    );
    root.add((_as) => {
      log.push('root next');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['outer BranchFail info', 'root next']);
  });

  it('the parallel onerror may recover with success(args); the next step receives them (FTN12.md #2)', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.parallel((as, err) => {
      as.success('recovered', err);
    })
      .add((_as) => {})
      .add((as) => {
        as.error('Bad');
      });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual(['recovered', 'Bad']);
  });

  it('calls the parallel onerror once when two branches fail', async () => {
    const { sched, root, log, saved } = setup();
    root.parallel((_as, err) => {
      log.push('onerror ' + err);
    })
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      })
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      });
    root.execute();
    await settle(sched);
    try {
      saved[0]!.error('First');
    } catch {
      // expected
    }
    await settle(sched);
    try {
      saved[1]!.error('Second');
    } catch {
      // the second branch was cancelled; its interface may throw
    }
    await settle(sched);
    expect(log).toEqual(['onerror First']);
  });

  it('an Error thrown in a branch is not swallowed', async () => {
    const { sched, root, log } = setup();
    const boom = new Error('BranchBoom');
    root.parallel((as, err) => {
      log.push('onerror ' + err);
      log.push(String(as.state.last_exception === boom));
    })
      .add((_as) => {})
      .add((as) => {
        as.add((_as) => {
          throw boom;
        });
      });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['onerror BranchBoom', 'true']);
  });

  it("a branch handler that returns silently still fails the parallel", async () => {
    const { sched, root, log } = setup();
    root.parallel((_as, err) => {
      log.push('parallel ' + err);
    }).add(
      (as) => {
        as.error('Inner');
      },
      (_as, err) => {
        log.push('branch ' + err);
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['branch Inner', 'parallel Inner']);
  });

  it('does not cancel branches that already completed', async () => {
    const { sched, root, log, saved } = setup();
    root.parallel((_as, err) => {
      log.push('onerror ' + err);
    })
      .add((as) => {
        as.setCancel((_as) => {
          log.push('A cancel (must not run)');
        });
        saved.push(as);
      })
      .add((as) => {
        as.setCancel((_as) => {
          log.push('B cancelled');
        });
        saved.push(as);
      })
      .add((as) => {
        as.waitExternal();
        saved.push(as);
      });
    root.execute();
    await settle(sched);
    saved[0]!.success();
    await settle(sched);
    try {
      saved[2]!.error('Late');
    } catch {
      // expected
    }
    await settle(sched);
    expect(log).toEqual(['B cancelled', 'onerror Late']);
  });
});

describe('FTN12 parallel: cancel and timeout', () => {
  it('root cancel() runs the cancel handlers of every waiting branch and nothing after', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setCancel((_as) => {
          log.push('outer cancel');
        });
        as.parallel()
          .add((as) => {
            as.setCancel((_as) => {
              log.push('b1 cancel');
            });
          })
          .add((as) => {
            as.add((as) => {
              as.setCancel((_as) => {
                log.push('b2 cancel');
              });
            });
          });
      },
      (_as, err) => {
        log.push('onerror ' + err);
      },
    );
    root.add((_as) => {
      log.push('next (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    expect(log.slice(0, 2).sort()).toEqual(['b1 cancel', 'b2 cancel']);
    expect(log.slice(2)).toEqual(['outer cancel']);
    await settle(sched);
    expect(log).toHaveLength(3);
  });

  it('a timeout on the enclosing step cancels all branches and raises Timeout', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.setTimeout(200);
        as.parallel()
          .add((as) => {
            as.setCancel((_as) => {
              log.push('b1 cancel');
            });
          })
          .add((as) => {
            as.setTimeout(1000);
            as.setCancel((_as) => {
              log.push('b2 cancel');
            });
          });
      },
      (_as, err) => {
        log.push(`onerror ${err}`);
      },
    );
    root.execute();
    await sched.advance(199);
    await settle(sched);
    expect(log).toEqual([]);
    await sched.advance(1);
    await settle(sched);
    expect(log.slice(0, 2).sort()).toEqual(['b1 cancel', 'b2 cancel']);
    expect(log.slice(2)).toEqual(['onerror Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('a branch timeout fails the parallel and cancels its siblings', async () => {
    const { sched, root, log } = setup();
    root.parallel((_as, err) => {
      log.push(`onerror ${err}@${sched.now() - t0}`);
    })
      .add((as) => {
        as.setCancel((_as) => {
          log.push('b1 cancel');
        });
      })
      .add((as) => {
        as.setTimeout(75);
      });
    const t0 = sched.now();
    root.execute();
    await sched.runAll();
    await settle(sched);
    expect(log).toEqual(['b1 cancel', 'onerror Timeout@75']);
    expect(sched.pending()).toBe(0);
  });
});
