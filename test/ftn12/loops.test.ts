// FTN12 §1.8 async loops, §1.8.1 termination, §2.2.4 loop API, and FTN12.md #2,
// #4 and #13.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup } from './preamble.js';

describe('FTN12 §1.8 loop()', () => {
  it('repeats the body until break()', async () => {
    const { sched, root, log } = setup();
    let i = 0;
    root.add((as) => {
      as.loop((as) => {
        i += 1;
        log.push(`iter ${i}`);
        if (i === 3) as.break();
      });
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['iter 1', 'iter 2', 'iter 3', 'after']);
  });

  it('runs the sub-steps of each iteration before the next iteration; break() from a sub-step ends it', async () => {
    const { sched, root, log } = setup();
    let i = 0;
    root.loop((as) => {
      i += 1;
      const n = i;
      log.push(`body ${n}`);
      as.add((as) => {
        log.push(`sub ${n}`);
        if (n === 2) as.break();
      });
      as.add((_as) => {
        log.push(`sub2 ${n}`);
      });
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['body 1', 'sub 1', 'sub2 1', 'body 2', 'sub 2', 'after']);
  });

  it('waits for an iteration that waits externally', async () => {
    const { sched, root, log, saved } = setup();
    let i = 0;
    root.loop((as) => {
      i += 1;
      if (i > 2) as.break();
      log.push(`iter ${i}`);
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['iter 1']);
    saved[0]!.success();
    await settle(sched);
    expect(log).toEqual(['iter 1', 'iter 2']);
    saved[1]!.success();
    await settle(sched);
    expect(log).toEqual(['iter 1', 'iter 2', 'after']);
  });

  it('continue() skips the rest of the iteration', async () => {
    const { sched, root, log } = setup();
    let i = 0;
    root.loop((as) => {
      i += 1;
      const n = i;
      if (n === 4) as.break();
      as.add((as) => {
        if (n === 2) as.continue();
        log.push(`a${n}`);
      });
      as.add((_as) => {
        log.push(`b${n}`);
      });
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['a1', 'b1', 'a3', 'b3']);
  });

  it('handles many iterations without stack growth', async () => {
    const { sched, root } = setup();
    let count = 0;
    root.loop((as) => {
      count += 1;
      if (count === 20_000) as.break();
    });
    let done = false;
    const p = root.promise().then(() => {
      done = true;
    });
    for (let k = 0; k < 1000 && !done; k++) {
      await sched.runAll();
      await new Promise<void>((r) => setImmediate(r));
    }
    await p;
    expect(count).toBe(20_000);
  });
});

describe('FTN12 §1.8 repeat() and forEach()', () => {
  it('repeat(n) calls the body n times with i from 0', async () => {
    const { sched, root } = setup();
    const seen: number[] = [];
    root.repeat(3, (_as, i: number) => {
      seen.push(i);
    });
    root.execute();
    await settle(sched);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('repeat(0) never calls the body and the flow goes on', async () => {
    const { sched, root, log } = setup();
    root.repeat(0, (_as) => {
      log.push('body (must not run)');
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['after']);
  });

  it('repeat: break() stops early, continue() goes to the next i', async () => {
    const { sched, root } = setup();
    const seen: string[] = [];
    root.add((as) => {
      as.repeat(10, (as, i: number) => {
        if (i === 1) as.continue();
        if (i === 4) as.break();
        seen.push(`i${i}`);
      });
    });
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['i0', 'i2', 'i3']);
  });

  it('forEach over an array passes index and value', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.add((as) => {
      as.forEach(['apple', 'banana', 'cherry'], (_as, k: unknown, v: unknown) => {
        seen.push([k, v]);
      });
    });
    root.execute();
    await settle(sched);
    expect(seen).toEqual([
      [0, 'apple'],
      [1, 'banana'],
      [2, 'cherry'],
    ]);
  });

  it('forEach over an object passes key and value in key order', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    root.forEach({ a: 1, b: 2, c: 3 }, (_as, k: unknown, v: unknown) => {
      seen.push([k, v]);
    });
    root.execute();
    await settle(sched);
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('forEach over a Map passes key and value in insertion order', async () => {
    const { sched, root } = setup();
    const seen: unknown[] = [];
    const key = { id: 1 };
    root.forEach(
      new Map<unknown, unknown>([
        ['x', 10],
        [key, 20],
      ]),
      (_as, k: unknown, v: unknown) => {
        seen.push([k, v]);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual([
      ['x', 10],
      [key, 20],
    ]);
    expect((seen[1] as unknown[])[0]).toBe(key);
  });

  it('forEach over an empty array, object or Map runs no body', async () => {
    const { sched, root, log } = setup();
    root.forEach([], (_as) => {
      log.push('array body');
    });
    root.forEach({}, (_as) => {
      log.push('object body');
    });
    root.forEach(new Map(), (_as) => {
      log.push('map body');
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['after']);
  });

  it('forEach: break() in the middle stops the traversal', async () => {
    const { sched, root, log } = setup();
    root.forEach([1, 2, 3, 4], (as, _k: unknown, v: unknown) => {
      if (v === 3) as.break();
      log.push(String(v));
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['1', '2', 'after']);
  });

  it('loop API calls on the root and inside steps return the level object', () => {
    const { root } = setup();
    expect(root.loop((as) => as.break())).toBe(root);
    expect(root.repeat(1, (_as) => {})).toBe(root);
    expect(root.forEach([], (_as) => {})).toBe(root);
  });
});

describe('FTN12 §1.8 nested loops and labels', () => {
  it('break() without a label exits only the innermost loop', async () => {
    const { sched, root, log } = setup();
    root.repeat(2, (as, i: number) => {
      as.loop((as) => {
        log.push(`inner ${i}`);
        as.break();
      });
      as.add((_as) => {
        log.push(`outer ${i} continues`);
      });
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['inner 0', 'outer 0 continues', 'inner 1', 'outer 1 continues']);
  });

  it('break(label) exits every loop up to and including the labelled one', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.loop((as) => {
        log.push('outer');
        as.loop((as) => {
          log.push('middle');
          as.loop((as) => {
            log.push('inner');
            as.break('OUTER');
          }, 'INNER');
          as.add((_as) => {
            log.push('middle tail (must not run)');
          });
        }, 'MIDDLE');
      }, 'OUTER');
      as.add((_as) => {
        log.push('after OUTER');
      });
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['outer', 'middle', 'inner', 'after OUTER']);
  });

  it('continue(label) from an inner loop starts the next iteration of the labelled loop', async () => {
    const { sched, root, log } = setup();
    root.repeat(
      3,
      (as, i: number) => {
        as.loop((as) => {
          log.push(`inner ${i}`);
          if (i < 2) as.continue('OUTER');
          as.break();
        });
        as.add((_as) => {
          log.push(`tail ${i}`);
        });
      },
      'OUTER',
    );
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['inner 0', 'inner 1', 'inner 2', 'tail 2', 'after']);
  });

  it('break(label) works from a sub-step several levels inside nested loops', async () => {
    const { sched, root, log } = setup();
    root.forEach(
      ['a', 'b'],
      (as, _k: unknown, v: unknown) => {
        as.repeat(5, (as, i: number) => {
          as.add((as) => {
            as.add((as) => {
              log.push(`${String(v)}${i}`);
              if (v === 'b' && i === 1) as.break('LIST');
              if (i === 2) as.break('COUNT');
            });
          });
        }, 'COUNT');
      },
      'LIST',
    );
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'after']);
  });

  it('a labelled inner loop is exited by its own label and the outer loop goes on', async () => {
    const { sched, root, log } = setup();
    root.repeat(
      2,
      (as, i: number) => {
        as.repeat(
          3,
          (as, j: number) => {
            if (j === 1) as.break('INNER');
            log.push(`${i}.${j}`);
          },
          'INNER',
        );
      },
      'OUTER',
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['0.0', '1.0']);
  });

  it('a complex three-level sequence of break/continue with labels', async () => {
    const { sched, root, log } = setup();
    let n = 0;
    root.loop((as) => {
      n += 1;
      const outer = n;
      log.push(`O${outer}`);
      if (outer === 3) as.break();
      as.repeat(3, (as, m: number) => {
        log.push(`M${outer}.${m}`);
        as.loop((as) => {
          log.push(`I${outer}.${m}`);
          if (outer === 1 && m === 1) as.continue('MID');
          if (outer === 2 && m === 0) as.continue('TOP');
          as.break();
        });
        as.add((_as) => {
          log.push(`T${outer}.${m}`);
        });
      }, 'MID');
    }, 'TOP');
    root.add((_as) => {
      log.push('end');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual([
      'O1',
      'M1.0', 'I1.0', 'T1.0',
      'M1.1', 'I1.1',
      'M1.2', 'I1.2', 'T1.2',
      'O2',
      'M2.0', 'I2.0',
      'O3',
      'end',
    ]);
  });
});

describe('FTN12 loop labels in error_info (FTN12.md #4)', () => {
  it('break(label) records the label in state.error_info', async () => {
    const { sched, root } = setup();
    let info: unknown = 'unset';
    root.loop((as) => {
      as.loop((as) => {
        as.break('OUTER');
      });
    }, 'OUTER');
    root.add((as) => {
      info = as.state.error_info;
    });
    root.execute();
    await settle(sched);
    expect(info).toBe('OUTER');
  });

  it('break() without a label records undefined in state.error_info', async () => {
    const { sched, root } = setup();
    let info: unknown = 'unset';
    root.add(
      (as) => {
        as.error('Earlier', 'stale');
      },
      (as, _err) => {
        as.success();
      },
    );
    root.loop((as) => {
      as.break();
    });
    root.add((as) => {
      info = as.state.error_info;
    });
    root.execute();
    await settle(sched);
    expect(info).toBeUndefined();
  });

  it('continue(label) records the label, visible in the next iteration', async () => {
    const { sched, root } = setup();
    const infos: unknown[] = [];
    root.repeat(
      3,
      (as, i: number) => {
        infos.push(as.state.error_info);
        if (i === 0) as.continue('L');
        if (i === 1) as.continue();
      },
      'L',
    );
    root.execute();
    await settle(sched);
    expect(infos).toEqual([undefined, 'L', undefined]);
  });
});

describe('FTN12 NoThrow loop control (FTN12.md #13)', () => {
  it('breakNoThrow() lets the step finish, then ends the loop', async () => {
    const { sched, root, log } = setup();
    let i = 0;
    root.loop((as) => {
      i += 1;
      if (i === 2) {
        as.breakNoThrow();
        log.push('after breakNoThrow');
        return;
      }
      log.push(`iter ${i}`);
    });
    root.add((_as) => {
      log.push('after loop');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['iter 1', 'after breakNoThrow', 'after loop']);
  });

  it('continueNoThrow() lets the step finish, then starts the next iteration', async () => {
    const { sched, root, log } = setup();
    root.repeat(3, (as, i: number) => {
      if (i === 1) {
        as.continueNoThrow();
        log.push('returning');
        return;
      }
      log.push(`iter ${i}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['iter 0', 'returning', 'iter 2']);
  });

  it('breakNoThrow(label) and continueNoThrow(label) honour labels', async () => {
    const { sched, root, log } = setup();
    root.repeat(
      3,
      (as, i: number) => {
        as.loop((as) => {
          if (i === 0) {
            as.continueNoThrow('OUT');
            return;
          }
          if (i === 1) {
            as.breakNoThrow('OUT');
            return;
          }
          log.push('unreachable');
          as.break();
        });
        as.add((_as) => {
          log.push(`tail ${i}`);
        });
      },
      'OUT',
    );
    root.add((as) => {
      log.push(`after ${String(as.state.error_info)}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['after OUT']);
  });
});

describe('FTN12 §1.8.1 loop termination', () => {
  it('gives the step after a loop no arguments (FTN12.md #2)', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.add((as) => {
      as.success('before');
    });
    root.repeat(2, (as, i: number) => {
      as.success('iteration', i);
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([]);
  });

  it('an error in the body ends the loop and reaches the outer handler with its info', async () => {
    const { sched, root, log } = setup();
    let i = 0;
    root.add(
      (as) => {
        as.loop((as) => {
          i += 1;
          log.push(`iter ${i}`);
          if (i === 2) as.error('LoopFail', 'at 2');
        });
        as.add((_as) => {
          log.push('after loop (must not run)');
        });
      },
      (as, err) => {
        log.push(`outer ${err} ${String(as.state.error_info)}`);
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['iter 1', 'iter 2', 'outer LoopFail at 2']);
  });

  it('an error recovered inside the body lets the loop go on', async () => {
    const { sched, root, log } = setup();
    root.repeat(3, (as, i: number) => {
      as.add(
        (as) => {
          if (i === 1) as.error('Skip');
          log.push(`ok ${i}`);
        },
        (as, err) => {
          log.push(`recovered ${err}`);
          as.success();
        },
      );
    });
    root.add((_as) => {
      log.push('after');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['ok 0', 'recovered Skip', 'ok 2', 'after']);
  });

  it('a timeout on the enclosing step ends the loop abnormally and cancels the iteration', async () => {
    const { sched, root, log } = setup();
    let iterations = 0;
    root.add(
      (as) => {
        as.setTimeout(100);
        as.loop((as) => {
          iterations += 1;
          as.setCancel((_as) => {
            log.push('iteration cancelled');
          });
        });
      },
      (_as, err) => {
        log.push('outer ' + err);
      },
    );
    root.execute();
    await sched.advance(100);
    await settle(sched);
    expect(iterations).toBe(1);
    expect(log).toEqual(['iteration cancelled', 'outer Timeout']);
    expect(sched.pending()).toBe(0);
  });

  it('root cancel() ends the loop; no further iteration runs', async () => {
    const { sched, root, log, saved } = setup();
    let iterations = 0;
    root.loop((as) => {
      iterations += 1;
      as.waitExternal();
      saved.push(as);
    });
    root.add((_as) => {
      log.push('after (must not run)');
    });
    root.execute();
    await settle(sched);
    root.cancel();
    await settle(sched);
    expect(iterations).toBe(1);
    expect(log).toEqual([]);
  });

  it('a break followed by an error in a later sibling step is handled normally', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.loop((as) => as.break());
        as.add((as) => {
          as.error('MyError');
        });
      },
      (as, err) => {
        log.push('handled ' + err);
        as.success();
      },
    );
    root.add((_as) => {
      log.push('executed');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['handled MyError', 'executed']);
  });
});

describe('FTN12.md #4: break() / continue() pass through error handlers as LoopBreak / LoopCont', () => {
  it('the handlers of the steps between see LoopBreak; one that returns lets the loop end', async () => {
    const { sched, root, log } = setup();
    let iterations = 0;
    root.loop((as) => {
      iterations++;
      as.add(
        (as) => {
          as.add(
            (as) => as.break(),
            (_as, code) => {
              log.push(`inner ${code}`);
            },
          );
        },
        (_as, code) => {
          log.push(`outer ${code}`);
        },
      );
    });
    root.add(() => {
      log.push('after the loop');
    });
    root.execute();
    await settle(sched);
    expect(iterations).toBe(1);
    expect(log).toEqual(['inner LoopBreak', 'outer LoopBreak', 'after the loop']);
  });

  it('continue() is seen as LoopCont and the next iteration runs', async () => {
    const { sched, root, log } = setup();
    root.repeat(3, (as, i) => {
      as.add(
        (as) => {
          if (i < 2) as.continue();
          log.push(`body ${i}`);
        },
        (_as, code) => {
          log.push(`${i}: ${code}`);
        },
      );
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['0: LoopCont', '1: LoopCont', 'body 2']);
  });

  it('a handler that calls success() swallows the break: the loop goes on', async () => {
    const { sched, root, log } = setup();
    root.repeat(3, (as, i) => {
      as.add(
        (as) => as.break(),
        (as, code) => {
          log.push(`${i}: ${code}`);
          as.success();
        },
      );
    });
    root.add(() => {
      log.push('done');
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['0: LoopBreak', '1: LoopBreak', '2: LoopBreak', 'done']);
  });

  it('a handler may replace a break with an error', async () => {
    const { sched, root, log } = setup();
    root.add(
      (as) => {
        as.loop((as) => {
          as.add(
            (as) => as.break(),
            (as) => as.error('Replaced', 'instead of a break'),
          );
        });
      },
      (as, code) => {
        log.push(`${code}: ${as.state.error_info as string}`);
        as.success();
      },
    );
    root.execute();
    await settle(sched);
    expect(log).toEqual(['Replaced: instead of a break']);
  });

  it('with no enclosing loop the handlers see LoopBreak, and an unhandled one fails the root with LoopBreak', async () => {
    const seen: string[] = [];
    const message = await $as()
      .add(
        (as) => {
          as.add((as) => as.break());
        },
        (_as, code) => {
          seen.push(code);
        },
      )
      .promise()
      .then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(seen).toEqual(['LoopBreak']);
    expect(message).toBe('LoopBreak');
  });

  it('a break with an unknown label passes every loop and every handler sees it, with the label as error_info', async () => {
    const seen: string[] = [];
    const message = await $as()
      .add(
        (as) => {
          as.loop((as) => {
            as.add(
              (as) => as.break('nowhere'),
              (as, code) => {
                seen.push(`${code} ${as.state.error_info as string}`);
              },
            );
          }, 'here');
        },
        (_as, code) => {
          seen.push(`root ${code}`);
        },
      )
      .promise()
      .then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(seen).toEqual(['LoopBreak nowhere', 'root LoopBreak']);
    expect(message).toBe('LoopBreak');
  });

  it('a continue outside any loop fails the root with LoopCont; Errors names both codes', async () => {
    const { Errors } = await import('./target.js');
    expect(Errors.LoopBreak).toBe('LoopBreak');
    expect(Errors.LoopCont).toBe('LoopCont');
    const message = await $as()
      .add((as) => as.continue())
      .promise()
      .then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(message).toBe(Errors.LoopCont);
  });
});
