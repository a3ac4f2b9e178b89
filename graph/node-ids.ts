/**
 * Stable node ids: a node's position in its graph (`0` is the root, `0.2`
 * its third child, `0.2.1` …), by path, so a node the graph holds at two
 * places (a flow used twice) has two ids. Run events name nodes by these
 * ids, and diagrams use them to colour a trace.
 */
import type { GraphNode } from './nodes/node.js';
import { childrenOf } from './visitor.js';

const idCache = new WeakMap<GraphNode, ReadonlyMap<GraphNode, string>>();

/** The id of the child at `index` (in {@link childrenOf} order) of the node with id `parent`. */
export const childId = (parent: string, index: number): string => `${parent}.${index}`;

/**
 * Calls `fn` for every place of a graph with the node there and its id,
 * parents before children, without recursion: a shared node once per place.
 */
export function walkIds(root: GraphNode, fn: (node: GraphNode, id: string) => void): void {
  const stack: Array<[GraphNode, string]> = [[root, '0']];
  while (stack.length > 0) {
    const [node, id] = stack.pop()!;
    fn(node, id);
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!.node, childId(id, i)]);
  }
}

/**
 * Ids of every node of a graph, by position (`0` is the root), for lookups
 * by node. A node that occurs at more than one place (a shared sub-flow)
 * has an id per place, as {@link walkIds} gives them and run events and
 * diagrams use them; this map keeps only one of them.
 * @example
 * ```ts
 * const id = nodeIds(checkout.graph).get(someNode); // e.g. '0.0.2'
 * ```
 * @public
 */
export function nodeIds(root: GraphNode): ReadonlyMap<GraphNode, string> {
  let ids = idCache.get(root);
  if (ids !== undefined) return ids;
  const map = new Map<GraphNode, string>();
  const stack: Array<[GraphNode, string]> = [[root, '0']];
  while (stack.length > 0) {
    const [node, id] = stack.pop()!;
    if (!map.has(node)) map.set(node, id);
    childrenOf(node).forEach((c, i) => stack.push([c.node, `${id}.${i}`]));
  }
  idCache.set(root, map);
  return map;
}
