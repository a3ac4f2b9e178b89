/**
 * Mutex (FTN12 §2.3): at most `max` flows in the critical section; re-entrant
 * within one flow (each parallel branch is its own flow); an optional queue
 * limit rejects with `DefenseRejected`. It admits sync frames natively: one
 * frame per entry, and a release resumes the next waiting frame directly.
 */
import type { Frame } from '../interpreter/frame.js';
import type { ErrorCallback, ExecuteCallback } from '../ftn12/step-api.js';
import { ReadyQueue } from '../interpreter/ready-queue.js';
import { isWaiting, resumeEnter } from '../interpreter/moves.js';
import type { Thread } from '../interpreter/thread.js';
import { ISync, type SyncTarget } from './isync.js';
import { addNativeSync, installNativeSection, rejected, sectionBody } from './section.js';
import { checkCount } from './waiter.js';

const HELD = 1;
const WAITING = 2;

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
export class Mutex extends ISync {
  private locked = 0;
  private readonly owners = new Map<Thread, number>();
  /** Waiting frames in arrival order; a frame that left is skipped when reached. */
  private readonly queue = new ReadyQueue<Frame>();
  private queued = 0;

  /**
   * @param max - flows allowed in the critical section at once (default 1)
   * @param maxQueue - how many flows may wait; `undefined`/`null` for no limit
   */
  constructor(
    readonly max = 1,
    readonly maxQueue: number | null | undefined = undefined,
  ) {
    super();
    checkCount('Mutex', 'max', max, false);
    if (max < 1) throw new TypeError(`Mutex: max must be at least 1, got ${max}`);
    checkCount('Mutex', 'maxQueue', maxQueue, true);
  }

  /** Flows waiting to enter. */
  get waiting(): number {
    return this.queued;
  }

  /** Flows inside the critical section. */
  get active(): number {
    return this.locked;
  }

  /** A frame asks to enter (the native protocol). */
  private admit(f: Frame): boolean {
    const owner = f.thread;
    const n = this.owners.get(owner);
    if (n !== undefined) {
      this.owners.set(owner, n + 1);
      f.data = HELD;
      return true;
    }
    if (this.locked < this.max) {
      this.locked++;
      this.owners.set(owner, 1);
      f.data = HELD;
      return true;
    }
    if (this.maxQueue != null && this.queued >= this.maxQueue) throw rejected(f, 'Mutex queue limit');
    this.queue.push(f);
    this.queued++;
    f.data = WAITING;
    return false;
  }

  /** A frame leaves the section or its queue (the native protocol). */
  private leave(f: Frame): void {
    const state = f.data;
    f.data = 0;
    if (state === WAITING) {
      this.queued--; // left at once; its queue entry is skipped when reached
    } else if (state === HELD) {
      this.release(f.thread);
    }
  }

  private release(owner: Thread): void {
    const n = this.owners.get(owner)!;
    if (n > 1) {
      this.owners.set(owner, n - 1);
      return;
    }
    this.owners.delete(owner);
    this.locked--;
    while (this.queued > 0 && this.locked < this.max) {
      const w = this.queue.shift()!;
      if (w.data !== WAITING) continue;
      this.queued--;
      if (!isWaiting(w)) {
        w.data = 0;
        continue;
      }
      this.locked++;
      this.owners.set(w.thread, (this.owners.get(w.thread) ?? 0) + 1);
      w.data = HELD;
      resumeEnter(w, sectionBody(w), w.args);
    }
  }

  /** FTN12 synchronisation protocol: adds `step` under this lock to `as`. */
  override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    addNativeSync(this, as, step, onerror);
  }
}

/** The native protocol's view of a Mutex (its private admit/leave). */
interface MutexSection {
  admit(f: Frame): boolean;
  leave(f: Frame): void;
}

installNativeSection(Mutex, {
  enter: (m, f) => (m as unknown as MutexSection).admit(f),
  leave: (m, f) => (m as unknown as MutexSection).leave(f),
});
