/**
 * The zod schema of a flow document (version 1): a recursive discriminated
 * union with one strict object per node kind. Structure only: handler
 * lookups and cross-field rules are checked by `graphFromJSON`.
 */
import { z } from 'zod';
import type { FlowJson, JsonValue, NodeJson } from './json-types.js';

const name = z.string().min(1);
const handlerRef = z.string().min(1).describe('the name of a handler in the handlers record');
const objectRef = z.strictObject({ ref: z.string().min(1) }).describe('a named object in the handlers record');
const style = z.enum(['ftn12', 'typed']).optional();
const concurrency = z.number().int().min(1).optional();
const jsonValue: z.ZodType<JsonValue> = z.json();
/** A delay in ms; the string `'Infinity'` (never) where JSON numbers cannot say it. */
const delay = (min: 'positive' | 'nonnegative') =>
  z.union([min === 'positive' ? z.number().positive() : z.number().min(0), z.literal('Infinity')], {
    error: `expected a ${min === 'positive' ? 'positive' : 'non-negative'} number of ms or "Infinity"`,
  });

/** The recursive node schema; members reference it through getters (zod v4 recursion). */
const nodeJson: z.ZodType<NodeJson> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('step'), name: name.optional(), handler: handlerRef.optional(), onError: handlerRef.optional(), style }),
    z.strictObject({
      kind: z.literal('sequence'),
      get steps() {
        return z.array(nodeJson);
      },
    }),
    z.strictObject({ kind: z.literal('embed'), name: name.optional(), input: objectRef.optional(), ...body() }),
    z.strictObject({ kind: z.literal('value'), args: z.array(jsonValue) }),
    z.strictObject({ kind: z.literal('catch'), handler: handlerRef, codes: z.array(z.string()).min(1).optional(), style, ...body() }),
    z.strictObject({ kind: z.literal('finally'), handler: handlerRef, ...body() }),
    z.strictObject({
      kind: z.literal('parallel'),
      mode: z.enum(['all', 'allSettled', 'race', 'any']),
      get branches() {
        return z.array(nodeJson);
      },
      keys: z.array(z.string()).optional(),
      concurrency,
      style,
    }),
    z.strictObject({ kind: z.literal('map'), select: handlerRef, concurrency, ...body() }),
    z.strictObject({
      kind: z.literal('choose'),
      selector: handlerRef,
      get cases() {
        return z.record(z.string(), nodeJson);
      },
      get otherwise() {
        return nodeJson.optional();
      },
    }),
    z.strictObject({
      kind: z.literal('loop'),
      loop: z.enum(['loop', 'repeat', 'forEach']),
      label: z.string().optional(),
      count: z.union([z.number().int().min(0), handlerRef]).optional(),
      select: handlerRef.optional(),
      style,
      ...body(),
    }),
    z.strictObject({ kind: z.literal('sync'), primitive: objectRef, ...body() }),
    z.strictObject({ kind: z.literal('timeout'), ms: delay('positive'), ...body() }),
    z.strictObject({
      kind: z.literal('retry'),
      attempts: z.number().int().min(1),
      backoff: z.strictObject({
        initialMs: delay('nonnegative'),
        factor: z.number().min(1),
        maxMs: delay('nonnegative'),
        jitter: z.enum(['full', 'equal', 'none']),
      }),
      retryOn: z.union([z.array(z.string()), handlerRef]).optional(),
      ...body(),
    }),
    z.strictObject({ kind: z.literal('using'), resource: objectRef, ...body() }),
    z.strictObject({ kind: z.literal('context'), variable: objectRef, value: jsonValue.optional(), compute: handlerRef.optional(), ...body() }),
    z.strictObject({ kind: z.literal('slot'), name }),
    z.strictObject({ kind: z.literal('sleep'), ms: delay('nonnegative').optional(), until: handlerRef.optional() }),
    z.strictObject({ kind: z.literal('wait'), signal: name, timeout: delay('nonnegative').optional() }),
  ]),
);

function body() {
  return {
    get body() {
      return nodeJson;
    },
  };
}

/**
 * The zod schema of a flow document: `{ version: 1, name?, root }`.
 * `fromJSON` validates documents with it.
 * @example
 * ```ts
 * const result = flowJsonSchema.safeParse(JSON.parse(text));
 * if (!result.success) console.log(result.error.issues);
 * ```
 * @public
 */
export const flowJsonSchema: z.ZodType<FlowJson> = z.strictObject({ version: z.literal(1), name: name.optional(), input: objectRef.optional(), root: nodeJson });

/**
 * The JSON Schema (draft 2020-12) of a flow document, generated from
 * {@link flowJsonSchema} by zod; also shipped as `dist/flow-graph.schema.json`.
 * @example
 * ```ts
 * writeFileSync('flow-graph.schema.json', JSON.stringify(graphJsonSchema(), null, 2));
 * ```
 * @public
 */
export function graphJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id?: string; title?: string; description?: string }>();
  registry.add(flowJsonSchema, { title: 'stepflow flow graph', description: 'A stepflow flow as a versioned JSON document (see toJSON and fromJSON).' });
  registry.add(nodeJson, { id: 'NodeJson' });
  registry.add(jsonValue, { id: 'JsonValue' });
  return z.toJSONSchema(flowJsonSchema, { metadata: registry }) as Record<string, unknown>;
}
