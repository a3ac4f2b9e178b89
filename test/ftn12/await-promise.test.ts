// FTN12 §1.13 Promise/await integration, §2.2.1 await(), §2.2.3 promise(), and
// FTN12.md #3 and #8.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import { settle, setup, deferred, type Ext, type Sched } from './preamble.js';

interface Outcome {
  ok: boolean;
  value: unknown;
}

/** Observes a promise at once, so a rejection is never left unhandled. */
function track(p: Promise<unknown>): { result?: Outcome } {
  const t: { result?: Outcome } = {};
  p.then(
    (value) => {
      t.result = { ok: true, value };
    },
    (value: unknown) => {
      t.result = { ok: false, value };
    },
  );
  return t;
}

/** Settles the flow and reports how a promise() ended. */
async function outcome(sched: Sched, p: Promise<unknown> | { result?: Outcome }): Promise<Outcome> {
  const t = p instanceof Promise ? track(p) : p;
  for (let i = 0; i < 20 && !t.result; i++) await settle(sched);
  if (!t.result) throw new Error('promise() did not settle');
  return t.result;
}

describe('FTN12 §1.13 await()', () => {
  it('passes the value of an already resolved promise to the next step', async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.await(Promise.resolve(123));
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual([123]);
  });

  it('waits for a promise resolved later, then passes its value on', async () => {
    const { sched, root } = setup();
    const d = deferred<string>();
    let got: unknown[] | undefined;
    root.await(d.promise);
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toBeUndefined();
    d.resolve('later');
    await settle(sched);
    expect(got).toEqual(['later']);
  });

  it('as.await() inside a step adds a sub-step whose value becomes the step result', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.add((_as) => {
        log.push('before await');
      });
      as.await(Promise.resolve('inner'));
    });
    root.add((_as, v: unknown) => {
      log.push(`next ${String(v)}`);
    });
    root.execute();
    await settle(sched);
    expect(log).toEqual(['before await', 'next inner']);
  });

  it('runs awaits in sequence with other steps', async () => {
    const { sched, root, log } = setup();
    const d1 = deferred<number>();
    const d2 = deferred<number>();
    root.await(d1.promise);
    root.add((_as, v: unknown) => {
      log.push(`first ${String(v)}`);
    });
    root.await(d2.promise);
    root.add((_as, v: unknown) => {
      log.push(`second ${String(v)}`);
    });
    root.execute();
    d2.resolve(2);
    await settle(sched);
    expect(log).toEqual([]);
    d1.resolve(1);
    await settle(sched);
    expect(log).toEqual(['first 1', 'second 2']);
  });

  it("an Error reason rejected before the step runs gives 'PromiseReject' and last_exception (FTN12.md #3)", async () => {
    const { sched, root } = setup();
    const reason = new Error('low-level failure');
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.await(Promise.reject(reason));
      },
      (as, err) => {
        seen.push(err, as.state.last_exception);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['PromiseReject', reason]);
    expect(seen[1]).toBe(reason);
  });

  it("an Error reason rejected while the step waits gives 'PromiseReject' and last_exception (FTN12.md #3)", async () => {
    const { sched, root } = setup();
    const d = deferred<never>();
    const reason = new Error('went wrong');
    const seen: unknown[] = [];
    root.add(
      (as) => {
        as.await(d.promise);
      },
      (as, err) => {
        seen.push(err, as.state.last_exception);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual([]);
    d.reject(reason);
    await settle(sched);
    expect(seen[0]).toBe('PromiseReject');
    expect(seen[1]).toBe(reason);
  });

  it('a string reason is the error code, rejected before or while waiting', async () => {
    const { sched, root } = setup();
    const d = deferred<never>();
    const seen: string[] = [];
    root.add(
      (as) => {
        as.await(Promise.reject('EarlyCode'));
      },
      (as, err) => {
        seen.push(err);
        as.success();
      },
    );
    root.add(
      (as) => {
        as.await(d.promise);
      },
      (_as, err) => {
        seen.push(err);
      },
    );
    root.execute();
    await settle(sched);
    expect(seen).toEqual(['EarlyCode']);
    d.reject('LateCode');
    await settle(sched);
    expect(seen).toEqual(['EarlyCode', 'LateCode']);
  });

  it("an undefined reason gives 'PromiseReject', rejected before or while waiting", async () => {
    const { sched, root } = setup();
    const d = deferred<never>();
    const seen: string[] = [];
    root.add(
      (as) => {
        as.await(Promise.reject(undefined));
      },
      (as, err) => {
        seen.push(err);
        as.success();
      },
    );
    root.add(
      (as) => {
        as.await(d.promise);
      },
      (_as, err) => {
        seen.push(err);
      },
    );
    root.execute();
    await settle(sched);
    d.reject(undefined);
    await settle(sched);
    expect(seen).toEqual(['PromiseReject', 'PromiseReject']);
  });

  it("the await error handler gets the code and may recover", async () => {
    const { sched, root } = setup();
    let got: unknown[] | undefined;
    root.await(Promise.reject('Nope'), (as, err) => {
      as.success(`handled ${err}`);
    });
    root.add((_as, ...args: unknown[]) => {
      got = args;
    });
    root.execute();
    await settle(sched);
    expect(got).toEqual(['handled Nope']);
  });

  it('root cancel() while awaiting runs nothing further; a later resolution is ignored', async () => {
    const { sched, root, log } = setup();
    const d = deferred<string>();
    root.await(d.promise, (_as, err) => {
      log.push('onerror ' + err);
    });
    root.add((_as, v: unknown) => {
      log.push(`next ${String(v)}`);
    });
    root.execute();
    await settle(sched);
    root.cancel();
    d.resolve('too late');
    await settle(sched);
    expect(log).toEqual([]);
    expect(sched.pending()).toBe(0);
  });

  it('await() returns the level object for chaining', () => {
    const { root } = setup();
    expect(root.await(Promise.resolve(1))).toBe(root);
  });
});

