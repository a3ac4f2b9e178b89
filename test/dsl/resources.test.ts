// DESIGN: .using(resource, body) and "Details the contract fixes: Resources".
import { describe, it, expect } from 'vitest';
import { flow, run, resource, Errors, FlowError } from '../../index.js';
import { deferred, failure, flush, tick } from '../helpers.js';

function tracked(name: string, log: string[], outcomes: unknown[] = []) {
  return resource(
    name,
    (input: unknown) => {
      log.push(`acquire ${name} ${String(input)}`);
      return { name, input };
    },
    (value: { name: string; input: unknown }, outcome) => {
      log.push(`release ${value.name}`);
      outcomes.push(outcome);
    },
  );
}

describe('using / resource', () => {
  it('acquires before the body with the current value, reads it with as.get, releases after success', async () => {
    const log: string[] = [];
    const outcomes: unknown[] = [];
    const db = tracked('db', log, outcomes);
    const f = flow<number>()
      .step((as, x) => x + 1)
      .using(db, (as, x) => {
        const conn = as.get(db);
        log.push(`body ${conn.name} ${conn.input} ${x}`);
        return x * 10;
      })
      .step((as, v) => {
        log.push(`next ${v}`);
        return v;
      });
    expect(await run(f, 1)).toBe(20);
    expect(log).toEqual(['acquire db 2', 'body db 2 2', 'release db', 'next 20']);
    expect(outcomes).toEqual([{ status: 'success', value: 20 }]);
  });

  it('an async acquire is awaited; the body may be a Flow', async () => {
    const res = resource(
      'r',
      async (n: number) => {
        await tick();
        return n * 100;
      },
      () => {},
    );
    const body = flow<number>().step((as, x) => as.get(res) + x);
    expect(await run(flow<number>().using(res, body), 2)).toBe(202);
  });

  it('releases exactly once after an error, with the error outcome; the error propagates', async () => {
    const log: string[] = [];
    const outcomes: any[] = [];
    const f = flow<number>().using(tracked('r', log, outcomes), (as) => as.error('BodyFailed'));
    const err = await failure(run(f, 0));
    expect(err.code).toBe('BodyFailed');
    expect(log).toEqual(['acquire r 0', 'release r']);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('error');
    expect(outcomes[0].error).toBe(err);
  });

  it('releases exactly once on cancel, with { status: cancelled }', async () => {
    const log: string[] = [];
    const outcomes: unknown[] = [];
    const f = flow<number>().using(tracked('r', log, outcomes), async () => {
      await deferred().promise;
    });
    const exec = run(f, 0);
    await flush();
    exec.cancel();
    expect((await failure(exec)).code).toBe(Errors.Cancelled);
    await flush();
    expect(log).toEqual(['acquire r 0', 'release r']);
    expect(outcomes).toEqual([{ status: 'cancelled' }]);
  });

  it('a failed acquire propagates and nothing is released; the body does not run', async () => {
    let released = 0;
    let bodyRan = false;
    const res = resource<number, number>(
      'bad',
      () => {
        throw new FlowError('AcquireFailed');
      },
      () => {
        released++;
      },
    );
    const f = flow<number>().using(res, () => {
      bodyRan = true;
    });
    expect((await failure(run(f, 0))).code).toBe('AcquireFailed');
    expect(released).toBe(0);
    expect(bodyRan).toBe(false);
  });

  it('a rejected async acquire propagates and nothing is released', async () => {
    let released = 0;
    const boom = new Error('no connection');
    const res = resource<number, number>(
      'bad',
      async () => {
        await tick();
        throw boom;
      },
      () => {
        released++;
      },
    );
    const err = await failure(run(flow<number>().using(res, () => 1), 0));
    expect(err.code).toBe(Errors.InternalError);
    expect(err.cause).toBe(boom);
    expect(released).toBe(0);
  });

  it('an async release is awaited before the outcome moves on (success)', async () => {
    const gate = deferred();
    const log: string[] = [];
    const res = resource(
      'r',
      () => 1,
      async () => {
        log.push('release start');
        await gate.promise;
        log.push('release end');
      },
    );
    const f = flow<number>()
      .using(res, () => 'v')
      .step((as, v) => {
        log.push('next');
        return v;
      });
    const exec = run(f, 0);
    await flush();
    expect(log).toEqual(['release start']);
    expect(exec.status).toBe('running');
    gate.resolve();
    expect(await exec).toBe('v');
    expect(log).toEqual(['release start', 'release end', 'next']);
  });

  it('an async release is awaited before the error moves on', async () => {
    const gate = deferred();
    const log: string[] = [];
    const res = resource(
      'r',
      () => 1,
      async () => {
        await gate.promise;
        log.push('released');
      },
    );
    const f = flow<number>()
      .using(res, (as) => as.error('E'))
      .catch(() => {
        log.push('caught');
        return 0;
      });
    const exec = run(f, 0);
    await flush();
    expect(log).toEqual([]);
    gate.resolve();
    await exec;
    expect(log).toEqual(['released', 'caught']);
  });

  it('as.get works in sub-steps and parallel branches of the body', async () => {
    const res = resource('r', (n: number) => `res${n}`, () => {});
    const f = flow<number>().using(
      res,
      flow<number>()
        .step<string>((as) => {
          as.add((s: any) => s.success(s.get(res)));
        })
        .parallel([(as: any, v: string) => `${v}/${as.get(res)}`, async (as: any) => as.get(res)]),
    );
    expect(await run(f, 1)).toEqual(['res1/res1', 'res1']);
  });

  it('nested resources are released in reverse order', async () => {
    const log: string[] = [];
    const a = tracked('a', log);
    const b = tracked('b', log);
    const f = flow<number>().using(
      a,
      flow<number>().using(b, (as, x) => {
        log.push(`body ${as.get(a).name}${as.get(b).name}`);
        return x;
      }),
    );
    await run(f, 0);
    expect(log).toEqual(['acquire a 0', 'acquire b 0', 'body ab', 'release b', 'release a']);
  });

  it('nested resources are released in reverse order on error too', async () => {
    const log: string[] = [];
    const a = tracked('a', log);
    const b = tracked('b', log);
    const f = flow<number>().using(a, flow<number>().using(b, (as) => as.error('X')));
    await failure(run(f, 0));
    expect(log.filter((l) => l.startsWith('release'))).toEqual(['release b', 'release a']);
  });
});

