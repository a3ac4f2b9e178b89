/**
 * Threads and runs. A run is one execution of a graph (FTN12: a root
 * AsyncSteps executing); a thread is one sequential flow inside it — the root
 * flow or a parallel branch. Sync primitives treat each thread as a separate
 * owner.
 */
import type { StepStyle } from '../../graph/nodes/handler.js';
import type { Unwind } from '../errors.js';
import { EMPTY, type Frame } from './frame.js';
import type { Scheduler } from '../scheduler.js';
import type { FlowEvent } from '../../typings/events.js';

/** Who learns that a thread ended: the run itself or a parallel frame. */
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

/** What a run needs from the FTN12 root that started it. */
export interface RunRoot {
  /** The root's state object (created on first use). */
  readonly state: any;
  /** A new root on the same scheduler (FTN12 `newInstance`). */
  newInstance(): unknown;
  /** Notes an FTN12 state variable, kept aside until the state object is first used. */
  _note(key: FTN12Note, value: unknown): void;
}

/** The FTN12 state variables the interpreter writes. */
export type FTN12Note = 'error_info' | 'last_exception';

/** Per-run settings and shared state. */
export class Run {
  /** Set once a context scope was entered: handlers then run inside the async-context store. */
  contextual = false;
  /** Receives run events (start/success/error/cancel/retry), or null. */
  events: ((frame: Frame, type: FlowEvent['type'], error?: unknown) => void) | null = null;
  /** Async cleanups started by a cancel; the run settles after them (created on first use). */
  cleanups: Set<Promise<unknown>> | null = null;

  constructor(
    private stateValue: any,
    readonly scheduler: Scheduler,
    readonly style: StepStyle,
    /** The FTN12 root that started the run: creates its state on first use, and new roots. */
    readonly root: RunRoot | null = null,
  ) {}

  /** The run's state object, created on first use: the FTN12 root's, or a new `{}`. */
  get state(): any {
    if (this.stateValue === undefined) this.stateValue = this.root !== null ? this.root.state : {};
    return this.stateValue;
  }

  /**
   * FTN12 runs (those an FTN12 root started): sets `error_info` or
   * `last_exception` in the root's state. The root keeps the value aside
   * until its state object is first used, so a run that never reads its
   * state never builds one. Typed runs have no such variables.
   */
  note(key: FTN12Note, value: unknown): void {
    if (this.root !== null) this.root._note(key, value);
  }

  /** FTN12 runs: notes an error and its `error_info`, as `as.error` does. */
  noteError(info: unknown, exception: unknown): void {
    if (this.root === null) return;
    this.root._note('error_info', info);
    this.root._note('last_exception', exception);
  }

  /** Keeps track of an async cleanup that runs after a cancel. */
  track(promise: Promise<unknown>): void {
    const cleanups = (this.cleanups ??= new Set());
    cleanups.add(promise);
    void promise.then(() => cleanups.delete(promise));
  }

}

/** One sequential flow of execution. */
export class Thread {
  declare readonly run: Run;
  declare readonly owner: ThreadOwner;
  declare top: Frame | null;
  declare base: Frame | null;
  declare signal: number;
  declare args: readonly unknown[];
  declare error: Unwind | null;
  /** In the ready queue. */
  declare queued: boolean;
  /** Finished, failed or cancelled. */
  declare ended: boolean;
  /** Branch index within its parallel owner. */
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