describe('FTN12 §2.2.3 promise() (FTN12.md #8)', () => {
  it('resolves with the first result argument of the last step', async () => {
    const { sched, root } = setup();
    root.add((as) => {
      as.success('first', 'second');
    });
    const r = await outcome(sched, root.promise());
    expect(r).toEqual({ ok: true, value: 'first' });
  });

  it('runs all steps before resolving', async () => {
    const { sched, root, log } = setup();
    const ext: Ext[] = [];
    root.add((as) => {
      log.push('a');
      as.waitExternal();
      ext.push(as);
    });
    root.add((as) => {
      log.push('b');
      as.success(42);
    });
    const p = track(root.promise());
    await settle(sched);
    expect(log).toEqual(['a']);
    ext[0]!.success();
    const r = await outcome(sched, p);
    expect(log).toEqual(['a', 'b']);
    expect(r).toEqual({ ok: true, value: 42 });
  });

  it('resolves with undefined for an empty root', async () => {
    const { sched, root } = setup();
    const r = await outcome(sched, root.promise());
    expect(r).toEqual({ ok: true, value: undefined });
  });

  it('resolves with undefined when the last step succeeded implicitly', async () => {
    const { sched, root } = setup();
    root.add((as) => {
      as.success('dropped');
    });
    root.add((_as) => {});
    const r = await outcome(sched, root.promise());
    expect(r).toEqual({ ok: true, value: undefined });
  });

  it('rejects with an Error whose message is the code of an unhandled error', async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.error('MyError', 'details');
    });
    root.add((_as) => {
      log.push('must not run');
    });
    const r = await outcome(sched, root.promise());
    expect(r.ok).toBe(false);
    expect(r.value).toBeInstanceOf(Error);
    expect((r.value as Error).message).toBe('MyError');
    expect(log).toEqual([]);
  });

  it('rejects with the message of a foreign exception as the code', async () => {
    const { sched, root } = setup();
    root.add((_as) => {
      throw new Error('ForeignFailure');
    });
    const r = await outcome(sched, root.promise());
    expect(r.ok).toBe(false);
    expect((r.value as Error).message).toBe('ForeignFailure');
  });

  it("rejects with 'Timeout' when an unhandled timeout fires", async () => {
    const { sched, root } = setup();
    root.add((as) => {
      as.setTimeout(250);
    });
    const t = track(root.promise());
    await sched.advance(249);
    await settle(sched);
    expect(t.result).toBeUndefined();
    await sched.advance(1);
    const r = await outcome(sched, t);
    expect(r.ok).toBe(false);
    expect((r.value as Error).message).toBe('Timeout');
    expect(sched.pending()).toBe(0);
  });

  it('resolves when a handler recovered the error', async () => {
    const { sched, root } = setup();
    root.add(
      (as) => {
        as.error('Recoverable');
      },
      (as, err) => {
        as.success(`fixed ${err}`);
      },
    );
    const r = await outcome(sched, root.promise());
    expect(r).toEqual({ ok: true, value: 'fixed Recoverable' });
  });

  it("rejects with an Error whose message is 'Cancelled' when the root is cancelled", async () => {
    const { sched, root, log } = setup();
    root.add((as) => {
      as.setCancel((_as) => {
        log.push('cancel handler');
      });
    });
    const p = track(root.promise());
    await settle(sched);
    root.cancel();
    const r = await outcome(sched, p);
    expect(r.ok).toBe(false);
    expect(r.value).toBeInstanceOf(Error);
    expect((r.value as Error).message).toBe('Cancelled');
    expect(log).toEqual(['cancel handler']);
  });

  it('the root can run again with promise() after it settled', async () => {
    const { sched, root } = setup();
    root.add((as) => {
      as.error('Once');
    });
    const r1 = await outcome(sched, root.promise());
    expect(r1.ok).toBe(false);
    root.add((as) => {
      as.success('again');
    });
    const r2 = await outcome(sched, root.promise());
    expect(r2).toEqual({ ok: true, value: 'again' });
  });
});

describe('FTN12.md #13: await() of a non-thenable', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a plain object', { value: 1 }],
    ['a string', 'soon'],
  ])('throws a TypeError at once for %s, on the root and inside a step', (_what, value) => {
    expect(() => $as().await(value as never)).toThrow(TypeError);
    let thrown: unknown;
    $as()
      .add((as) => {
        try {
          as.await(value as never);
        } catch (e) {
          thrown = e;
        }
        as.success();
      })
      .execute();
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).message)).toMatch(/await\(\): expected a promise or thenable/);
  });

  it('accepts any thenable', async () => {
    const thenable = { then: (resolve: (v: number) => void) => resolve(5) };
    expect(await $as().await(thenable as unknown as PromiseLike<number>).promise()).toBe(5);
  });
});
