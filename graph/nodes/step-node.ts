import { freezeNode } from './freeze.js';
import type { AnyHandler, StepStyle } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * One step: a handler run with the step API, with an optional error handler
 * scoped to the step and everything it adds.
 * @example
 * ```ts
 * if (node.kind === 'step') console.log(node.name ?? node.handler.name);
 * ```
 * @public
 */
export interface StepNode {
  readonly kind: 'step';
  readonly name: string | undefined;
  readonly handler: AnyHandler;
  readonly onError: AnyHandler | undefined;
  readonly style: StepStyle;
}

/** Creates a frozen {@link StepNode}. */
export function stepNode(handler: AnyHandler, onError: AnyHandler | undefined, style: StepStyle, name?: string): StepNode {
  return freezeNode({ kind: 'step', name, handler, onError, style });
}

/**
 * Creates a step node for steps added while a flow runs (FTN12 `as.add` and
 * root `add`). Such a node belongs to one run only: it is never part of a
 * flow's `.graph`, never shared and never exposed, so it skips the cost of
 * freezing. Nodes of built flows always come from {@link stepNode}.
 */
export function runStepNode(handler: AnyHandler, onError: AnyHandler | undefined): StepNode {
  return { kind: 'step', name: undefined, handler, onError, style: 'ftn12' };
}

/**
 * Is a body node a bare handler (called with the construct's extra
 * arguments, like a loop index or a map item's index) rather than a Flow
 * (which gets the plain input)? A Flow's graph is always a sequence or an
 * embed node, never a bare step.
 */
export function isHandlerBody(body: GraphNode): boolean {
  return body.kind === 'step';
}

/** The name of a node that names a step or flow (named steps and embedded flows), if any. */
export function nodeName(node: GraphNode): string | undefined {
  return node.kind === 'step' || node.kind === 'embed' ? node.name : undefined;
}
