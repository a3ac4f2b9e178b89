// FTN12 §1.11 synchronization, §2.3 Mutex, §2.4 Throttle, §2.5 Limiter, the
// ISync protocol (§2.1, §1.11.3) and FTN12.md #10.
import { describe, it, expect } from 'vitest';
import { $as, Mutex, Throttle, Limiter, createTestScheduler } from './target.js';
import { settle, type Ext, type Sched } from './preamble.js';
import type { ISync } from './target.js';

type Root = ReturnType<typeof $as>;

interface World {
  sched: Sched;
  log: string[];
  /** Interfaces of critical sections that wait, by flow name. */
  held: Map<string, Ext>;
  /** Codes (with error_info) that reached each flow's top-level handler. */
  errors: string[];
}

function world(): World {
  return { sched: createTestScheduler(), log: [], held: new Map(), errors: [] };
}

/**
 * A flow that enters `prim`, logs `enter <name>` and then stays inside the
 * critical section until the test calls `held.get(name).success()`.
 */
function holder(w: World, prim: ISync, name: string): Root {
  const root = $as(undefined, w.sched);
  root.add(
    (as) => {
      as.sync(prim, (as) => {
        w.log.push(`enter ${name}`);
        as.waitExternal();
        w.held.set(name, as);
      });
    },
    (as, err) => {
      w.errors.push(`${name} ${err} ${String(as.state.error_info)}`);
    },
  );
  root.add((_as) => {
    w.log.push(`left ${name}`);
  });
  return root;
}

/** A flow whose critical section records the virtual entry time and returns at once. */
function quick(w: World, prim: ISync, name: string, t0: number): Root {
  const root = $as(undefined, w.sched);
  root.add(
    (as) => {
      as.sync(prim, (_as) => {
        w.log.push(`${name}@${w.sched.now() - t0}`);
      });
    },
    (as, err) => {
      w.errors.push(`${name} ${err} ${String(as.state.error_info)}`);
    },
  );
  return root;
}

const entered = (w: World) => w.log.filter((l) => l.startsWith('enter '));

