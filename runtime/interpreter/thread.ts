/**
 * A thread is one sequential flow inside a run: the root flow or a parallel
 * branch (or a map item). Its frames form a stack through `parent`, and its
 * signal tells the driver what to do next with the top frame. Sync
 * primitives treat each thread as a separate owner.
 */
import type { Unwind } from '../errors.js';
import { EMPTY, type Frame } from './frame.js';
import type { Run } from './run.js';

/** Who learns that a thread ended: its run (the root thread) or a join (a branch). */
export interface ThreadOwner {
  threadDone(thread: Thread, args: readonly unknown[]): void;
  threadFailed(thread: Thread, error: Unwind): void;
}

/** What the driver does next with a thread's top frame. */
export const Signal = {
  /** Enter the top frame's node. */
  Enter: 0,
  /** Start the top frame's next sub-step, or complete it when none is left. */
  Next: 1,
  /** The top frame completed with `args`. */
  Done: 2,
  /** `error` unwinds at the top frame. */
  Fail: 3,
  /** Suspended; an external event will set another signal. */
  Wait: 4,
} as const;

/** One of the {@link Signal} values. */
export type Signal = (typeof Signal)[keyof typeof Signal];

/** One sequential flow of execution. */
export class Thread {
  declare readonly run: Run;
  declare readonly owner: ThreadOwner;
  declare top: Frame | null;
  declare base: Frame | null;
  declare signal: Signal;
  declare args: readonly unknown[];
  declare error: Unwind | null;
  /** In the ready queue. */
  declare queued: boolean;
  /** Finished, failed or cancelled. */
  declare ended: boolean;
  /** Branch index within its join. */
  declare index: number;
  /** Continuation variable values (copy on write), or null when none was set. */
  declare cvars: Map<object, unknown> | null;

  // Fields are declared only: the constructor sets every one, once, in one order.
  constructor(run: Run, owner: ThreadOwner) {
    this.run = run;
    this.owner = owner;
    this.top = null;
    this.base = null;
    this.signal = Signal.Enter;
    this.args = EMPTY;
    this.error = null;
    this.queued = false;
    this.ended = false;
    this.index = 0;
    this.cvars = null;
  }
}
