/**
 * The flows a process knows, by version. A durable flow needs a name (the
 * runs of one flow are listed by it) and a graph a checkpoint can hold;
 * each version is its graph hash. In `every-step` checkpoint mode the graph
 * run is a copy whose step handlers complete asynchronously, so each step
 * commits (same shape, same hash).
 */
import type { FlowDefinition } from '../../typings/flow-types.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { freezeNode } from '../../graph/nodes/freeze.js';
import { transformGraph } from '../../graph/transform.js';
import { graphHash } from './graph-hash.js';
import { checkDurableGraph } from './refusals.js';

/**
 * When a durable run commits: `async` when an asynchronous step completes
 * (grouping the synchronous steps after it up to the next wait), or
 * `every-step` after every step.
 * @example
 * ```ts
 * const engine = createDurable({ checkpoints: 'every-step' });
 * ```
 * @public
 */
export type CheckpointMode = 'async' | 'every-step';

/** One flow version a process can run. */
export interface FlowVersion {
  readonly name: string;
  readonly hash: string;
  readonly flow: FlowDefinition;
  /** The graph runs execute (in `every-step` mode, with asynchronous steps). */
  readonly graph: GraphNode;
}

const asyncSteps = (root: GraphNode): GraphNode =>
  transformGraph(root, (node) => {
    if (node.kind !== 'step') return node;
    const handler = node.handler;
    const later = async (...args: unknown[]): Promise<unknown> => (handler as (...a: unknown[]) => unknown)(...args);
    Object.defineProperty(later, 'name', { value: handler.name });
    return freezeNode({ ...node, handler: later });
  });

/** Checks a flow for durable runs and gives its version. */
export function flowVersion(flow: FlowDefinition, mode: CheckpointMode, where: string): FlowVersion {
  const graph = (flow as { graph?: GraphNode } | null)?.graph;
  if (graph === undefined || graph === null || typeof graph.kind !== 'string') throw new TypeError(`${where}: expected a Flow (built with flow())`);
  if (typeof flow.name !== 'string') throw new TypeError(`${where}: a durable flow needs a name (flow<Input>('name')), so its runs can be found and resumed`);
  if (flow.slots.length > 0) throw new TypeError(`${where}: the flow "${flow.name}" is a template with unfilled slots: ${flow.slots.map((s) => `"${s}"`).join(', ')}`);
  checkDurableGraph(graph, flow.name);
  return { name: flow.name, hash: graphHash(graph), flow, graph: mode === 'every-step' ? asyncSteps(graph) : graph };
}
