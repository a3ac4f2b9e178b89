/**
 * How each node kind's frames go into a cursor and come back: the frame
 * state the kind keeps as JSON, and what a frame that was waiting does when
 * its run resumes (wait again, or run again what it waited for). A kind
 * with no codec entry keeps no state, and a waiting frame of it is entered
 * again.
 */
import type { GraphNode, NodeKind, NodeOfKind } from '../../graph/nodes/node.js';
import type { Unwind } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import type { Thread } from '../interpreter/thread.js';
import type { Json, SavedThread } from './cursor.js';

/** What a codec may ask for while a cursor is saved. */
export interface SaveContext {
  /** Is the frame its thread's top, waiting? */
  readonly waiting: boolean;
  /** Where the frame is, in words (for errors). */
  readonly where: string;
  /** Saves a branch thread below the frame. */
  saveThread(t: Thread): SavedThread;
}

/** What a codec may ask for while a cursor is restored. */
export interface RestoreContext {
  /** Is the frame its thread's top? */
  readonly top: boolean;
  /** The top frame waited: the codec's `resumeWait` runs once every thread is rebuilt. */
  readonly waiting: boolean;
  /** Rebuilds a branch thread below `below`, starting at `base`. */
  restoreThread(t: Thread, below: Frame, base: GraphNode, saved: SavedThread): Promise<void>;
}

/**
 * The durable side of one node kind, whose frames keep a `TState`.
 * `restore` may give an unwind: the thread is then rebuilt up to this frame
 * only, and the unwind starts there (a resource that could not be acquired
 * again); it may also be async (re-acquiring a resource).
 */
export interface FrameCodec<TNode extends GraphNode, TState> {
  save?(f: Frame<TState>, node: TNode, ctx: SaveContext): Json | undefined;
  restore?(f: Frame<TState>, node: TNode, saved: Json | undefined, ctx: RestoreContext): void | Unwind | Promise<void | Unwind>;
  /** The frame was its thread's waiting top: wait again (default: enter the node again). */
  resumeWait?(f: Frame<TState>, node: TNode, saved: Json | undefined): void;
}

/** One codec per node kind (left out: no state, re-entered when it waited). */
export type CodecTable = { readonly [K in NodeKind]?: FrameCodec<NodeOfKind<K>, any> };
