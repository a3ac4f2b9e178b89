import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * A handler that runs exactly once after its body succeeded, failed or was
 * cancelled, and gets that outcome.
 * @example
 * ```ts
 * if (node.kind === 'finally') console.log(node.handler.name);
 * ```
 * @public
 */
export interface FinallyNode {
  readonly kind: 'finally';
  readonly body: GraphNode;
  readonly handler: AnyHandler;
}

/** Creates a frozen {@link FinallyNode}. */
export function finallyNode(body: GraphNode, handler: AnyHandler): FinallyNode {
  return freezeNode({ kind: 'finally', body, handler });
}
