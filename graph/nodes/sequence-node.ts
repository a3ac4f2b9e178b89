import { freezeList, freezeNode } from './freeze.js';
import type { GraphNode } from './node.js';

/**
 * Steps run one after the other; each gets the previous one's result and the
 * sequence completes with the last one's.
 * @example
 * ```ts
 * if (node.kind === 'sequence') console.log(node.steps.length, 'steps');
 * ```
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

/** Creates a sequence node for the level-0 steps of one FTN12 run (see `runStepNode`): private to the run, not frozen. */
export function runSequenceNode(steps: readonly GraphNode[]): SequenceNode {
  return { kind: 'sequence', steps };
}
