/**
 * How the interpreter runs each node kind. The table of behaviours is a
 * `NodeVisitor`-shaped record, so a node kind without a behaviour does not
 * compile. Each behaviour declares the state it keeps in its frames
 * (`frame.data`): a loop's position, a join, a retry's attempt…
 */
import type { GraphNode, NodeKind, NodeOfKind } from '../../graph/nodes/node.js';
import type { Unwind } from '../errors.js';
import type { Frame } from './frame.js';

/**
 * The hooks of one node kind, whose frames keep a `TState`. Every hook runs
 * inside the driver and must leave the frame's thread with a signal (see
 * the moves in `moves.ts`).
 */
export interface Behaviour<TNode extends GraphNode, TState = undefined> {
  /** Starts the node in its fresh frame. */
  enter(frame: Frame<TState>, node: TNode): void;
  /** A sub-step of the frame completed with `args`. Default: the next sub-step, or complete. */
  childDone?(frame: Frame<TState>, node: TNode, args: readonly unknown[]): void;
  /** An error or loop signal reached the frame (its timer and cancel handler are done). Default: propagate. */
  unwind?(frame: Frame<TState>, node: TNode, error: Unwind): void;
  /** The frame is cancelled from outside (innermost first). Release what it holds. */
  cancel?(frame: Frame<TState>, node: TNode): void;
  /** Where `child`, a frame just below this one, is: `[2]`, `.key`, `#17` (for labels and `FlowError.steps`). */
  position?(frame: Frame<TState>, node: TNode, child: Frame): string | undefined;
}

/** One behaviour per node kind, each with its own frame state. */
export type BehaviourTable = { readonly [K in NodeKind]: Behaviour<NodeOfKind<K>, any> };
