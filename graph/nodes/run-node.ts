import type { GraphNode } from './node.js';

/**
 * A flow run as a step's sub-steps by `as.run(flow, input)`. It exists only
 * while a flow runs (one per call): it is never part of a built flow's
 * graph, so `toJSON`, `toMermaid` and templates never meet it.
 * @example
 * ```ts
 * if (node.kind === 'run') console.log('a sub-flow started by as.run()');
 * ```
 * @public
 */
export interface RunNode {
  readonly kind: 'run';
  /** The graph of the flow being run. */
  readonly body: GraphNode;
  /** The flow's input. */
  readonly input: unknown;
}
