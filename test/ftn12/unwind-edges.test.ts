// Edges of unwinding in the FTN12 front end: root.error() while a parallel
// waits (FTN12.md #1), root.cancel() from a cancel handler (#7), the state a
// cancel handler gets (spec §2.1), error_info of errors the library raises
// (§1.7, #5), successStep in an error handler (§2.2.1), argument checks of
// loops at add time.
import { describe, it, expect } from 'vitest';
import { $as, createTestScheduler } from './target.js';
import type { StepApi } from '../../ftn12.js';

describe('FTN12 unwinding edges', () => {
  it('root.error() while a parallel waits cancels its branches (cancel handlers first, timers cleared), then the error goes on', async () => {
    const sched = createTestScheduler();
    const log: string[] = [];
    const branches: StepApi[] = [];
    const root = $as(undefined, sched);
    root.add(
      (as) => {
        as.parallel()
          .add((as) => {
            branches.push(as);
            as.setCancel(() => log.push('c1'));
          })
          .add((as) => {
            branches.push(as);
            as.setTimeout(1000);
          });
      },
      (as, code) => {
        log.push(`handler ${code} ${String(as.state.error_info)}`);
        as.success('rec');
      },
    );
    root.add((as, v) => void log.push(`next ${String(v)}`));
    root.execute();
    expect(() => root.error('Ext', 'info')).toThrow('Ext');
    expect(log).toEqual(['c1']);
    await sched.advance(0);
    expect(log).toEqual(['c1', 'handler Ext info', 'next rec']);
    expect(() => branches[0]!.success()).toThrow();
    expect(sched.pending()).toBe(0);
  });

  it('root.cancel() from a cancel handler during an error or a timeout: no error handler runs after it', async () => {
    const sched = createTestScheduler();
    const log: string[] = [];
    const root = $as(undefined, sched);
    root.add(
      (as) => {
        as.setCancel(() => log.push('c0'));
        as.add(
          (as) => {
            as.setCancel(() => {
              log.push('c1');
              root.cancel();
            });
            as.error('E');
          },
          () => void log.push('h1'),
        );
      },
      () => void log.push('h0'),
    );
    const p = root.promise();
    await expect(p).rejects.toThrow('Cancelled');
    expect(log).toEqual(['c1', 'c0']);

    const log2: string[] = [];
    const r2 = $as(undefined, sched);
    r2.add(
      (as) => {
        as.setTimeout(3);
        as.setCancel(() => {
          log2.push('cancel');
          r2.cancel();
        });
      },
      () => void log2.push('onerror'),
    );
    r2.execute();
    await sched.advance(10);
    expect(log2).toEqual(['cancel']);
    expect(sched.pending()).toBe(0);
  });

  it('a cancel handler gets the live state, on cancel, error unwinding and timeout', async () => {
    const sched = createTestScheduler();
    const seen: unknown[] = [];
    const step = (as: StepApi): void => {
      as.state.conn = 'c1';
      as.setCancel((as) => void seen.push(as.state?.conn));
    };
    const a = $as(undefined, sched).add(step);
    a.execute();
    a.cancel();
    await $as(undefined, sched)
      .add((as) => {
        step(as);
        as.add((as) => as.error('E'));
      }, (as) => as.success())
      .promise();
    const c = $as(undefined, sched).add((as) => {
      step(as);
      as.setTimeout(2);
    }, (as) => as.success());
    const done = c.promise();
    await sched.advance(5);
    await done;
    expect(seen).toEqual(['c1', 'c1', 'c1']);
  });

  it('error_info is the info of the error the library raised, never one an earlier recovered error left', async () => {
    const infos: unknown[] = [];
    for (const bad of [
      (as: StepApi) => {
        as.add(() => {});
        as.success();
      },
      (as: StepApi) => {
        as.success();
        as.success();
      },
    ]) {
      await $as()
        .add((as) => as.error('Earlier', 'stale info'), (as) => as.success())
        .add(bad, (as, code) => {
          infos.push([code, as.state.error_info]);
          as.success();
        })
        .promise();
    }
    expect(infos).toEqual([
      ['InternalError', 'success() after sub-steps were added'],
      ['InternalError', 'success() called twice'],
    ]);
  });

  it('successStep() in an error handler recovers, as the add() it stands for does', async () => {
    const got = await $as()
      .add((as) => as.error('E'), (as) => void as.successStep('rec'))
      .add((as, v) => as.success(`next ${String(v)}`))
      .promise();
    expect(got).toBe('next rec');
  });

  it('repeat counts, forEach collections and loop labels are checked when the loop is added', () => {
    const root = $as();
    expect(() => root.repeat('x' as never, () => {})).toThrow(/^AsyncSteps\.repeat\(\): the count must be a number, got x$/);
    expect(() => root.repeat(NaN, () => {})).toThrow(/the count must be a number/);
    expect(() => root.forEach(null as never, () => {})).toThrow(/^AsyncSteps\.forEach\(\): the collection must be/);
    expect(() => root.forEach(5 as never, () => {})).toThrow(/the collection must be/);
    expect(() => root.loop(() => {}, 5 as never)).toThrow(/^AsyncSteps\.loop\(\): the label must be a string, got 5$/);
    expect(() => root.repeat(0, () => {}).forEach([1], () => {}).forEach(new Map(), () => {}).loop((as) => as.break(), 'L')).not.toThrow();
  });

  it('a negative or fractional repeat count runs as the reference implementation does (i < count)', async () => {
    const counts: number[] = [];
    for (const n of [-1, 2.5]) {
      let k = 0;
      await $as().repeat(n, () => void k++).promise();
      counts.push(k);
    }
    expect(counts).toEqual([0, 3]);
  });
});
