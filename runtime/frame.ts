/**
 * A frame is one executing graph node: FTN12's "step on the async stack".
 * Frames of one thread form a chain through `parent`; a branch thread's base
 * frame points at the parallel frame in its parent thread.
 */
import type { AnyHandler } from '../graph/handler.js';
import type { GraphNode } from '../graph/node.js';
import type { Unwind } from './errors.js';
import type { Thread } from './thread.js';

/** What a frame is doing now. */
export const Phase = {
  /** Created, not entered yet, or running its children. */
  Idle: 0,
  /** Its step handler is on the JS stack. */
  Handler: 1,
  /** Its error handler is on the JS stack. */
  ErrorHandler: 2,
  /** Suspended until an external success/error, a timer or a promise. */
  Waiting: 3,
  /** Completed, failed or cancelled: its step API is out of service. */
  Done: 4,
} as const;

/** Arguments of an empty success. Shared, frozen. */
export const EMPTY: readonly unknown[] = Object.freeze([]);

/** The runtime state of one executing node. */
export class Frame {
  readonly node: GraphNode;
  readonly parent: Frame | null;
  readonly thread: Thread;
  readonly args: readonly unknown[];
  /** Sub-steps to run in order (a static node list or steps added at run time). */
  queue: GraphNode[] | readonly GraphNode[] | null;
  /** Index of the next sub-step in `queue`. */
  qi: number;
  /** Input of the first sub-step, and the implicit success value (FTN12 successStep). */
  nextArgs: readonly unknown[];
  /** How the running handler ended the step: success() args, or an unwind from errorNoThrow/breakNoThrow. */
  outcome: readonly unknown[] | Unwind | null;
  /** The armed error handler (disarmed once called). */
  onError: AnyHandler | undefined;
  /** FTN12 cancel handler; runs on cancel and while an error unwinds through the frame. */
  onCancel: ((as: any) => void) | null;
  /** The frame's timer (step setTimeout, timeout node, retry wait). */
  timer: unknown;
  phase: number;
  /** Behaviour-specific state. */
  data: any;

  /** Has setTimeout/setCancel/waitExternal disabled the implicit success? (FTN12 §1.6) */
  get waits(): boolean {
    return this.onCancel !== null || this.timer !== null;
  }

  // Every field is set here, in one order, so all frames share one shape.
  constructor(node: GraphNode, parent: Frame | null, thread: Thread, args: readonly unknown[]) {
    this.node = node;
    this.parent = parent;
    this.thread = thread;
    this.args = args;
    this.queue = null;
    this.qi = 0;
    this.nextArgs = EMPTY;
    this.outcome = null;
    this.onError = undefined;
    this.onCancel = null;
    this.timer = null;
    this.phase = Phase.Idle;
    this.data = undefined;
  }
}
