/** Builder methods: critical sections, resources, context scopes and template slots. */
import type { ContextVar, Resource } from '../typings/context-types.js';
import type { FlowDefinition, NoSlots, SlotMap, SlotType } from '../typings/flow-types.js';
import type { inferBodyOutput } from '../typings/results.js';
import type { Body, SyncLike, TypeErrorMessage, ValueOrFn } from './handler-types.js';
import type { Flow } from './flow.js';

/**
 * The slots left after a fill. Slot names given as type arguments are
 * tracked exactly; a template whose slot names are plain `string` counts as
 * filled by any fill at the type level (run() still checks every slot).
 * @public
 */
export type RemainingSlots<TSlots extends SlotMap, TFills> = string extends keyof TSlots ? NoSlots : Omit<TSlots, keyof TFills>;

/** The flows that fill some of a template's slots. @public */
export type SlotFills<TSlots extends SlotMap> = {
  readonly [K in keyof TSlots]?: FlowDefinition<TSlots[K]['in'], TSlots[K]['out'], NoSlots>;
};

/** @public */
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
  ): Flow<TIn, $Out, TSlots & { readonly [K in $Name]: SlotType<$In, $Out> }>;

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