describe('FTN12 §2.3 Mutex', () => {
  it('Mutex() admits one flow at a time; the next enters when the holder leaves', async () => {
    const w = world();
    const mtx = new Mutex();
    holder(w, mtx, 'A').execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A']);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
    expect(w.log).toContain('left A');
    w.held.get('B')!.success();
    await settle(w.sched);
    expect(w.log).toContain('left B');
    expect(w.errors).toEqual([]);
  });

  it('queued flows enter in arrival order', async () => {
    const w = world();
    const mtx = new Mutex();
    for (const n of ['A', 'B', 'C', 'D']) holder(w, mtx, n).execute();
    await settle(w.sched);
    for (const n of ['A', 'B', 'C']) {
      w.held.get(n)!.success();
      await settle(w.sched);
    }
    expect(entered(w)).toEqual(['enter A', 'enter B', 'enter C', 'enter D']);
  });

  it('Mutex(2) admits at most two flows at once', async () => {
    const w = world();
    const mtx = new Mutex(2);
    for (const n of ['A', 'B', 'C', 'D']) holder(w, mtx, n).execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
    w.held.get('B')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B', 'enter C']);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B', 'enter C', 'enter D']);
  });

  it("a full queue rejects with DefenseRejected and error_info 'Mutex queue limit'", async () => {
    const w = world();
    const mtx = new Mutex(1, 1);
    for (const n of ['A', 'B', 'C']) holder(w, mtx, n).execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A']);
    expect(w.errors).toEqual(['C DefenseRejected Mutex queue limit']);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
  });

  it('Mutex(1, 0) rejects any flow that would have to wait', async () => {
    const w = world();
    const mtx = new Mutex(1, 0);
    holder(w, mtx, 'A').execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A']);
    expect(w.errors).toEqual(['B DefenseRejected Mutex queue limit']);
  });

  it('is re-entrant within one flow; the lock is released only when the outer section ends', async () => {
    const w = world();
    const mtx = new Mutex();
    const a = $as(undefined, w.sched);
    a.sync(mtx, (as) => {
      w.log.push('A outer');
      as.sync(mtx, (as) => {
        w.log.push('A inner');
        as.sync(mtx, (_as) => {
          w.log.push('A innermost');
        });
      });
      as.add((as) => {
        as.waitExternal();
        w.held.set('A', as);
      });
    });
    a.add((_as) => {
      w.log.push('A done');
    });
    a.execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A outer', 'A inner', 'A innermost']);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(w.log).toContain('A done');
    expect(entered(w)).toEqual(['enter B']);
  });

  it('parallel branches are separate flows: branches on one Mutex never overlap (§1.11.4)', async () => {
    const w = world();
    const mtx = new Mutex();
    const root = $as(undefined, w.sched);
    const p = root.parallel();
    let inside = 0;
    let maxInside = 0;
    const waiting: Ext[] = [];
    for (let i = 0; i < 5; i++) {
      p.add((as) => {
        as.sync(mtx, (as) => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          as.add((as) => {
            as.waitExternal();
            waiting.push(as);
          });
          as.add((_as) => {
            inside -= 1;
          });
        });
      });
    }
    root.add((_as) => {
      w.log.push('all done');
    });
    root.execute();
    await settle(w.sched);
    for (let k = 0; k < 5; k++) {
      expect(waiting).toHaveLength(k + 1);
      waiting[k]!.success();
      await settle(w.sched);
    }
    expect(maxInside).toBe(1);
    expect(w.log).toEqual(['all done']);
  });

  it("a parallel branch does not inherit its parent's lock (§1.11.4)", async () => {
    const w = world();
    const mtx = new Mutex();
    const root = $as(undefined, w.sched);
    root.sync(mtx, (as) => {
      w.log.push('parent inside');
      as.parallel().add((as) => {
        as.sync(mtx, (_as) => {
          w.log.push('branch inside (must not happen while parent holds)');
        });
      });
    });
    root.execute();
    await settle(w.sched);
    expect(w.log).toEqual(['parent inside']);
    root.cancel();
    holder(w, mtx, 'Other').execute();
    await settle(w.sched);
    expect(w.log).toEqual(['parent inside', 'enter Other']);
  });

  it('a cancelled waiter leaves the queue at once and never enters (FTN12.md #10)', async () => {
    const w = world();
    const mtx = new Mutex(1, 1);
    holder(w, mtx, 'A').execute();
    const b = holder(w, mtx, 'B');
    b.execute();
    await settle(w.sched);
    b.cancel();
    holder(w, mtx, 'C').execute();
    await settle(w.sched);
    expect(w.errors).toEqual([]);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter C']);
  });

  it('cancelling the holder frees its slot for the next waiter', async () => {
    const w = world();
    const mtx = new Mutex();
    const a = holder(w, mtx, 'A');
    a.execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    a.cancel();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
    expect(w.log).not.toContain('left A');
  });

  it('passes success arguments into the section and the section result out (§1.11.3)', async () => {
    const w = world();
    const mtx = new Mutex();
    holder(w, mtx, 'A').execute();
    const got: unknown[] = [];
    const b = $as(undefined, w.sched);
    b.add((as) => {
      as.success('in1', 'in2');
    });
    b.sync(mtx, (as, x: unknown, y: unknown) => {
      got.push(['section', x, y]);
      as.success('out', 3);
    });
    b.add((_as, ...args: unknown[]) => {
      got.push(['next', ...args]);
    });
    b.execute();
    await settle(w.sched);
    expect(got).toEqual([]);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(got).toEqual([
      ['section', 'in1', 'in2'],
      ['next', 'out', 3],
    ]);
  });

  it('an error in the section reaches the sync error handler and releases the lock', async () => {
    const w = world();
    const mtx = new Mutex();
    const a = $as(undefined, w.sched);
    a.sync(
      mtx,
      (as) => {
        w.log.push('A inside');
        as.error('SectionFail', 'why');
      },
      (as, err) => {
        w.log.push(`A handler ${err} ${String(as.state.error_info)}`);
        as.success('recovered');
      },
    );
    a.add((_as, v: unknown) => {
      w.log.push(`A next ${String(v)}`);
    });
    a.execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect(w.log.slice(0, 2)).toEqual(['A inside', 'A handler SectionFail why']);
    expect(w.log).toContain('A next recovered');
    expect(entered(w)).toEqual(['enter B']);
  });

  it('an unrecovered error in the section releases the lock too', async () => {
    const w = world();
    const mtx = new Mutex();
    const a = $as(undefined, w.sched);
    a.add(
      (as) => {
        as.sync(mtx, (as) => {
          as.error('Boom');
        });
      },
      (_as, err) => {
        w.log.push('A outer ' + err);
      },
    );
    a.execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect([...w.log].sort()).toEqual(['A outer Boom', 'enter B']);
  });

  it('a timeout around the section releases the lock', async () => {
    const w = world();
    const mtx = new Mutex();
    const a = $as(undefined, w.sched);
    a.add(
      (as) => {
        as.setTimeout(100);
        as.sync(mtx, (as) => {
          as.waitExternal();
        });
      },
      (_as, err) => {
        w.log.push('A ' + err);
      },
    );
    a.execute();
    holder(w, mtx, 'B').execute();
    await settle(w.sched);
    expect(entered(w)).toEqual([]);
    await w.sched.advance(100);
    await settle(w.sched);
    expect([...w.log].sort()).toEqual(['A Timeout', 'enter B']);
    expect(w.sched.pending()).toBe(0);
  });

  it('sync() returns the level object for chaining', () => {
    const root = $as(undefined, createTestScheduler());
    expect(root.sync(new Mutex(), (_as) => {})).toBe(root);
  });
});

