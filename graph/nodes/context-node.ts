import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * A context variable as the graph sees it: an identity with a name.
 * @example
 * ```ts
 * const key: ContextKey = contextVar<string>('tenant');
 * ```
 * @public
 */
export interface ContextKey {
  readonly name: string;
}

/**
 * Runs the body with a context variable set: to `value`, or to
 * `compute(input)` when `compute` is given.
 * @example
 * ```ts
 * if (node.kind === 'context') console.log(node.variable.name);
 * ```
 * @public
 */
export interface ContextNode {
  readonly kind: 'context';
  readonly variable: ContextKey;
  readonly value: unknown;
  readonly compute: AnyHandler | undefined;
  readonly body: GraphNode;
}

/** Creates a frozen {@link ContextNode}. */
export function contextNode(variable: ContextKey, body: GraphNode, value: unknown, compute?: AnyHandler): ContextNode {
  return freezeNode({ kind: 'context', variable, value, compute, body });
}
