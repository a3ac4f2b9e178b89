/**
 * From a node to the behaviour of its kind: one lookup in the behaviour
 * table. The driver's per-step moves keep call sites of their own for the
 * kinds that dominate them, so those stay monomorphic: entering a step, and
 * returning to a sequence or a step (after the sub-steps it added), which
 * goes back to the driver's one call of the step chain (`chain.ts`). A loop
 * whose body is a plain step iterates inside the chain, so returning to a
 * loop takes the table (measured: a switch over all sixteen kinds gained
 * nothing over it).
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Behaviour } from './behaviour.js';
import { behaviours } from '../behaviours/index.js';
import type { Frame } from './frame.js';
import { nextChild } from './moves.js';
import { Signal } from './thread.js';

/** The behaviour of a node's kind (for the rarer hooks: unwind, cancel). */
export function behaviourOf(node: GraphNode): Behaviour<GraphNode, unknown> {
  return behaviours[node.kind] as Behaviour<GraphNode, unknown>;
}

/** Enters the frame's node. */
export function enterNode(f: Frame): void {
  const n = f.node;
  if (n.kind === 'step') behaviours.step.enter(f as Frame<any>, n);
  else behaviourOf(n).enter(f, n);
}

/**
 * A sub-step of `p` completed with `args` (the thread's): its kind's
 * `childDone`, or by default the next sub-step. A sequence and a step have
 * none of their own: the driver's `Next` runs their next sub-steps, plain
 * ones chained, from its one call site of the chain.
 */
export function childDone(p: Frame, args: readonly unknown[]): void {
  const n = p.node;
  if (n.kind === 'sequence' || n.kind === 'step') {
    p.thread.signal = Signal.Next;
    return;
  }
  const b = behaviourOf(n);
  if (b.childDone !== undefined) b.childDone(p, n, args);
  else nextChild(p, args);
}
