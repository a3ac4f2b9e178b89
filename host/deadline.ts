/**
 * A wait with a deadline on a scheduler: resolves `true` when ended early
 * (the awaited condition came true), `false` when the time passed or it was
 * cut short; the timer is cleared either way, so nothing is left behind.
 */
import type { Scheduler } from '../runtime/scheduler.js';
import { clearTimer, setTimer } from '../runtime/timers.js';

export class Deadline {
  readonly promise: Promise<boolean>;
  private resolve!: (value: boolean) => void;
  private timer: unknown;
  private done = false;

  constructor(
    private readonly scheduler: Scheduler,
    ms: number,
  ) {
    this.promise = new Promise((resolve) => (this.resolve = resolve));
    this.timer = setTimer(scheduler, () => this.end(false), ms);
  }

  /** Ends the wait with `result` (once; later calls do nothing). */
  end(result: boolean): void {
    if (this.done) return;
    this.done = true;
    clearTimer(this.scheduler, this.timer);
    this.resolve(result);
  }
}
