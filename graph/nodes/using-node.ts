import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * A resource definition: `acquire(input)` before the body, `release(value, outcome)`
 * exactly once after it.
 * @example
 * ```ts
 * const db: ResourceDef = resource('db', () => connect(), (conn) => conn.close());
 * ```
 * @public
 */
export interface ResourceDef {
  readonly name: string;
  readonly acquire: AnyHandler;
  readonly release: AnyHandler;
}

/**
 * A body run with an acquired resource, released on success, error and cancel.
 * @example
 * ```ts
 * if (node.kind === 'using') console.log(node.resource.name);
 * ```
 * @public
 */
export interface UsingNode {
  readonly kind: 'using';
  readonly resource: ResourceDef;
  readonly body: GraphNode;
}

/** Creates a frozen {@link UsingNode}. */
export function usingNode(resource: ResourceDef, body: GraphNode): UsingNode {
  return freezeNode({ kind: 'using', resource, body });
}
