/**
 * Phantom type carriers shared by the builder (dsl/) and the runner
 * (runtime/): a flow's input, output and open template slots live only in
 * the type system.
 */
import type { GraphNode } from '../graph/nodes/node.js';

/**
 * A slot's declared input and output types.
 * @example
 * ```ts
 * type PaySlot = SlotType<Order, Receipt>; // filled by a Flow<Order, Receipt>
 * ```
 * @public
 */
export interface SlotType<TIn = unknown, TOut = unknown> {
  readonly in: TIn;
  readonly out: TOut;
}

/**
 * The open slots of a template: slot name → its types.
 * @example
 * ```ts
 * type CheckoutSlots = SlotMap & { readonly pay: SlotType<Order, Receipt> };
 * ```
 * @public
 */
export type SlotMap = { readonly [name: string]: SlotType };

/**
 * No open slots: a runnable flow.
 * @example
 * ```ts
 * const runnable: Flow<Order, Receipt, NoSlots> = tpl.fill({ pay: cardPayment });
 * ```
 * @public
 */
export type NoSlots = Record<never, never>;

/**
 * What a template's open slots say where a runnable flow is expected: a
 * sentence per open slot (`never` when none is open, so the flow is runnable).
 * @example
 * ```ts
 * type Why = UnfilledSlots<'send'>; // 'this flow is a template: fill its slot `send` with .fill({ send: … }) before running or embedding it'
 * ```
 * @public
 */
export type UnfilledSlots<TName> = TName extends string ? `this flow is a template: fill its slot \`${TName}\` with .fill({ ${TName}: … }) before running or embedding it` : never;

/** Type-level marker key (never present at run time). @public */
export declare const flowTypes: unique symbol;

/**
 * What every flow is to the runner: a frozen graph plus its type carriers.
 * @example
 * ```ts
 * function isRunnable(f: FlowDefinition): boolean {
 *   return f.slots.length === 0;
 * }
 * ```
 * @public
 */
export interface FlowDefinition<TIn = any, TOut = any, TSlots extends SlotMap = any> {
  /** The frozen graph of the flow. */
  readonly graph: GraphNode;
  /** The flow's name, if any. */
  readonly name: string | undefined;
  /** Names of slots not filled yet. */
  readonly slots: readonly string[];
  /** Validates and transforms run input (from `flow(schema)`), or undefined. */
  readonly inputSchema: InputSchema | undefined;
  /** @internal type carrier */
  readonly [flowTypes]?: { readonly in: (input: TIn) => void; readonly out: TOut; readonly slots: TSlots; readonly open: UnfilledSlots<keyof TSlots> };
}

/**
 * The part of a zod schema the runner uses.
 * @example
 * ```ts
 * const schema: InputSchema | undefined = lookup.inputSchema;
 * const result = schema?.safeParse(raw);
 * ```
 * @public
 */
export interface InputSchema {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/**
 * One validation problem of run input: where (`path`) and what (`message`).
 * @example
 * ```ts
 * const result = lookup.inputSchema?.safeParse(raw);
 * if (result && !result.success) result.error.issues.forEach((issue: SchemaIssue) => log.warn(issue.path.map(String).join('.'), issue.message));
 * ```
 * @public
 */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The input type of a flow.
 * @example
 * ```ts
 * type In = inferFlowInput<typeof checkout>; // Order
 * ```
 * @public
 */
export type inferFlowInput<TFlow> = TFlow extends FlowDefinition<infer TIn, any, any> ? TIn : never;
/**
 * The output type of a flow.
 * @example
 * ```ts
 * type Out = inferFlowOutput<typeof checkout>; // Receipt | Review
 * ```
 * @public
 */
export type inferFlowOutput<TFlow> = TFlow extends FlowDefinition<any, infer TOut, any> ? TOut : never;
