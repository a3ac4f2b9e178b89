import { freezeNode, freezeRecord } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * Declarative branching: `selector(input)` names the case to run; without a
 * matching case `otherwise` runs, and without that the node fails.
 * @example
 * ```ts
 * if (node.kind === 'choose') console.log(Object.keys(node.cases));
 * ```
 * @public
 */
export interface ChooseNode {
  readonly kind: 'choose';
  readonly selector: AnyHandler;
  readonly cases: Readonly<Record<string, GraphNode>>;
  readonly otherwise: GraphNode | undefined;
}

/** What a running choose records when it took `otherwise` (not a case key: no key starts with a NUL). */
export const OTHERWISE_TAKEN = '\u0000otherwise';

/** Creates a frozen {@link ChooseNode}. */
export function chooseNode(selector: AnyHandler, cases: Readonly<Record<string, GraphNode>>, otherwise?: GraphNode): ChooseNode {
  return freezeNode({ kind: 'choose', selector, cases: freezeRecord(cases), otherwise });
}
