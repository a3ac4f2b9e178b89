// FTN12 §2.1: ISync is a class; its sync() raises NotImplemented. Mutex,
// Throttle and Limiter are ISync instances (FTN12.md #16).
import { describe, it, expect } from 'vitest';
import { $as, Errors, ISync, Limiter, Mutex, Throttle } from './target.js';
import { CircuitBreaker, flow, run, ISync as TypedISync } from '../../index.js';
import type { StepApi } from '../../ftn12.js';

describe('ISync', () => {
  it('is a runtime class, and the primitives are its instances', () => {
    expect(typeof ISync).toBe('function');
    expect(new ISync()).toBeInstanceOf(ISync);
    expect(new Mutex()).toBeInstanceOf(ISync);
    expect(new Throttle(1)).toBeInstanceOf(ISync);
    expect(new Limiter()).toBeInstanceOf(ISync);
    expect(new CircuitBreaker()).toBeInstanceOf(ISync);
    expect(TypedISync).toBe(ISync);
  });

  it('its sync() raises NotImplemented to the step’s handlers, with error_info', async () => {
    const seen: unknown[] = [];
    const root = $as();
    root.add(
      (as) => {
        as.sync(new ISync(), (as) => as.success('not reached'));
      },
      (as, code) => {
        seen.push(code, as.state.error_info);
        as.success('handled');
      },
    );
    expect(await root.promise()).toBe('handled');
    expect(seen).toEqual([Errors.NotImplemented, '#sync() API']);
  });

  it('on an idle root, sync(new ISync()) throws NotImplemented at once', () => {
    expect(() => $as().sync(new ISync(), (as) => as.success())).toThrow(Errors.NotImplemented);
  });

  it('a subclass that overrides sync() is a working primitive', async () => {
    const order: string[] = [];
    class Logged extends ISync {
      override sync(as: { add(fn: (as: StepApi, ...args: unknown[]) => unknown, onerror?: unknown): unknown }, step: (as: StepApi, ...args: any[]) => unknown): void {
        as.add((as: StepApi, ...args: unknown[]) => {
          order.push('enter');
          as.successStep(...args);
          as.add(step);
        });
      }
    }
    const root = $as().successStep(20).sync(new Logged(), (as, n: number) => as.success(n + 1));
    expect(await root.promise()).toBe(21);
    expect(order).toEqual(['enter']);
  });

  it('the typed DSL raises NotImplemented for a bare ISync too', async () => {
    const err = await run(flow<number>().sync(new ISync(), (as, n) => n), 1).then(
      () => undefined,
      (e: { code: string }) => e,
    );
    expect(err?.code).toBe(Errors.NotImplemented);
  });
});
