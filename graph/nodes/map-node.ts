import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * Runs `body` for every item that `select(input)` yields (an Iterable or an
 * AsyncIterable), at most `concurrency` at a time, and completes with the
 * results in input order.
 * @example
 * ```ts
 * if (node.kind === 'map') console.log(node.concurrency ?? 'unbounded');
 * ```
 * @public
 */
export interface MapNode {
  readonly kind: 'map';
  readonly select: AnyHandler;
  readonly body: GraphNode;
  readonly concurrency: number | undefined;
}

/** Creates a frozen {@link MapNode}. */
export function mapNode(select: AnyHandler, body: GraphNode, concurrency?: number): MapNode {
  return freezeNode({ kind: 'map', select, body, concurrency });
}