describe('async cleanup of a scope cancelled inside the run is awaited before its outcome moves on', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  function slow(log: string[]) {
    return resource(
      'conn',
      () => 'c',
      async () => {
        await wait(15);
        log.push('release done');
      },
    );
  }
  const waitsForever = (log: string[]) => flow<number>().using(slow(log), (as) => { as.waitExternal(); });
  const winsSoon = async () => {
    await wait(2);
    return 'won';
  };

  it('a timeout: Timeout reaches the catch after the cancelled body released', async () => {
    const log: string[] = [];
    const out = await run(waitsForever(log).timeout(3).catch((as, e) => { log.push(`catch ${e.code}`); return 1; }), 0);
    expect(out).toBe(1);
    expect(log).toEqual(['release done', 'catch Timeout']);
  });

  it('a failing parallel branch: the error propagates after the cancelled sibling released', async () => {
    const log: string[] = [];
    const failsSoon = async (as: { error(code: string): never }) => {
      await wait(2);
      as.error('E');
    };
    await run(flow<number>().parallel([failsSoon, waitsForever(log)]).catch((as, e) => { log.push(`catch ${e.code}`); return 1; }), 0);
    expect(log).toEqual(['release done', 'catch E']);
  });

  it('race and any: the winner goes on after the cancelled losers released', async () => {
    for (const mode of ['race', 'any'] as const) {
      const log: string[] = [];
      const f = (mode === 'race' ? flow<number>().race([winsSoon, waitsForever(log)]) : flow<number>().any([winsSoon, waitsForever(log)])).step((as, v) => {
        log.push(`next ${v}`);
      });
      await run(f, 0);
      expect(log).toEqual(['release done', 'next won']);
    }
  });

  it('an async finally of a cancelled sibling is awaited too; a run cancel still waits for it', async () => {
    const log: string[] = [];
    const sibling = flow<number>()
      .step((as) => { as.waitExternal(); })
      .finally(async () => {
        await wait(15);
        log.push('finally done');
      });
    const failsSoon = async (as: { error(code: string): never }) => {
      await wait(2);
      as.error('E');
    };
    await run(flow<number>().parallel([failsSoon, sibling]).catch((as, e) => { log.push(`catch ${e.code}`); return 1; }), 0);
    expect(log).toEqual(['finally done', 'catch E']);
    const log2: string[] = [];
    const exec = run(waitsForever(log2).timeout(3).catch(() => 1), 0);
    await wait(5);
    exec.cancel('gone');
    const err = await failure(exec);
    expect(err.code).toBe(Errors.Cancelled);
    expect(log2).toEqual(['release done']);
  });
});
