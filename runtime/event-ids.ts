/**
 * The node ids of run events, by the path of frames: a child's id is its
 * parent frame's id and its position among the parent node's children
 * (`0.2.1`), so a node the graph shares (a flow used twice) gets one id per
 * place, as the diagrams draw it. Below a frame, a node added at run time
 * (`as.add`, `as.run`, awaited or not) gets the frame's id, `>`, and the
 * number of the addition (`0.1>0`, `0.1>1`, …, in the order they ran); its
 * own children go on from there (`0.1>1.0`).
 */
import type { GraphNode } from '../graph/nodes/node.js';
import { childrenOf } from '../graph/visitor.js';
import type { Frame } from './interpreter/frame.js';
import { OTHERWISE_TAKEN } from '../graph/nodes/choose-node.js';

const childIndexes = new WeakMap<GraphNode, ReadonlyMap<GraphNode, number>>();

/** The first position of every child of `node` (a shared child: where it first occurs). */
function indexesOf(node: GraphNode): ReadonlyMap<GraphNode, number> {
  let map = childIndexes.get(node);
  if (map === undefined) {
    const m = new Map<GraphNode, number>();
    childrenOf(node).forEach((c, i) => {
      if (!m.has(c.node)) m.set(c.node, i);
    });
    childIndexes.set(node, (map = m));
  }
  return map;
}

/** The position of `f`'s node among the children of its parent's node, or -1 when it was added at run time. */
export function positionIn(p: Frame, f: Frame): number {
  const pn = p.node;
  const node = f.node;
  // A node may sit twice among its parent's children (`.step(shared).step(shared)`): where the parent is tells which.
  if (pn.kind === 'sequence' && p.queue === pn.steps && pn.steps[p.qi - 1] === node) return p.qi - 1;
  if (pn.kind === 'parallel' && f.thread !== p.thread && pn.branches[f.thread.index] === node) return f.thread.index;
  if (pn.kind === 'choose' && typeof p.data === 'string') {
    // The case it took (its cases first, then otherwise, as childrenOf lists them).
    const keys = Object.keys(pn.cases);
    const i = p.data === OTHERWISE_TAKEN ? keys.length : keys.indexOf(p.data);
    if (i >= 0) return i;
  }
  return indexesOf(pn).get(node) ?? -1;
}

/** Gives the event node id of a run's frames (undefined for frames outside the run's graph). */
export function frameIds(root: GraphNode): (f: Frame) => string | undefined {
  const ids = new WeakMap<Frame, string>();
  /** How many nodes were added below each frame so far. */
  const additions = new WeakMap<Frame, number>();
  const below = (f: Frame, parentId: string): string => {
    const p = f.parent!;
    // An `as.run` frame holds the addition's id; the flow it runs is the root of the added graph.
    if (p.node.kind === 'run') return parentId;
    const i = positionIn(p, f);
    if (i >= 0) return `${parentId}.${i}`;
    const k = additions.get(p) ?? 0;
    additions.set(p, k + 1);
    return `${parentId}>${k}`;
  };
  return (f) => {
    let id = ids.get(f);
    if (id !== undefined) return id;
    const chain: Frame[] = [];
    let g: Frame | null = f;
    while (g !== null && (id = ids.get(g)) === undefined) {
      chain.push(g);
      g = g.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const frame = chain[i]!;
      if (id === undefined) {
        if (frame.parent !== null || frame.node !== root) return undefined;
        id = '0';
      } else id = below(frame, id);
      ids.set(frame, id);
    }
    return id;
  };
}
