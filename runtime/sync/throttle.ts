/**
 * Throttle (FTN12 §2.4): at most `max` entries per fixed window of
 * `periodMs`, the window aligned to the first entry after an idle spell.
 * A timer exists only while flows wait, so an idle throttle holds none.
 */
import { Errors } from '../errors.js';
import type { Scheduler } from '../scheduler.js';
import { clearTimer, setTimer } from '../timers.js';
import type { ErrorCallback, ExecuteCallback } from '../ftn12/step-api.js';
import { frameOf } from '../step-api/step-frame.js';
import type { StepApi } from '../ftn12/step-api.js';
import { ISync, type SyncTarget } from './isync.js';
import { admit, checkCount, checkPeriod, leave, type Waiter } from './waiter.js';

/**
 * Rate limiting for flows: at most `max` entries per `periodMs` window; the
 * rest queue and enter in later windows.
 * @example
 * ```ts
 * const perSecond = new Throttle(10, 1000);
 * flow<Req>().sync(perSecond, (as, req) => callApi(req));
 * ```
 * @public
 */
export class Throttle extends ISync {
  private current = 0;
  private windowStart: number | null = null;
  private readonly queue: Waiter[] = [];
  private timer: unknown = null;
  private timerScheduler: Scheduler | null = null;

  /**
   * @param max - entries allowed per window
   * @param periodMs - the window length in milliseconds (default 1000)
   * @param maxQueue - how many flows may wait; `undefined`/`null` for no limit
   */
  constructor(
    readonly max: number,
    readonly periodMs = 1000,
    readonly maxQueue: number | null | undefined = undefined,
  ) {
    super();
    checkCount('Throttle', 'max', max, false, 1);
    checkPeriod('Throttle', 'periodMs', periodMs);
    checkCount('Throttle', 'maxQueue', maxQueue, true);
  }

  /** Flows waiting for a later window. */
  get waiting(): number {
    return this.queue.length;
  }

  private tryEnter(now: number): boolean {
    if (this.windowStart === null || now >= this.windowStart + this.periodMs) {
      this.windowStart = now;
      this.current = 0;
    }
    if (this.current >= this.max) return false;
    this.current++;
    return true;
  }

  private arm(scheduler: Scheduler): void {
    if (this.timer !== null) return;
    const delay = Math.max(0, this.windowStart! + this.periodMs - scheduler.now());
    this.timerScheduler = scheduler;
    this.timer = setTimer(scheduler, () => this.nextWindow(scheduler), delay);
  }

  private disarm(): void {
    if (this.timer !== null) {
      clearTimer(this.timerScheduler!, this.timer);
      this.timer = null;
    }
  }

  private nextWindow(scheduler: Scheduler): void {
    this.timer = null;
    this.windowStart = scheduler.now();
    this.current = 0;
    while (this.queue.length > 0 && this.current < this.max) {
      if (admit(this.queue.shift()!)) this.current++;
    }
    if (this.queue.length > 0) this.arm(this.queue[0]!.as.thread.run.scheduler);
  }

  /** FTN12 synchronisation protocol: adds `step` to `as`, entering only within the rate. */
  override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    as.add((outer: StepApi, ...args: unknown[]) => {
      outer.add((gate: StepApi) => {
        const scheduler = frameOf(gate).thread.run.scheduler;
        if (this.queue.length === 0 && this.tryEnter(scheduler.now())) {
          gate.success(...args);
          return;
        }
        if (this.maxQueue != null && this.queue.length >= this.maxQueue) gate.error(Errors.DefenseRejected, 'Throttle queue limit');
        const w: Waiter = { as: frameOf(gate), args };
        this.queue.push(w);
        gate.setCancel(() => {
          leave(this.queue, w);
          if (this.queue.length === 0) this.disarm();
        });
        this.arm(scheduler);
      });
      outer.add(step, onerror);
    });
  }
}
