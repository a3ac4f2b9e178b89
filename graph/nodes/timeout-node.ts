import { freezeNode } from './freeze.js';
import type { GraphNode } from './node.js';

/**
 * A time limit on a body: when `ms` pass first, the body is cancelled and
 * the node fails with `Timeout`, which can be caught outside it.
 * @example
 * ```ts
 * if (node.kind === 'timeout') console.log(node.ms, 'ms');
 * ```
 * @public
 */
export interface TimeoutNode {
  readonly kind: 'timeout';
  readonly ms: number;
  readonly body: GraphNode;
}

/** Creates a frozen {@link TimeoutNode}. */
export function timeoutNode(body: GraphNode, ms: number): TimeoutNode {
  return freezeNode({ kind: 'timeout', ms, body });
}
