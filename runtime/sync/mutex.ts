/**
 * Mutex (FTN12 §2.3): at most `max` flows in the critical section; re-entrant
 * within one flow (each parallel branch is its own flow); an optional queue
 * limit rejects with `DefenseRejected`.
 */
import { Errors } from '../errors.js';
import type { ErrorCallback, ExecuteCallback, StepApi } from '../step-api.js';
import type { ISync, SyncTarget } from './isync.js';
import type { Thread } from '../thread.js';
import { admit, checkCount, leave, type Waiter } from './waiter.js';

interface Hold {
  held: boolean;
}

/**
 * Mutual exclusion for flows: at most `max` flows run the protected steps at
 * once; the rest queue in arrival order.
 * @example
 * ```ts
 * const lock = new Mutex();
 * flow<Order>().sync(lock, (as, order) => save(order));
 * ```
 * @public
 */
export class Mutex implements ISync {
  private locked = 0;
  private readonly owners = new Map<Thread, number>();
  private readonly queue: Waiter[] = [];

  /**
   * @param max - flows allowed in the critical section at once (default 1)
   * @param maxQueue - how many flows may wait; `undefined`/`null` for no limit
   */
  constructor(
    readonly max = 1,
    readonly maxQueue: number | null | undefined = undefined,
  ) {
    checkCount('Mutex', 'max', max, false);
    if (max < 1) throw new TypeError(`Mutex: max must be at least 1, got ${max}`);
    checkCount('Mutex', 'maxQueue', maxQueue, true);
  }

  /** Flows waiting to enter. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Flows inside the critical section. */
  get active(): number {
    return this.locked;
  }

  private tryLock(owner: Thread): boolean {
    const n = this.owners.get(owner);
    if (n !== undefined) {
      this.owners.set(owner, n + 1);
      return true;
    }
    if (this.locked >= this.max) return false;
    this.locked++;
    this.owners.set(owner, 1);
    return true;
  }

  private release(owner: Thread, hold: Hold): void {
    if (!hold.held) return;
    hold.held = false;
    const n = this.owners.get(owner)!;
    if (n > 1) {
      this.owners.set(owner, n - 1);
      return;
    }
    this.owners.delete(owner);
    this.locked--;
    while (this.queue.length > 0 && this.locked < this.max) {
      const w = this.queue.shift()!;
      if (!admit(w)) continue;
      this.locked++;
      this.owners.set(w.as.thread, (this.owners.get(w.as.thread) ?? 0) + 1);
    }
  }

  /** FTN12 synchronisation protocol: adds `step` under this lock to `as`. */
  sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    as.add((outer: StepApi, ...args: unknown[]) => {
      const owner = outer.thread;
      const hold: Hold = { held: false };
      outer.setCancel(() => this.release(owner, hold));
      outer.add((gate: StepApi) => {
        if (this.tryLock(owner)) {
          hold.held = true;
          gate.success(...args);
          return;
        }
        if (this.maxQueue != null && this.queue.length >= this.maxQueue) gate.error(Errors.DefenseRejected, 'Mutex queue limit');
        const w: Waiter = { as: gate, args };
        this.queue.push(w);
        // Granted in release(): the slot is taken on the waiter's behalf.
        hold.held = true;
        gate.setCancel(() => {
          leave(this.queue, w);
          hold.held = false;
        });
      });
      outer.add(step, onerror);
      outer.add((done: StepApi, ...result: unknown[]) => {
        this.release(owner, hold);
        done.success(...result);
      });
    });
  }
}
