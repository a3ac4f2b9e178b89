/** Builder methods: critical sections, resources, context scopes and template slots. */
import type { ContextVar, Resource } from '../typings/context-types.js';
import type { FlowDefinition, NoSlots, SlotMap, SlotType } from '../typings/flow-types.js';
import type { inferBodyOutput } from '../typings/results.js';
import type { Body, SyncLike, TypeErrorMessage, ValueOrFn } from './handler-types.js';
import type { Flow } from './flow.js';

/**
 * Where slots whose names are plain `string` keep their types (a union).
 * @example
 * ```ts
 * type HasUnnamed<TSlots extends SlotMap> = UnnamedSlots extends keyof TSlots ? true : false;
 * ```
 * @public
 */
export type UnnamedSlots = '~unnamed slots';

/**
 * The slot map after adding a slot: by name when the name is a literal type,
 * else into the union of unnamed slots.
 * @example
 * ```ts
 * type Slots = AddSlot<NoSlots, 'pay', SlotType<Order, Receipt>>; // { pay: SlotType<Order, Receipt> }
 * ```
 * @public
 */
export type AddSlot<TSlots extends SlotMap, TName extends string, TSlot extends SlotType> = string extends TName
  ? Omit<TSlots, UnnamedSlots> & { readonly [K in UnnamedSlots]: (TSlots extends { readonly [K2 in UnnamedSlots]: infer U } ? U : never) | TSlot }
  : TSlots & { readonly [K in TName]: TSlot };

type FlowForSlot<TSlot> = TSlot extends SlotType<infer I, infer O> ? FlowDefinition<I, O, NoSlots> : never;

/**
 * The flows that fill some of a template's slots: named slots by name;
 * slots added without a literal name accept any name with a flow that
 * matches one of them.
 * @example
 * ```ts
 * const fills: SlotFills<{ pay: SlotType<Order, Receipt> }> = { pay: cardPayment };
 * ```
 * @public
 */
export type SlotFills<TSlots extends SlotMap> = UnnamedSlots extends keyof TSlots
  ? { readonly [name: string]: FlowForSlot<TSlots[keyof TSlots]> }
  : { readonly [K in keyof TSlots]?: FlowDefinition<TSlots[K]['in'], TSlots[K]['out'], NoSlots> };

/**
 * The slots left after a fill. Named slots (`slot<I, O, 'pay'>('pay')`) are
 * tracked exactly; slots added without a literal name (`slot<I, O>(name)`)
 * count as filled by any fill at the type level, and run() checks them at
 * run time.
 * @example
 * ```ts
 * type Left = RemainingSlots<{ pay: SlotType<Order, Receipt>; ship: SlotType<Order, Label> }, { pay: typeof cardPayment }>;
 * // { ship: SlotType<Order, Label> }
 * ```
 * @public
 */
export type RemainingSlots<TSlots extends SlotMap, TFills> = UnnamedSlots extends keyof TSlots ? NoSlots : Omit<TSlots, keyof TFills>;

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
   * Leaves a typed hole to be filled with a flow from `$In` to `$Out`.
   * Pass the name as a third type argument (`slot<I, O, 'pay'>('pay')`) to
   * track several slots by name at the type level.
   * @example
   * ```ts
   * const tpl = flow<Order>().slot<Order, Receipt>('pay').step(sendReceipt);
   * ```
   */
  slot<$In, $Out, const $Name extends string = string>(
    name: [TOut] extends [$In] ? $Name : TypeErrorMessage<'the slot input type must accept the output of the flow so far'>,
  ): Flow<TIn, $Out, AddSlot<TSlots, $Name, SlotType<$In, $Out>>>;

  /**
   * Fills template slots with flows; the result is runnable once every
   * slot is filled.
   * @example
   * ```ts
   * const byCard = tpl.fill({ pay: cardPayment });
   * ```
   */
  fill<const $Fills extends SlotFills<TSlots>>(fills: $Fills): Flow<TIn, TOut, RemainingSlots<TSlots, $Fills>>;
}
