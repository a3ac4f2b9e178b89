import { freezeNode } from './freeze.js';
import type { AnyHandler, StepStyle } from './handler.js';

/**
 * One step: a handler run with the step API, with an optional error handler
 * scoped to the step and everything it adds.
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
