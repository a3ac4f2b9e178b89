/**
 * From a node to the behaviour of its kind: one lookup in the behaviour
 * table. The driver's two per-step moves — entering a node and returning to
 * the parent — keep call sites of their own for the kinds that dominate
 * them, so those stay monomorphic: entering a step, and returning to a
 * sequence, a step (after the sub-steps it added) or a loop (measured in one process, old vs new build: returning
 * to a loop through the table made a 10,000-iteration repeat ~25–30%
 * slower; a switch over all sixteen kinds gained nothing over the table).
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Behaviour } from './behaviour.js';
import { behaviours } from '../behaviours/index.js';
import type { Frame } from './frame.js';
import { nextChild } from './moves.js';

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

/** A sub-step of `p` completed with `args`: its kind's `childDone`, or by default the next sub-step. */
export function childDone(p: Frame, args: readonly unknown[]): void {
  const n = p.node;
  // A sequence and a step have no childDone of their own: they run their next sub-step.
  if (n.kind === 'sequence' || n.kind === 'step') return nextChild(p, args);
  if (n.kind === 'loop') return behaviours.loop.childDone!(p as Frame<any>, n, args);
  const b = behaviourOf(n);
  if (b.childDone !== undefined) b.childDone(p, n, args);
  else nextChild(p, args);
}
