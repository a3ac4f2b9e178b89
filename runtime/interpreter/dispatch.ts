/**
 * Dispatch from a node to the behaviour of its kind. A switch on the interned
 * kind strings is much cheaper on the hot path than a keyed lookup. The
 * driver's two per-step moves — entering a node and returning to a parent —
 * give the most common kinds call sites of their own, so those stay
 * monomorphic. The table stays the single, exhaustively typed source of
 * behaviours.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Behaviour } from './behaviour.js';
import { behaviours } from '../behaviours/index.js';
import type { Frame } from './frame.js';
import { nextChild } from './moves.js';

/** The behaviour of a node's kind (for the rarer hooks: unwind, cancel). */
export function behaviourOf(node: GraphNode): Behaviour<GraphNode> {
  switch (node.kind) {
    case 'step':
      return behaviours.step as Behaviour<GraphNode>;
    case 'sequence':
      return behaviours.sequence as Behaviour<GraphNode>;
    case 'embed':
      return behaviours.embed as Behaviour<GraphNode>;
    case 'value':
      return behaviours.value as Behaviour<GraphNode>;
    case 'slot':
      return behaviours.slot as Behaviour<GraphNode>;
    case 'catch':
      return behaviours.catch as Behaviour<GraphNode>;
    case 'finally':
      return behaviours.finally as Behaviour<GraphNode>;
    case 'timeout':
      return behaviours.timeout as Behaviour<GraphNode>;
    case 'choose':
      return behaviours.choose as Behaviour<GraphNode>;
    case 'context':
      return behaviours.context as Behaviour<GraphNode>;
    case 'retry':
      return behaviours.retry as Behaviour<GraphNode>;
    case 'using':
      return behaviours.using as Behaviour<GraphNode>;
    case 'loop':
      return behaviours.loop as Behaviour<GraphNode>;
    case 'parallel':
      return behaviours.parallel as Behaviour<GraphNode>;
    case 'map':
      return behaviours.map as Behaviour<GraphNode>;
    case 'sync':
      return behaviours.sync as Behaviour<GraphNode>;
    case 'run':
      return behaviours.run as Behaviour<GraphNode>;
  }
}

/** Enters the frame's node. Steps, the most common node, get a call site of their own. */
export function enterNode(f: Frame): void {
  const n = f.node;
  if (n.kind === 'step') behaviours.step.enter(f, n);
  else behaviourOf(n).enter(f, n);
}

/** Runs a kind's `childDone`, or by default the frame's next sub-step. */
function onChild<TNode extends GraphNode>(b: Behaviour<TNode>, p: Frame, n: TNode, args: readonly unknown[]): void {
  if (b.childDone !== undefined) b.childDone(p, n, args);
  else nextChild(p, args);
}

/**
 * A sub-step of `p` completed with `args`. Sequences and loops, the most
 * common parents, get call sites of their own.
 */
export function childDone(p: Frame, args: readonly unknown[]): void {
  const n = p.node;
  // A sequence has no childDone of its own: it runs its next step.
  if (n.kind === 'sequence') nextChild(p, args);
  else if (n.kind === 'loop') onChild(behaviours.loop, p, n, args);
  else onChild(behaviourOf(n), p, n, args);
}
