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

const isQueued = (f: Frame): boolean => f.data === WAITING;

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
  /**
   * How deep each owning flow holds the lock (re-entry). One owner is kept
   * in fields (a `Mutex(1)` never has more); further owners in a Map.
   */
  private solo: Thread | null = null;
  private soloDepth = 0;
  private readonly owners = new Map<Thread, number>();
  /** Waiting frames in arrival order; a frame that left is skipped when reached. */
  private queue = new ReadyQueue<Frame>();
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
    checkCount('Mutex', 'max', max, false, 1);
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
    const n = this.depthOf(owner);
    if (n > 0) {
      this.setDepth(owner, n + 1);
      f.data = HELD;
      return true;
    }
    if (this.locked < this.max) {
      this.locked++;
      this.setDepth(owner, 1);
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
      // Left at once; its queue entry is skipped when reached, or dropped once the entries that left outnumber
      // the waiting ones (a lock held long while waiters give up must not keep their frames).
      this.queued--;
      const entries = this.queue.length;
      if (this.queued === 0 && entries > 0) this.queue = new ReadyQueue<Frame>();
      else if (entries > 2 * this.queued + 16) this.queue.retain(isQueued);
    } else if (state === HELD) {
      this.release(f.thread);
    }
  }

  private release(owner: Thread): void {
    const n = this.depthOf(owner);
    this.setDepth(owner, n - 1);
    if (n > 1) return;
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
      this.setDepth(w.thread, this.depthOf(w.thread) + 1);
      w.data = HELD;
      resumeEnter(w, sectionBody(w), w.args);
    }
  }

  private depthOf(owner: Thread): number {
    return owner === this.solo ? this.soloDepth : (this.owners.get(owner) ?? 0);
  }

  private setDepth(owner: Thread, n: number): void {
    if (owner === this.solo) {
      this.soloDepth = n;
      if (n === 0) this.solo = null;
    } else if (n === 0) this.owners.delete(owner);
    else if (this.solo === null && !this.owners.has(owner)) {
      this.solo = owner;
      this.soloDepth = n;
    } else this.owners.set(owner, n);
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
