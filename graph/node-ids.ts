/**
 * Stable node ids: a node's position in its graph (`0` is the root, `0.2`
 * its third child, `0.2.1` …). Run events name nodes by these ids, and
 * diagrams use them to colour a trace.
 */
import type { GraphNode } from './nodes/node.js';
import { childrenOf } from './visitor.js';

const idCache = new WeakMap<GraphNode, ReadonlyMap<GraphNode, string>>();

/**
 * Ids of every node of a graph, by position (`0` is the root). A node that
 * occurs more than once (a shared sub-flow) keeps the id of its first
 * occurrence in depth-first order.
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
