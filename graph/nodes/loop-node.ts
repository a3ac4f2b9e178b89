import { freezeNode } from './freeze.js';
import type { AnyHandler, StepStyle } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * Which loop a {@link LoopNode} is:
 * - `loop`: until `break`;
 * - `repeat`: `count` times (a number, or a function of the input);
 * - `forEach`: over what `select(input)` gives (array, Map, plain object,
 *   Iterable or AsyncIterable).
 * @example
 * ```ts
 * const kind: LoopKind = 'repeat';
 * ```
 * @public
 */
export type LoopKind = 'loop' | 'repeat' | 'forEach';

/**
 * A loop whose body runs once per iteration. `label` is the name that
 * `break(label)` and `continue(label)` refer to.
 * @example
 * ```ts
 * if (node.kind === 'loop') console.log(node.loop, node.label);
 * ```
 * @public
 */
export interface LoopNode {
  readonly kind: 'loop';
  readonly loop: LoopKind;
  readonly body: GraphNode;
  readonly label: string | undefined;
  readonly count: number | AnyHandler | undefined;
  readonly select: AnyHandler | undefined;
  readonly style: StepStyle;
}

/** Creates a frozen {@link LoopNode}. */
export function loopNode(
  loop: LoopKind,
  body: GraphNode,
  options: { label?: string | undefined; count?: number | AnyHandler; select?: AnyHandler; style?: StepStyle } = {},
): LoopNode {
  return freezeNode(loopFields(loop, body, options.label, options.count, options.select, options.style ?? 'typed'));
}

/** Creates the loop node of an FTN12 `loop`/`repeat`/`forEach` call while a flow runs: private to that run, not frozen (see `runStepNode`). */
export function runLoopNode(loop: LoopKind, body: GraphNode, label: string | undefined, count: number | undefined, select: AnyHandler | undefined): LoopNode {
  return loopFields(loop, body, label, count, select, 'ftn12');
}

/** The one place a loop node's fields are laid out, frozen or not. */
function loopFields(loop: LoopKind, body: GraphNode, label: string | undefined, count: number | AnyHandler | undefined, select: AnyHandler | undefined, style: StepStyle): LoopNode {
  return { kind: 'loop', loop, body, label, count, select, style };
}
