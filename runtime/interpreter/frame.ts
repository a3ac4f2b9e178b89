/**
 * A frame is one executing graph node: FTN12's "step on the async stack".
 * Frames of one thread form a chain through `parent`; a branch thread's base
 * frame points at the parallel frame in its parent thread. A frame holds the
 * interpreter's state of its node and nothing else; the step API the
 * handlers get (`as`) is built on it (`step-api/step-frame.ts`).
 */
import type { AnyHandler } from '../../graph/nodes/handler.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Unwind } from '../errors.js';
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

/** One of the {@link Phase} values. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Arguments of an empty success. Shared, frozen. */
export const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * The `outcome` of a frame that waits for its own handler's promise (an
 * async handler still running): what the step API calls now come from, most
 * likely, is that handler's body, after an await.
 */
export const AWAITING: readonly unknown[] = Object.freeze([]);

/**
 * What few frames need, kept aside and made on first use, so the frame of a
 * plain step (most frames) stays small: an error handler, a timer, and the
 * input of the first sub-step.
 */
class FrameExtras {
  onError: AnyHandler | undefined = undefined;
  timer: unknown = null;
  nextArgs: readonly unknown[] = EMPTY;
}

/**
 * The interpreter state of one executing node. `TState` is what the node
 * kind's behaviour keeps in `data` (a loop's index, a join, a retry's
 * attempt…), declared by the behaviour. Eleven fields; the rarely set ones live
 * in a {@link FrameExtras} behind accessors.
 */
export class Frame<TState = unknown> {
  declare readonly node: GraphNode;
  declare readonly parent: Frame | null;
  declare readonly thread: Thread;
  /** The input the node was entered with. */
  declare readonly args: readonly unknown[];
  /** Sub-steps to run in order (a static node list or steps added at run time). */
  declare queue: GraphNode[] | readonly GraphNode[] | null;
  /** Index of the next sub-step in `queue`. */
  declare qi: number;
  /** How the running handler ended the step: success() args, or an unwind from errorNoThrow/breakNoThrow; {@link AWAITING} while it waits for its handler's promise. */
  declare outcome: readonly unknown[] | Unwind | null;
  /** FTN12 cancel handler; runs on cancel and while an error unwinds through the frame (`waitExternal` sets a no-op one). */
  declare onCancel: ((as: any) => void) | null;
  declare phase: Phase;
  /** The behaviour's state for this node (see `Behaviour`). */
  declare data: TState | undefined;
  /** The rarely set fields, or null while none was. */
  declare private extras: FrameExtras | null;

  // Fields are declared only (no class-field initialisers): the constructor sets every one, once, in one order.
  constructor(node: GraphNode, parent: Frame | null, thread: Thread, args: readonly unknown[]) {
    this.node = node;
    this.parent = parent;
    this.thread = thread;
    this.args = args;
    this.queue = null;
    this.qi = 0;
    this.outcome = null;
    this.onCancel = null;
    this.phase = Phase.Idle;
    this.data = undefined;
    this.extras = null;
  }

  private more(): FrameExtras {
    return (this.extras ??= new FrameExtras());
  }

  /** The armed error handler (disarmed once called). */
  get onError(): AnyHandler | undefined {
    const x = this.extras;
    return x === null ? undefined : x.onError;
  }

  set onError(handler: AnyHandler | undefined) {
    if (handler !== undefined || this.extras !== null) this.more().onError = handler;
  }

  /** The frame's timer (step setTimeout, timeout node, retry wait). */
  get timer(): unknown {
    const x = this.extras;
    return x === null ? null : x.timer;
  }

  set timer(timer: unknown) {
    if (timer !== null || this.extras !== null) this.more().timer = timer;
  }

  /** Input of the first sub-step, and the implicit success value (FTN12 successStep). */
  get nextArgs(): readonly unknown[] {
    const x = this.extras;
    return x === null ? EMPTY : x.nextArgs;
  }

  set nextArgs(args: readonly unknown[]) {
    if (args !== EMPTY || this.extras !== null) this.more().nextArgs = args;
  }

  /** Has setTimeout/setCancel/waitExternal disabled the implicit success? (FTN12 §1.6) */
  get waits(): boolean {
    if (this.onCancel !== null) return true;
    const x = this.extras;
    return x !== null && x.timer !== null;
  }

  /** Adds a node to this frame's sub-steps. */
  addSubStep(node: GraphNode): void {
    const q = this.queue;
    if (q === null) this.queue = [node];
    else (q as GraphNode[]).push(node);
  }
}

/** Makes the frames of a run: the step API's frame class (one object per step is both frame and `as`). */
export type FrameClass = new (node: GraphNode, parent: Frame | null, thread: Thread, args: readonly unknown[]) => Frame;
