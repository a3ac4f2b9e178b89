import { freezeList, freezeNode } from './freeze.js';

/**
 * A step that succeeds at once with fixed result arguments (FTN12
 * `successStep`).
 * @example
 * ```ts
 * if (node.kind === 'value') console.log(node.args);
 * ```
 * @public
 */
export interface ValueNode {
  readonly kind: 'value';
  readonly args: readonly unknown[];
}

/** Creates a frozen {@link ValueNode}. */
export function valueNode(args: readonly unknown[]): ValueNode {
  return freezeNode(runValueNode(freezeList(args)));
}

/** Creates the value node of an FTN12 `successStep()` call while a flow runs: private to that run, not frozen (see `runStepNode`). */
export function runValueNode(args: readonly unknown[]): ValueNode {
  return { kind: 'value', args };
}
