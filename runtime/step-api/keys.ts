/**
 * `as.key()`: a stable idempotency key for one attempt of one step. It is
 * built from the run's id, the step's node id in the run's graph, the
 * positions of the branches and iterations it is in, and the attempts of
 * the retries around it, so it is the same when the step runs again after a
 * restart and different on every retry, iteration and branch.
 */
import { nodeIds, walkIds } from '../../graph/node-ids.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import { behaviourOf } from '../interpreter/dispatch.js';
import { positionIn } from '../event-ids.js';

const sharedCache = new WeakMap<GraphNode, ReadonlySet<GraphNode>>();

/** The nodes a graph holds at more than one place (a flow used twice: its nodes, its steps). */
function sharedNodes(root: GraphNode): ReadonlySet<GraphNode> {
  let shared = sharedCache.get(root);
  if (shared === undefined) {
    const seen = new Set<GraphNode>();
    const twice = new Set<GraphNode>();
    walkIds(root, (node) => (seen.has(node) ? twice.add(node) : seen.add(node)));
    sharedCache.set(root, (shared = twice));
  }
  return shared;
}

/** The id of the place the frame's node is at, from the frames below it (`0.1.0`), or undefined when it is outside the graph. */
function placeId(f: Frame, root: GraphNode): string | undefined {
  const at: number[] = [];
  let g = f;
  for (let p = g.parent; p !== null; g = p, p = p.parent) {
    if (p.node.kind === 'run') return undefined;
    const i = positionIn(p, g);
    if (i < 0) return undefined;
    at.push(i);
  }
  return g.node === root ? `0${at.reverse().map((i) => `.${i}`).join('')}` : undefined;
}

/**
 * The node id of a step in the run's graph: a node at one place has one
 * id; a node the graph holds at several places (a flow used twice) is told
 * apart by the place it runs at, so each use has keys of its own.
 */
function keyId(f: Frame, root: GraphNode): string | undefined {
  const id = nodeIds(root).get(f.node);
  if (!sharedNodes(root).has(f.node)) return id;
  // The place the node id names keeps its key (a run from before keeps it there); each other place has its own.
  const place = placeId(f, root);
  return place === undefined || place === id ? id : `${id}@${place}`;
}

/** The idempotency key of the frame's step attempt. */
export function stepKey(f: Frame): string {
  const run = f.thread.run;
  const id = run.graph === null ? undefined : keyId(f, run.graph);
  const where: string[] = [];
  for (let g: Frame | null = f; g !== null; g = g.parent) {
    const p = g.parent;
    if (p === null) break;
    if (p.node.kind === 'retry') where.push(`try${String(p.data)}`);
    const b = behaviourOf(p.node);
    const at = b.position?.(p, p.node, g);
    if (at !== undefined) where.push(at);
  }
  return `${run.id}:${id ?? labelOf(f)}${where.length > 0 ? `:${where.reverse().join('/')}` : ''}`;
}