describe('FTN12 §2.4 Throttle', () => {
  it('admits max entries per period, in arrival order, on virtual time', async () => {
    const w = world();
    const thr = new Throttle(2, 1000);
    const t0 = w.sched.now();
    for (const n of ['A', 'B', 'C', 'D', 'E']) quick(w, thr, n, t0).execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@0']);
    await w.sched.advance(999);
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@0']);
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@0', 'C@1000', 'D@1000', 'E@2000']);
    expect(w.errors).toEqual([]);
    expect(w.sched.pending()).toBe(0);
  });

  it('uses a 1000 ms period by default', async () => {
    const w = world();
    const thr = new Throttle(1);
    const t0 = w.sched.now();
    quick(w, thr, 'A', t0).execute();
    quick(w, thr, 'B', t0).execute();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@1000']);
    expect(w.sched.pending()).toBe(0);
  });

  it('aligns windows to the first entry after it was idle (FTN12.md #10)', async () => {
    const w = world();
    const thr = new Throttle(1, 1000);
    const t0 = w.sched.now();
    quick(w, thr, 'A', t0).execute();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.sched.pending()).toBe(0);
    await w.sched.advance(t0 + 2500 - w.sched.now());
    quick(w, thr, 'B', t0).execute();
    await settle(w.sched);
    await w.sched.advance(200);
    quick(w, thr, 'C', t0).execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@2500']);
    await w.sched.advance(799);
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@2500']);
    await w.sched.advance(1);
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@2500', 'C@3500']);
    await w.sched.runAll();
    expect(w.sched.pending()).toBe(0);
  });

  it('limits entries, not concurrency: a later window admits a flow while another is still inside', async () => {
    const w = world();
    const thr = new Throttle(1, 100);
    holder(w, thr, 'A').execute();
    holder(w, thr, 'B').execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A']);
    await w.sched.advance(100);
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
    expect(w.log).not.toContain('left A');
    w.held.get('A')!.success();
    w.held.get('B')!.success();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toContain('left A');
    expect(w.log).toContain('left B');
    expect(w.sched.pending()).toBe(0);
  });

  it("a full queue rejects with DefenseRejected and error_info 'Throttle queue limit'", async () => {
    const w = world();
    const thr = new Throttle(1, 1000, 1);
    const t0 = w.sched.now();
    for (const n of ['A', 'B', 'C']) quick(w, thr, n, t0).execute();
    await settle(w.sched);
    expect(w.errors).toEqual(['C DefenseRejected Throttle queue limit']);
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@1000']);
    expect(w.sched.pending()).toBe(0);
  });

  it('nested use of one Throttle completes by taking another slot (FTN12.md #10)', async () => {
    const w = world();
    const thr = new Throttle(1, 1000);
    const t0 = w.sched.now();
    const root = $as(undefined, w.sched);
    root.sync(thr, (as) => {
      w.log.push(`outer@${w.sched.now() - t0}`);
      as.sync(thr, (_as) => {
        w.log.push(`inner@${w.sched.now() - t0}`);
      });
    });
    root.add((_as) => {
      w.log.push('done');
    });
    root.execute();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['outer@0', 'inner@1000', 'done']);
    expect(w.sched.pending()).toBe(0);
  });

  it('a cancelled waiter leaves the queue and frees its slot (FTN12.md #10)', async () => {
    const w = world();
    const thr = new Throttle(1, 1000);
    const t0 = w.sched.now();
    quick(w, thr, 'A', t0).execute();
    const b = quick(w, thr, 'B', t0);
    b.execute();
    quick(w, thr, 'C', t0).execute();
    await settle(w.sched);
    b.cancel();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'C@1000']);
    expect(w.sched.pending()).toBe(0);
  });

  it('passes success arguments into the section and the result out, also after waiting', async () => {
    const w = world();
    const thr = new Throttle(1, 500);
    const got: unknown[] = [];
    for (const n of [1, 2]) {
      const root = $as(undefined, w.sched);
      root.add((as) => {
        as.success(`arg${n}`);
      });
      root.sync(thr, (as, v: unknown) => {
        got.push(`section ${String(v)}`);
        as.success(`res${n}`);
      });
      root.add((_as, v: unknown) => {
        got.push(`next ${String(v)}`);
      });
      root.execute();
    }
    await w.sched.runAll();
    await settle(w.sched);
    expect(got).toEqual(['section arg1', 'next res1', 'section arg2', 'next res2']);
    expect(w.sched.pending()).toBe(0);
  });

  it('an error in the section reaches the sync error handler', async () => {
    const w = world();
    const thr = new Throttle(5, 1000);
    const root = $as(undefined, w.sched);
    root.sync(
      thr,
      (as) => {
        as.error('Throttled', 'info');
      },
      (as, err) => {
        w.log.push(`${err} ${String(as.state.error_info)}`);
        as.success();
      },
    );
    root.add((_as) => {
      w.log.push('next');
    });
    root.execute();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['Throttled info', 'next']);
    expect(w.sched.pending()).toBe(0);
  });
});

