/**
 * The scheduler seam: every timer, every resume after an outside event and
 * every yield to the event loop goes through a Scheduler, so tests can swap
 * in virtual time.
 */

/**
 * Where a run gets its clock, timers, resumes and event-loop yields from.
 * `setTimer` is only ever asked for delays up to 2^31 - 1 ms: longer delays
 * (up to `Number.MAX_SAFE_INTEGER`, and `Infinity` for never) are chained by
 * the interpreter.
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
  /**
   * Calls `fn` once the current call stack has unwound: how a flow resumes
   * after an outside `success()`, a timer or a promise. Optional: without
   * it, resumes take {@link Scheduler.yieldTurn}.
   */
  resume?(fn: () => void): void;
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
 * The default scheduler: real time, the host's timers, and microtasks for
 * resumes.
 * @example
 * ```ts
 * const started = realScheduler.now();
 * ```
 * @public
 */
const settled = Promise.resolve();

/**
 * Queues `fn` as a microtask: a reaction on a settled promise. Same queue and
 * order as `queueMicrotask`, at about a third of the cost in Node (which
 * wraps every `queueMicrotask` callback in an async resource); an exception
 * from `fn` surfaces as an unhandled rejection instead of an uncaught error.
 */
export function microtask(fn: () => void): void {
  void settled.then(fn);
}

export const realScheduler: Scheduler = Object.freeze({
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  yieldTurn: macrotask,
  resume: microtask,
});

/** The members every scheduler must have (checked where one is given). */
export const SCHEDULER_METHODS = ['now', 'setTimer', 'clearTimer', 'yieldTurn'] as const;

/** What is wrong with a would-be scheduler, or undefined when it is usable. */
export function schedulerProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return `a Scheduler object, got ${value === null ? 'null' : typeof value}`;
  const missing = SCHEDULER_METHODS.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) return `a Scheduler with ${SCHEDULER_METHODS.join(', ')} methods; missing: ${missing.join(', ')}`;
  const resume = (value as Scheduler).resume;
  if (resume !== undefined && typeof resume !== 'function') return `a Scheduler whose resume is a function, got ${typeof resume}`;
  return undefined;
}
