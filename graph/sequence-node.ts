import { freezeList, freezeNode } from './freeze.js';
import type { GraphNode } from './node.js';

/**
 * Steps run one after the other; each gets the previous one's result and the
 * sequence completes with the last one's.
 * @public
 */
export interface SequenceNode {
  readonly kind: 'sequence';
  readonly steps: readonly GraphNode[];
}

/** Creates a frozen {@link SequenceNode}. */
export function sequenceNode(steps: readonly GraphNode[]): SequenceNode {
  return freezeNode({ kind: 'sequence', steps: freezeList(steps) });
}
