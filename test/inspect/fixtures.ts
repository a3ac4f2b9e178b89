// Real runs for the inspector tests: events with captured values.
import { createTrace, run, type FlowEvent } from '../../index.js';
import type { FlowDefinition } from '../../typings/flow-types.js';
import { nodeIds } from '../../graph/node-ids.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { walkGraph } from '../../graph/visitor.js';

/** Runs a flow with value capture and returns its events (a failed run too). */
export async function traceOf(f: FlowDefinition, input: unknown, options: { state?: object } = {}): Promise<FlowEvent[]> {
  const trace = createTrace();
  await run(f as never, input, { ...options, onEvent: trace.onEvent, capture: { values: true } }).then(
    () => undefined,
    () => undefined,
  );
  return [...trace.events];
}

/** The node id of the first node `pick` accepts (fails when there is none). */
export function nodeId(f: FlowDefinition, pick: (n: GraphNode) => boolean): string {
  let found: GraphNode | undefined;
  walkGraph(f.graph, (n) => {
    if (found === undefined && pick(n)) found = n;
  });
  if (found === undefined) throw new Error('no such node');
  return nodeIds(f.graph).get(found)!;
}

export const named =
  (name: string) =>
  (n: GraphNode): boolean =>
    (n.kind === 'step' || n.kind === 'embed') && n.name === name;

export const ofKind =
  (kind: GraphNode['kind']) =>
  (n: GraphNode): boolean =>
    n.kind === kind;
