/** Flow documents back to Flows: `fromJSON`. */
import { Errors, FlowError } from '../errors/flow-error.js';
import { graphFromJSON } from '../graph/json/from-json.js';
import type { FlowHandlers } from '../graph/json/json-refs.js';
import { walkGraph } from '../graph/visitor.js';
import type { NoSlots, SlotMap } from '../typings/flow-types.js';
import type { Flow } from './flow.js';
import { FlowImpl } from './flow-impl.js';

/**
 * Rebuilds a Flow from a document made by `toJSON` (the object, or its JSON
 * text), resolving every name through `handlers`: handler names to
 * functions, `{ ref }` names to sync primitives, context variables and
 * resources. The document is validated with the zod schema first
 * (`graphJsonSchema()` is its JSON Schema). Two steps may share a name: they
 * then share the handler, as `toJSON` guarantees. The document's `input`
 * names the flow's input schema (validated as `flow(schema)` does); open
 * slots stay open (fill them before running).
 * @throws FlowError `InvalidRequest` whose `info` has one line per problem,
 * `path: message` (like `root.steps[2].handler: unknown name "charge"`):
 * schema violations, unknown or mistyped names, prototype keys (`__proto__`,
 * `constructor`, `prototype`) in the document or in `handlers`, graph nodes
 * nested deeper than 200 levels, more than 10,000 nodes, more than 1 MB.
 * @example
 * ```ts
 * const doc = JSON.parse(readFileSync('checkout.json', 'utf8'));
 * const checkout = fromJSON<Order, Receipt>(doc, { validate, reserve, charge, manualReview, audit });
 * const receipt = await run(checkout, order);
 * ```
 * @public
 */
export function fromJSON<TIn = unknown, TOut = unknown, TSlots extends SlotMap = NoSlots>(doc: unknown, handlers: FlowHandlers): Flow<TIn, TOut, TSlots> {
  const result = graphFromJSON(doc, handlers);
  if (!result.ok) throw new FlowError(Errors.InvalidRequest, result.problems.join('\n'));
  const slots: string[] = [];
  walkGraph(result.graph, (node) => {
    if (node.kind === 'slot') slots.push(node.name);
  });
  return FlowImpl.fromGraph(result.graph, result.name, slots, result.input) as unknown as Flow<TIn, TOut, TSlots>;
}
