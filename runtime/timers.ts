/**
 * Timers of any length on any scheduler. Hosts clamp delays above 2^31 - 1
 * ms (Node fires them after 1 ms), so longer delays are chained in steps
 * no longer than that, each re-reading the scheduler's clock; `Infinity`
 * means never and arms nothing.
 */
import type { Scheduler } from './scheduler.js';

/** The longest delay any host timer takes as given. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The handle of a timer that never fires (`Infinity`). */
const NEVER: unique symbol = Symbol('stepflow.never');

/** A delay longer than a host timer takes: re-armed until it is due. */
class LongTimer {
  handle: unknown = null;
  constructor(
    readonly scheduler: Scheduler,
    readonly fn: () => void,
    readonly due: number,
  ) {}

  arm(): void {
    const left = this.due - this.scheduler.now();
    if (left <= 0) {
      this.handle = null;
      this.fn();
      return;
    }
    this.handle = this.scheduler.setTimer(() => this.arm(), Math.min(left, MAX_TIMER_MS));
  }
}

/** Is `ms` a delay timers take: a non-negative number, `Infinity` included? */
export function isDelay(ms: unknown): ms is number {
  return typeof ms === 'number' && ms >= 0;
}

/** Calls `fn` once after `ms` milliseconds of the scheduler's time; returns a handle for {@link clearTimer}. */
export function setTimer(scheduler: Scheduler, fn: () => void, ms: number): unknown {
  if (!(ms > MAX_TIMER_MS)) return scheduler.setTimer(fn, ms);
  if (ms === Infinity) return NEVER;
  const long = new LongTimer(scheduler, fn, scheduler.now() + ms);
  long.handle = scheduler.setTimer(() => long.arm(), MAX_TIMER_MS);
  return long;
}

/** Cancels a timer made by {@link setTimer}; a handle that already fired is ignored. */
export function clearTimer(scheduler: Scheduler, handle: unknown): void {
  if (handle === NEVER) return;
  if (handle instanceof LongTimer) {
    if (handle.handle !== null) scheduler.clearTimer(handle.handle);
    handle.handle = null;
    return;
  }
  scheduler.clearTimer(handle);
}
