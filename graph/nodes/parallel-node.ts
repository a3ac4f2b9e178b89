import { freezeList, freezeNode } from './freeze.js';
import type { StepStyle } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * How a parallel block settles:
 * - `all`: every branch must succeed; the first error cancels the others.
 * - `allSettled`: waits for every branch; the result describes each outcome.
 * - `race`: settles like the first branch to settle; the others are cancelled.
 * - `any`: succeeds with the first success; fails with `AllFailed` when all fail.
 * @example
 * ```ts
 * const mode: ParallelMode = 'allSettled';
 * ```
 * @public
 */
export type ParallelMode = 'all' | 'allSettled' | 'race' | 'any';

/**
 * Branches run concurrently, each as its own flow sharing the run's state.
 * `keys` is set when the branches were given as a record: the result is then
 * a record with those keys instead of a tuple.
 * @example
 * ```ts
 * if (node.kind === 'parallel') console.log(node.mode, node.branches.length);
 * ```
 * @public
 */
export interface ParallelNode {
  readonly kind: 'parallel';
  readonly mode: ParallelMode;
  readonly branches: readonly GraphNode[];
  readonly keys: readonly string[] | undefined;
  readonly concurrency: number | undefined;
  readonly style: StepStyle;
}

/** Creates a frozen {@link ParallelNode}. */
export function parallelNode(
  mode: ParallelMode,
  branches: readonly GraphNode[],
  options: { keys?: readonly string[] | undefined; concurrency?: number | undefined; style?: StepStyle } = {},
): ParallelNode {
  return freezeNode({
    kind: 'parallel',
    mode,
    branches: freezeList(branches),
    keys: options.keys && freezeList(options.keys),
    concurrency: options.concurrency,
    style: options.style ?? 'typed',
  });
}

/** Creates the node of an FTN12 `parallel()` step while a flow runs: private to that run, not frozen (see `runStepNode`). */
export function runParallelNode(branches: readonly GraphNode[]): ParallelNode {
  return { kind: 'parallel', mode: 'all', branches, keys: undefined, concurrency: undefined, style: 'ftn12' };
}
