// Shared test helpers: event-loop turns, deferreds, observing promises, gauges.
import { createTestScheduler } from '../testing.js';

export type Sched = ReturnType<typeof createTestScheduler>;

/** One real event-loop turn. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A few real turns: lets promise chains and interpreter hops settle. */
export async function flush(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await tick();
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves with the rejection reason; fails the test when `p` fulfils. */
export function failure(p: PromiseLike<unknown>): Promise<any> {
  return Promise.resolve(p).then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
}

/** Tracks how many callers are inside at once. */
export function gauge() {
  const g = {
    now: 0,
    max: 0,
    enter() {
      g.now++;
      g.max = Math.max(g.max, g.now);
    },
    leave() {
      g.now--;
    },
  };
  return g;
}

/** Records whether a promise has settled yet. */
export function track(p: PromiseLike<unknown>): { settled: boolean; value?: unknown; error?: unknown } {
  const s: { settled: boolean; value?: unknown; error?: unknown } = { settled: false };
  Promise.resolve(p).then(
    (v) => {
      s.settled = true;
      s.value = v;
    },
    (e) => {
      s.settled = true;
      s.error = e;
    },
  );
  return s;
}

/**
 * Observes an execution at once (as `failure(p)` later will) and returns it:
 * for tests that advance virtual time before they read an outcome. A run's
 * promise behaves like any promise: a rejection nobody observes by the end
 * of the tick is an unhandled rejection.
 */
export function observed<T extends PromiseLike<unknown>>(p: T): T {
  Promise.resolve(p).then(undefined, () => {});
  return p;
}

/** Number of JS frames currently on the stack (not capped). */
export function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return new Error().stack!.split('\n').length - 1;
  } finally {
    Error.stackTraceLimit = limit;
  }
}
