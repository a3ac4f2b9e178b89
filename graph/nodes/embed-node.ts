import { freezeNode } from './freeze.js';
import type { GraphNode } from './node.js';

/**
 * A named flow embedded as one step. It adds its name to the step path of
 * events and errors; otherwise it runs its body in place.
 * @example
 * ```ts
 * if (node.kind === 'embed') console.log(node.name ?? 'an unnamed flow');
 * ```
 * @public
 */
export interface EmbedNode {
  readonly kind: 'embed';
  readonly name: string | undefined;
  readonly body: GraphNode;
}

/** Creates a frozen {@link EmbedNode}. */
export function embedNode(body: GraphNode, name?: string): EmbedNode {
  return freezeNode({ kind: 'embed', name, body });
}
