import type { InputSchema } from '../../typings/flow-types.js';
import { freezeNode } from './freeze.js';
import type { GraphNode } from './node.js';

/**
 * A named flow embedded as one step. It adds its name to the step path of
 * events and errors; otherwise it runs its body in place. A flow with an
 * input schema (`flow(schema)`) embedded in another is wrapped in one whose
 * `input` is that schema: its input is validated (and transformed) as a
 * run's would be.
 * @example
 * ```ts
 * if (node.kind === 'embed') console.log(node.name ?? 'an unnamed flow');
 * ```
 * @public
 */
export interface EmbedNode {
  readonly kind: 'embed';
  readonly name: string | undefined;
  readonly body: GraphNode;
  /** Validates the input before the body runs: the schema of an embedded `flow(schema)`. */
  readonly input: InputSchema | undefined;
}

/** Creates a frozen {@link EmbedNode}. */
export function embedNode(body: GraphNode, name?: string, input?: InputSchema): EmbedNode {
  return freezeNode({ kind: 'embed', name, body, input });
}

/** The graphs of flows with an input schema as other flows embed them, made once per flow. */
const validated = new WeakMap<object, EmbedNode>();

/**
 * The graph of `flow` as another flow embeds it (a step, a branch, a map
 * body, a fill, `as.run`): a `flow(schema)` is wrapped in an embed node that
 * validates its input with the schema, as `run()` does; any other flow is
 * its own graph.
 */
export function embeddedGraph(flow: { readonly graph: GraphNode; readonly inputSchema?: InputSchema | undefined }): GraphNode {
  const schema = flow.inputSchema;
  if (schema === undefined) return flow.graph;
  let graph = validated.get(flow);
  if (graph === undefined) {
    graph = embedNode(flow.graph, undefined, schema);
    validated.set(flow, graph);
  }
  return graph;
}
