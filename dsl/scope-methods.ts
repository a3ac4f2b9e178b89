/** Builder methods: critical sections, resources, context scopes and template slots. */
import type { ContextVar, Resource } from '../typings/context-types.js';
import type { FlowDefinition, NoSlots, SlotMap, SlotType } from '../typings/flow-types.js';
import type { SlotTypeSpec } from './slot-type.js';
import type { inferBodyOutput } from '../typings/results.js';
import type { Body, SyncLike, TypeErrorMessage, ValueOrFn } from './handler-types.js';
import type { Flow } from './flow.js';

/**
 * The slot map after adding slot `TName`.
 * @example
 * ```ts
 * type Slots = AddSlot<NoSlots, 'pay', SlotType<Order, Receipt>>; // { pay: SlotType<Order, Receipt> }
 * ```
 * @public
 */
export type AddSlot<TSlots extends SlotMap, TName extends string, TSlot extends SlotType> = TSlots & { readonly [K in TName]: TSlot };

/**
 * The flows that fill some of a template's slots, by slot name.
 * @example
 * ```ts
 * const fills: SlotFills<{ pay: SlotType<Order, Receipt> }> = { pay: cardPayment };
 * ```
 * @public
 */
export type SlotFills<TSlots extends SlotMap> = { readonly [K in keyof TSlots]?: FlowDefinition<TSlots[K]['in'], TSlots[K]['out'], NoSlots> };

/**
 * Keys of a fill that name no open slot: each must be a type error that says so.
 * @example
 * ```ts
 * type Typo = NotOpenSlots<{ sned: Flow<Notice, Delivery> }, { send: SlotType<Notice, Delivery> }>;
 * ```
 * @public
 */
export type NotOpenSlots<TFills, TSlots extends SlotMap> = {
  readonly [K in Exclude<keyof TFills, keyof TSlots>]: TypeErrorMessage<`\`${K & string}\` is not an open slot of this template`>;
};

/**
 * The slots left after a fill.
 * @example
 * ```ts
 * type Left = RemainingSlots<{ pay: SlotType<Order, Receipt>; ship: SlotType<Order, Label> }, { pay: typeof cardPayment }>;
 * // { ship: SlotType<Order, Label> }
 * ```
 * @public
 */
export type RemainingSlots<TSlots extends SlotMap, TFills> = string extends keyof TSlots
  ? // A slot whose name is not tracked (`slot<In, Out>(name)`): a fill that names any slot fills it.
    [keyof TFills] extends [never]
    ? TSlots
    : NoSlots
  : [Exclude<keyof TSlots, keyof TFills>] extends [never]
    ? NoSlots
    : Omit<TSlots, keyof TFills>;

/**
 * A type error unless a slot taking `TSlotIn` accepts `TOut`, the output of the flow so far.
 * @example
 * ```ts
 * type Ok = SlotInputCheck<Order, Order>; // unknown: no error
 * ```
 * @public
 */
export type SlotInputCheck<TOut, TSlotIn> = [TOut] extends [TSlotIn] ? unknown : TypeErrorMessage<'the slot input type must accept the output of the flow so far'>;

/**
 * The scoping methods of a {@link Flow}: `sync`, `using`, `with`, and the
 * template methods `slot` and `fill`.
 * @example
 * ```ts
 * flow<Req>()
 *   .sync(new Mutex(), (as, req) => write(req))
 *   .with(tenant, (req) => req.tenantId, (as) => loadSettings(tenant.get()));
 * ```
 * @public
 */
export interface ScopeMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Runs `body` in the critical section of a Mutex, Throttle, Limiter or
   * CircuitBreaker.
   * @example
   * ```ts
   * flow<Req>().sync(new Limiter({ concurrent: 2 }), (as, req) => callApi(req));
   * ```
   */
  sync<const $Body extends Body<TOut>>(primitive: SyncLike, body: $Body): Flow<TIn, inferBodyOutput<$Body>, TSlots>;

  /**
   * Acquires `resource` for `body` (read it with `as.get(resource)`) and
   * releases it exactly once afterwards.
   * @example
   * ```ts
   * flow<Query>().using(dbConnection, (as, q) => as.get(dbConnection).query(q));
   * ```
   */
  using<const $Body extends Body<TOut>>(resource: Resource<TOut, any>, body: $Body): Flow<TIn, inferBodyOutput<$Body>, TSlots>;

  /**
   * Runs `body` with a context variable set to a value (or a function of
   * the input).
   * @example
   * ```ts
   * flow<Req>().with(tenant, (req) => req.tenantId, handleRequest);
   * ```
   */
  with<$Value, const $Body extends Body<TOut>>(
    variable: ContextVar<$Value>,
    value: ValueOrFn<$Value, TOut>,
    body: $Body,
  ): Flow<TIn, inferBodyOutput<$Body>, TSlots>;

  /**
   * Leaves a typed hole named `name`, to be filled with a flow from `$In` to
   * `$Out` (given by `slotType<$In, $Out>()`). The name is tracked at the
   * type level, so `fill` checks each flow against its slot and refuses a
   * name that is not an open slot.
   * @example
   * ```ts
   * const tpl = flow<Order>().slot('pay', slotType<Order, Receipt>()).step(sendReceipt);
   * ```
   */
  slot<const $Name extends string, $In, $Out>(
    name: $Name,
    type: SlotTypeSpec<$In, $Out> & SlotInputCheck<TOut, $In>,
  ): Flow<TIn, $Out, AddSlot<TSlots, $Name, SlotType<$In, $Out>>>;
  /**
   * The same with the types as type arguments: `slot<Order, Receipt, 'pay'>('pay')`.
   * Given only `<Order, Receipt>`, the name is not tracked (TypeScript cannot
   * take it from the argument once the other two are given): `fill` still
   * checks each flow against the slot's types, but any fill then counts as
   * filling it, and a misspelt name shows only at run time.
   */
  slot<$In, $Out, const $Name extends string = string>(name: $Name & SlotInputCheck<TOut, $In>): Flow<TIn, $Out, AddSlot<TSlots, $Name, SlotType<$In, $Out>>>;

  /**
   * Fills template slots with flows; the result is runnable once every
   * slot is filled.
   * @example
   * ```ts
   * const byCard = tpl.fill({ pay: cardPayment });
   * ```
   */
  fill<const $Fills extends SlotFills<TSlots> & NotOpenSlots<$Fills, TSlots>>(fills: $Fills): Flow<TIn, TOut, RemainingSlots<TSlots, $Fills>>;
}
