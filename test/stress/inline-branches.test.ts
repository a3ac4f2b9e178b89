// Branches start inside the driver turn that reaches their parallel or map
// (runtime/interpreter/driver.ts startThread): a branch that completes
// synchronously never waits in the ready queue. These tests hold that to its
// promises: a flat stack whatever the branch count or nesting, FTN12 ordering
// (FTN12.md #9) and error rules (#1), and step APIs that stay correct when
// they escape their handler and are called later.
import { describe, it, expect } from 'vitest';
import { flow, run, type FlowStepApi } from '../../index.js';
import { $as, type StepApi } from '../../ftn12.js';
import { stackDepth, tick } from '../helpers.js';

describe('branches that complete synchronously', () => {
  it('a parallel of 100_000 sync branches: every result in order, no branch deeper on the stack than the first', { timeout: 20_000 }, async () => {
    const n = 100_000;
    const depths: number[] = [];
    const branches = Array.from({ length: n }, (_, i) => (_as: FlowStepApi) => {
      if (i === 0 || i === 1000 || i === n - 1) depths.push(stackDepth());
      return i;
    });
    const f = flow().parallel(branches).step((_as, values) => values);
    const values = await run(f, undefined);
    expect(values.length).toBe(n);
    expect(values[0]).toBe(0);
    expect(values[n - 1]).toBe(n - 1);
    // Inline until the burst budget runs out (same depth), then from the ready queue (shallower).
    expect(depths[1]).toBe(depths[0]);
    expect(depths[2]).toBeLessThanOrEqual(depths[0]!);
  });

  it('a map of 100_000 sync items with concurrency 1: no item deeper on the stack than the first', { timeout: 20_000 }, async () => {
    const n = 100_000;
    const depths: number[] = [];
    const f = flow<number>().map(
      (count) => Array.from({ length: count }, (_, i) => i),
      (_as, x: number) => {
        if (x === 0 || x === 1000 || x === n - 1) depths.push(stackDepth());
        return x * 2;
      },
      { concurrency: 1 },
    );
    const out = await run(f, n);
    expect(out.length).toBe(n);
    expect(out[n - 1]).toBe(2 * (n - 1));
    // Inline until the burst budget runs out (same depth), then from the ready queue (shallower).
    expect(depths[1]).toBe(depths[0]);
    expect(depths[2]).toBeLessThanOrEqual(depths[0]!);
  });

  it('parallels nested 60 deep complete; below a fixed nesting, branches are queued, so the stack stops growing', async () => {
    const depths: number[] = [];
    let inner = flow<number>().step((_as, x) => {
      depths.push(stackDepth());
      return x + 1;
    });
    for (let level = 0; level < 60; level++) inner = flow<number>().parallel([inner]).step((_as, [v]) => v! + 1);
    expect(await run(inner, 0)).toBe(61);
    // 60 levels driven inline would be ~430 frames deep here; the cap keeps it under 80.
    expect(depths[0]).toBeLessThan(200);
  });

  it('a branch that waits does not hold up the next one; the step after the parallel runs once every branch is done', async () => {
    const order: string[] = [];
    const f = flow()
      .parallel([
        async () => {
          order.push('a start');
          await tick();
          order.push('a end');
          return 'a';
        },
        () => {
          order.push('b');
          return 'b';
        },
      ])
      .step((_as, v) => {
        order.push('after');
        return v;
      });
    expect(await run(f, undefined)).toEqual(['a', 'b']);
    expect(order).toEqual(['a start', 'b', 'a end', 'after']);
  });

  it('FTN12: branches start in add() order and every first step runs before the step after the parallel', async () => {
    const order: string[] = [];
    await $as()
      .add((as) => {
        const p = as.parallel();
        for (let i = 0; i < 3; i++) {
          p.add((as) => {
            order.push(`branch ${i}`);
            as.add(() => order.push(`branch ${i} sub`));
          });
        }
      })
      .add(() => order.push('after'))
      .promise();
    expect(order).toEqual(['branch 0', 'branch 0 sub', 'branch 1', 'branch 1 sub', 'branch 2', 'branch 2 sub', 'after']);
  });

  it('FTN12: a branch failing synchronously fails the parallel; a waiting sibling is cancelled, later ones never start, the error handler gets the code', async () => {
    const seen: string[] = [];
    const code = await new Promise<string>((resolve) => {
      $as()
        .add(
          (as) => {
            as.parallel()
              .add((as) => {
                seen.push('0 waits');
                as.setCancel(() => seen.push('0 cancelled'));
              })
              .add((as) => {
                seen.push('1 fails');
                as.error('Boom', 'branch 1');
              })
              .add(() => {
                seen.push('2 ran');
              });
          },
          (as, err) => {
            seen.push(`caught ${err} ${as.state.error_info}`);
            resolve(err);
          },
        )
        .execute();
    });
    expect(code).toBe('Boom');
    expect(seen).toEqual(['0 waits', '1 fails', '0 cancelled', 'caught Boom branch 1']);
  });
});

describe('step APIs that escape their handler', () => {
  it('typed: an `as` kept from a finished sync step stays that step’s — used while the next step runs, it changes nothing', async () => {
    let first: FlowStepApi | undefined;
    const events: string[] = [];
    const f = flow<number>()
      .step((as, n) => {
        first = as;
        return n + 1;
      })
      .step((as, n) => {
        expect(as).not.toBe(first);
        first!.success(99);
        return n + 1;
      })
      .step((_as, n) => n * 10);
    expect(await run(f, 0, { onEvent: (e) => events.push(e.type) })).toBe(20);
    expect(events).toContain('ignored');
    first!.success(5);
  });

  it('FTN12: an `as` kept from a finished sync step throws when the next step uses it, and the next step goes on', async () => {
    let first: StepApi | undefined;
    let threw = false;
    const out = await $as()
      .add((as) => {
        first = as;
        as.success(1);
      })
      .add((as, n: number) => {
        try {
          first!.success(99);
        } catch {
          threw = true;
        }
        as.success(n + 1);
      })
      .promise();
    expect(threw).toBe(true);
    expect(out).toBe(2);
  });

  it('FTN12: an `as` kept from a finished branch throws on later use; the one kept from a waiting branch completes it', async () => {
    const kept: StepApi[] = [];
    const done = $as()
      .add((as) => {
        as.parallel()
          .add((as) => {
            kept.push(as);
            as.success('sync');
          })
          .add((as) => {
            kept.push(as);
            as.waitExternal();
          });
      })
      .add((as) => as.success('after'))
      .promise();
    await tick();
    expect(() => kept[0]!.success('late')).toThrow();
    kept[1]!.success('external');
    expect(await done).toBe('after');
    expect(() => kept[1]!.success('again')).toThrow();
  });

  it('typed: an `as` kept from a sync branch and one from a waiting branch: the waiting one completes its branch from outside', async () => {
    const kept: FlowStepApi[] = [];
    const f = flow()
      .parallel([
        (as: FlowStepApi) => {
          kept.push(as);
          return 'sync';
        },
        (as: FlowStepApi) => {
          kept.push(as);
          as.waitExternal();
        },
      ])
      .step((_as, v) => v);
    const execution = run(f, undefined);
    await tick();
    expect(execution.status).toBe('running');
    kept[0]!.success('ignored');
    expect(execution.status).toBe('running');
    kept[1]!.success('external');
    expect(await execution).toEqual(['sync', 'external']);
  });
});