describe('FTN12 §2.5 Limiter', () => {
  it('defaults: one concurrent flow and no queue (concurrent=1, max_queue=0)', async () => {
    const w = world();
    const lim = new Limiter();
    holder(w, lim, 'A').execute();
    holder(w, lim, 'B').execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A']);
    expect(w.errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['B DefenseRejected']);
    w.held.get('A')!.success();
    await w.sched.runAll();
    expect(w.sched.pending()).toBe(0);
  });

  it('defaults: one entry per 1000 ms and no burst queue (rate=1, period_ms=1000, burst=0)', async () => {
    const w = world();
    const lim = new Limiter();
    const t0 = w.sched.now();
    quick(w, lim, 'A', t0).execute();
    await settle(w.sched);
    quick(w, lim, 'B', t0).execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0']);
    expect(w.errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['B DefenseRejected']);
    await w.sched.advance(1000);
    await settle(w.sched);
    quick(w, lim, 'C', t0).execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'C@1000']);
    await w.sched.runAll();
    expect(w.sched.pending()).toBe(0);
  });

  it('maps concurrent and max_queue to the concurrency limit', async () => {
    const w = world();
    const lim = new Limiter({ concurrent: 2, max_queue: 1, rate: 100 });
    for (const n of ['A', 'B', 'C', 'D']) holder(w, lim, n).execute();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B']);
    expect(w.errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['D DefenseRejected']);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter B', 'enter C']);
    w.held.get('B')!.success();
    w.held.get('C')!.success();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.sched.pending()).toBe(0);
  });

  it('maps rate, period_ms and burst to the rate limit', async () => {
    const w = world();
    const lim = new Limiter({ concurrent: 10, max_queue: 10, rate: 2, period_ms: 500, burst: 1 });
    const t0 = w.sched.now();
    for (const n of ['A', 'B', 'C', 'D']) quick(w, lim, n, t0).execute();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@0']);
    expect(w.errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['D DefenseRejected']);
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['A@0', 'B@0', 'C@500']);
    expect(w.sched.pending()).toBe(0);
  });

  it('a cancelled waiter leaves the queue and frees its slot (FTN12.md #10)', async () => {
    const w = world();
    const lim = new Limiter({ concurrent: 1, max_queue: 1, rate: 100 });
    holder(w, lim, 'A').execute();
    const b = holder(w, lim, 'B');
    b.execute();
    await settle(w.sched);
    b.cancel();
    holder(w, lim, 'C').execute();
    await settle(w.sched);
    expect(w.errors).toEqual([]);
    w.held.get('A')!.success();
    await settle(w.sched);
    expect(entered(w)).toEqual(['enter A', 'enter C']);
    w.held.get('C')!.success();
    await w.sched.runAll();
    expect(w.sched.pending()).toBe(0);
  });

  it('is re-entrant within one flow and passes arguments in and out', async () => {
    const w = world();
    const lim = new Limiter({ concurrent: 1, max_queue: 5, rate: 5, period_ms: 100, burst: 5 });
    const root = $as(undefined, w.sched);
    root.add((as) => {
      as.success('MyArgs');
    });
    root.sync(lim, (as, arg: unknown) => {
      w.log.push(`outer ${String(arg)}`);
      as.sync(lim, (as) => {
        w.log.push('inner');
        as.success('InnerResult');
      });
    });
    root.add((_as, v: unknown) => {
      w.log.push(`next ${String(v)}`);
    });
    root.execute();
    await w.sched.runAll();
    await settle(w.sched);
    expect(w.log).toEqual(['outer MyArgs', 'inner', 'next InnerResult']);
    expect(w.sched.pending()).toBe(0);
  });
});

describe('FTN12 ISync protocol (§1.11.3)', () => {
  it('as.sync(obj, step, onerror) delegates to obj.sync(as, step, onerror)', async () => {
    const w = world();
    const calls: unknown[] = [];
    const guard: ISync = {
      sync(as, step, onerror) {
        calls.push(step, onerror);
        as.add((as) => {
          w.log.push('guard enter');
          as.add(step, onerror);
          as.add((as, ...args: unknown[]) => {
            w.log.push('guard leave');
            as.success(...args);
          });
        });
      },
    };
    const body = (as: { success(...a: unknown[]): void }) => {
      w.log.push('body');
      as.success('out');
    };
    const onerror = (_as: unknown, _err: string) => {};
    const root = $as(undefined, w.sched);
    root.add((as) => {
      as.sync(guard, body, onerror);
    });
    root.add((_as, v: unknown) => {
      w.log.push(`next ${String(v)}`);
    });
    root.execute();
    await settle(w.sched);
    expect(calls).toEqual([body, onerror]);
    expect(w.log).toEqual(['guard enter', 'body', 'guard leave', 'next out']);
  });
});
