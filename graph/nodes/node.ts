import type { CatchNode } from './catch-node.js';
import type { ChooseNode } from './choose-node.js';
import type { ContextNode } from './context-node.js';
import type { EmbedNode } from './embed-node.js';
import type { FinallyNode } from './finally-node.js';
import type { LoopNode } from './loop-node.js';
import type { MapNode } from './map-node.js';
import type { ParallelNode } from './parallel-node.js';
import type { RetryNode } from './retry-node.js';
import type { RunNode } from './run-node.js';
import type { SleepNode } from './sleep-node.js';
import type { WaitNode } from './wait-node.js';
import type { SequenceNode } from './sequence-node.js';
import type { SlotNode } from './slot-node.js';
import type { StepNode } from './step-node.js';
import type { SyncNode } from './sync-node.js';
import type { TimeoutNode } from './timeout-node.js';
import type { UsingNode } from './using-node.js';
import type { ValueNode } from './value-node.js';

/**
 * A node of the immutable step graph: plain, deeply frozen data with a
 * `kind` discriminant. The builder creates nodes; the interpreter reads them.
 * @example
 * ```ts
 * const root: GraphNode = checkout.graph;
 * console.log(root.kind);
 * ```
 * @public
 */
export type GraphNode =
  | StepNode
  | SequenceNode
  | EmbedNode
  | ValueNode
  | CatchNode
  | FinallyNode
  | ParallelNode
  | MapNode
  | ChooseNode
  | LoopNode
  | SyncNode
  | TimeoutNode
  | RetryNode
  | UsingNode
  | ContextNode
  | SlotNode
  | SleepNode
  | WaitNode
  | RunNode;

/**
 * The `kind` discriminant of a graph node, e.g. `'step'`, `'parallel'` or `'retry'`.
 * @example
 * ```ts
 * const concurrent = new Set<NodeKind>(['parallel', 'map']);
 * ```
 * @public
 */
export type NodeKind = GraphNode['kind'];

/**
 * The graph node type for one `kind`.
 * @example
 * ```ts
 * function stepName(node: NodeOfKind<'step'>): string | undefined {
 *   return node.name;
 * }
 * ```
 * @public
 */
export type NodeOfKind<TKind extends NodeKind> = Extract<GraphNode, { kind: TKind }>;
