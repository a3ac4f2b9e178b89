/**
 * Where a frame is, in words: the names of the named steps and flows above
 * it, with the position of every branch and iteration on the way — `[2]` or
 * `.key` for a parallel branch, `#17` for a loop iteration or a map item —
 * as `FlowError.steps` and the `label` of run events show it. Each behaviour
 * names the positions of its children (`Behaviour.position`).
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { nodeName } from '../../graph/nodes/step-node.js';
import { behaviourOf } from './dispatch.js';
import type { Frame } from './frame.js';

/** The position of `child` below `parent`, if its behaviour names one. */
function positionOf(parent: Frame, child: Frame): string | undefined {
  const b = behaviourOf(parent.node);
  return b.position === undefined ? undefined : b.position(parent, parent.node, child);
}

/**
 * Names of the named steps and flows from the outermost frame down to `f`,
 * with the positions of branches and iterations on the way unless
 * `positions` is false (FlowError.steps; event paths are names only).
 */
export function stepNames(f: Frame | null, positions = true): string[] {
  const names: string[] = [];
  for (let g = f; g !== null; g = g.parent) {
    const name = nodeName(g.node);
    if (name !== undefined) names.push(name);
    if (positions && g.parent !== null) {
      const at = positionOf(g.parent, g);
      if (at !== undefined) names.push(at);
    }
  }
  return names.reverse();
}

/** What a node is called in a label: its name, else its handler's, else its kind. */
export function nodeWord(node: GraphNode): string {
  const name = nodeName(node);
  if (name !== undefined) return name;
  if (node.kind === 'step') return node.handler.name || 'step';
  if (node.kind === 'loop') return node.label === undefined ? node.loop : `${node.loop} ${node.label}`;
  if (node.kind === 'parallel') return node.mode === 'all' ? 'parallel' : node.mode;
  return node.kind;
}

/** The frame's place in words: the names and positions above it, then its own word (`checkout > pay > [1] > charge`). */
export function labelOf(f: Frame): string {
  const names = stepNames(f.parent);
  if (f.parent !== null) {
    const at = positionOf(f.parent, f);
    if (at !== undefined) names.push(at);
  }
  names.push(nodeWord(f.node));
  return names.join(' > ');
}
