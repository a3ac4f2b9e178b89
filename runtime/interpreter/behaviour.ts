/**
 * How the interpreter runs each node kind. The table of behaviours is a
 * `NodeVisitor`-shaped record, so a node kind without a behaviour does not
 * compile.
 */
import type { GraphNode, NodeKind, NodeOfKind } from '../../graph/nodes/node.js';
import type { Unwind } from '../errors.js';
import type { Frame } from './frame.js';

/**
 * The hooks of one node kind. Every hook runs inside the driver and must
 * leave the frame's thread with a signal (see machine.ts helpers).
 */
export interface Behaviour<TNode extends GraphNode> {
  /** Starts the node in its fresh frame. */
  enter(frame: Frame, node: TNode): void;
  /** A sub-step of the frame completed with `args`. Default: the next sub-step, or complete. */
  childDone?(frame: Frame, node: TNode, args: readonly unknown[]): void;
  /** An error or loop signal reached the frame (its timer and cancel handler are done). Default: propagate. */
  unwind?(frame: Frame, node: TNode, error: Unwind): void;
  /** The frame is cancelled from outside (innermost first). Release what it holds. */
  cancel?(frame: Frame, node: TNode): void;
}

/** One behaviour per node kind. */
export type BehaviourTable = { readonly [K in NodeKind]: Behaviour<NodeOfKind<K>> };
