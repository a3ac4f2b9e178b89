/**
 * The scheduler seam: every timer and every yield to the event loop goes
 * through a Scheduler, so tests can swap in virtual time.
 */

/**
 * Where a run gets its clock, timers and event-loop yields from.
 * @example
 * ```ts
 * const execution = run(flow, input, { scheduler: createTestScheduler() });
 * ```
 * @public
 */
export interface Scheduler {
  /** Current time in milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for {@link Scheduler.clearTimer}. */
  setTimer(fn: () => void, ms: number): unknown;
  /** Cancels a timer; a handle that already fired is ignored. */
  clearTimer(handle: unknown): void;
  /** Calls `fn` on a later turn of the event loop, after pending I/O and timers had a chance. */
  yieldTurn(fn: () => void): void;
}

const macrotask: (fn: () => void) => void =
  typeof setImmediate === 'function'
    ? (fn) => {
        setImmediate(fn);
      }
    : (fn) => {
        setTimeout(fn, 0);
      };

/**
 * The default scheduler: real time and the host's timers.
 * @public
 */
export const realScheduler: Scheduler = Object.freeze({
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  yieldTurn: macrotask,
});
