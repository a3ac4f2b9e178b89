import { describe, expect, it } from 'vitest';
import { CircuitBreaker, Limiter, Mutex, Throttle } from '../../index.js';
import { Limiter as FTN12Limiter } from '../../ftn12.js';

describe('sync primitives refuse settings that would hang or be ignored, naming the primitive and the option', () => {
  it('a limit of 0 admits no flow: refused', () => {
    expect(() => new Mutex(0)).toThrow(/^Mutex: max must be an integer of at least 1, got 0$/);
    expect(() => new Throttle(0)).toThrow(/^Throttle: max must be an integer of at least 1, got 0$/);
    expect(() => new Limiter({ rate: 0, burst: 10 })).toThrow(/^Limiter: rate must be an integer of at least 1/);
    expect(() => new Limiter({ concurrent: 0 })).toThrow(/^Limiter: concurrent must be an integer of at least 1, got 0$/);
  });

  it('counts are integers', () => {
    expect(() => new Mutex(1.5)).toThrow(/Mutex: max must be an integer/);
    expect(() => new Mutex(Infinity)).toThrow(/Mutex: max must be an integer of at least 1, got Infinity/);
    expect(() => new Throttle(1.5)).toThrow(/Throttle: max must be an integer/);
    expect(() => new Mutex(1, 2.5)).toThrow(/Mutex: maxQueue must be an integer of at least 0 \(or null for no limit\), got 2.5/);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5 })).toThrow(/CircuitBreaker: failureThreshold must be an integer/);
  });

  it('periods are positive and finite', () => {
    expect(() => new Throttle(1, 0)).toThrow(/^Throttle: periodMs must be a positive, finite number of ms, got 0$/);
    expect(() => new Throttle(1, -5)).toThrow(/^Throttle: periodMs must be a positive, finite number of ms, got -5$/);
    expect(() => new Limiter({ rate: 1, period_ms: -1 })).toThrow(/^Limiter: period_ms must be/);
  });

  it("a Limiter's errors name the Limiter option, not the Mutex or Throttle inside it", () => {
    expect(() => new Limiter({ rate: -1 })).toThrow(/^Limiter: rate /);
    expect(() => new Limiter({ burst: -1, rate: 1 })).toThrow(/^Limiter: burst /);
    expect(() => new Limiter({ max_queue: -1 })).toThrow(/^Limiter: max_queue /);
    expect(() => new FTN12Limiter({ maxQueue: 1.5 })).toThrow(/^Limiter: maxQueue /);
  });

  it('options are objects with known names', () => {
    expect(() => new Limiter(5 as never)).toThrow(/^Limiter: options must be an object, got 5$/);
    expect(() => new CircuitBreaker(5 as never)).toThrow(/^CircuitBreaker: options must be an object, got 5$/);
    expect(() => new Limiter({ concurent: 2 } as never)).toThrow(/^Limiter: unknown option 'concurent'/);
    expect(() => new CircuitBreaker({ threshold: 2 } as never)).toThrow(/^CircuitBreaker: unknown option 'threshold'/);
  });

  it('valid settings still build', () => {
    expect(() => new Mutex(2, null)).not.toThrow();
    expect(() => new Throttle(10, 1000, 0)).not.toThrow();
    expect(() => new Limiter({ concurrent: 4, maxQueue: 100, rate: 50, periodMs: 1000, burst: 20 })).not.toThrow();
    expect(() => new FTN12Limiter({ concurrent: 2, max_queue: 10, rate: 5, period_ms: 1000, burst: 5 })).not.toThrow();
    expect(() => new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: Infinity, halfOpenMax: 2 })).not.toThrow();
  });
});
