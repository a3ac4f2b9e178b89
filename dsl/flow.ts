/**
 * The public builder: `flow()` and the `Flow` interface. Every method
 * returns a new Flow; the receiver never changes, so a flow is a reusable
 * template. A Flow has no `then` method.
 */
import type { FlowDefinition, NoSlots, SlotMap } from '../typings/flow-types.js';
import type { inferStandardInput } from '../typings/schema.js';
import type { CombinatorMethods } from './combinator-methods.js';
import { FlowImpl } from './flow-impl.js';
import type { LoopMethods } from './loop-methods.js';
import type { ScopeMethods } from './scope-methods.js';
import type { StepMethods } from './step-methods.js';
import type { WaitMethods } from './wait-methods.js';

/**
 * An immutable, typed step graph from `TIn` to `TOut`; `TSlots` lists the
 * open slots of a template (a flow with open slots cannot run).
 * @example
 * ```ts
 * function withAudit<I, O>(f: Flow<I, O>): Flow<I, O> {
 *   return f.finally((as, outcome) => audit(outcome));
 * }
 * ```
 * @public
 */
export interface Flow<TIn, TOut, TSlots extends SlotMap = NoSlots>
  extends FlowDefinition<TIn, TOut, TSlots>,
    StepMethods<TIn, TOut, TSlots>,
    CombinatorMethods<TIn, TOut, TSlots>,
    LoopMethods<TIn, TOut, TSlots>,
    ScopeMethods<TIn, TOut, TSlots>,
    WaitMethods<TIn, TOut, TSlots> {}

/**
 * The input type of a schema (its Standard Schema types, as zod declares
 * them), falling back to its output type.
 * @example
 * ```ts
 * type In = inferSchemaInput<typeof orderSchema>;
 * ```
 * @public
 */
export type inferSchemaInput<TSchema> = inferStandardInput<TSchema, inferSchemaOutput<TSchema>>;

/**
 * The output type of a schema: what the first step of `flow(schema)` gets.
 * @example
 * ```ts
 * type Parsed = inferSchemaOutput<typeof orderSchema>;
 * ```
 * @public
 */
export type inferSchemaOutput<TSchema> = TSchema extends FlowSchema<infer TOutput> ? TOutput : never;

/**
 * A zod-like schema: what `flow(schema)` needs.
 * @example
 * ```ts
 * const orderSchema: FlowSchema<{ id: string }> = z.object({ id: z.string() });
 * const lookup = flow(orderSchema, 'lookup').step((as, req) => req.id);
 * ```
 * @public
 */
export interface FlowSchema<TOutput> {
  safeParse(input: unknown): { success: true; data: TOutput } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * Starts a flow. With a zod schema, run input is validated (FlowError
 * `InvalidRequest` naming the bad paths) and `In` is inferred from it.
 * @example
 * ```ts
 * const checkout = flow<Order>('checkout').step('validate', (as, o) => validate(o));
 * const typed = flow(z.object({ id: z.string() }), 'lookup').step((as, req) => req.id);
 * ```
 * @public
 */
export function flow<TIn>(name?: string): Flow<TIn, TIn>;
/**
 * Starts a flow whose run input is validated by a zod schema.
 * @example
 * ```ts
 * const lookup = flow(z.object({ id: z.string() }), 'lookup').step((as, req) => req.id);
 * ```
 * @public
 */
export function flow<const $Schema extends FlowSchema<unknown>>(schema: $Schema, name?: string): Flow<inferSchemaInput<$Schema>, inferSchemaOutput<$Schema>>;
export function flow(schemaOrName?: unknown, name?: unknown): Flow<any, any> {
  if (schemaOrName === undefined || typeof schemaOrName === 'string') {
    if (name !== undefined) throw new TypeError('flow(): a second argument is only taken after a schema');
    return FlowImpl.create(schemaOrName, undefined);
  }
  if (schemaOrName !== null && typeof schemaOrName === 'object' && typeof (schemaOrName as FlowSchema<unknown>).safeParse === 'function') {
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`flow(): name must be a string, got ${typeof name}`);
    return FlowImpl.create(name, schemaOrName as FlowSchema<unknown>);
  }
  throw new TypeError(`flow(): the first argument must be a name or a zod schema, got ${schemaOrName === null ? 'null' : typeof schemaOrName}`);
}
