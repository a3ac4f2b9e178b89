import { freezeList, freezeNode } from './freeze.js';
import type { AnyHandler, StepStyle } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * An error handler wrapped around a body. With `codes`, only errors with one
 * of those codes reach the handler; others pass on unchanged.
 * @example
 * ```ts
 * if (node.kind === 'catch') console.log(node.codes ?? 'every code');
 * ```
 * @public
 */
export interface CatchNode {
  readonly kind: 'catch';
  readonly body: GraphNode;
  readonly codes: readonly string[] | undefined;
  readonly handler: AnyHandler;
  readonly style: StepStyle;
}

/** Creates a frozen {@link CatchNode}. */
export function catchNode(body: GraphNode, handler: AnyHandler, codes?: readonly string[], style: StepStyle = 'typed'): CatchNode {
  return freezeNode({ kind: 'catch', body, codes: codes && freezeList(codes), handler, style });
}
