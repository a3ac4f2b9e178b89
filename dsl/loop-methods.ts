/** Builder methods: loops. Loops pass their input through unchanged. */
import type { FlowDefinition, NoSlots, SlotMap } from '../typings/flow-types.js';
import type { FlowStepApi, NotSet } from '../typings/step-api.js';
import type { inferItem, inferKey } from './handler-types.js';
import type { Flow } from './flow.js';

/**
 * Options of `loop`, `repeat` and `forEach`.
 * @example
 * ```ts
 * flow<Job>().loop((as, job) => { if (poll(job)) as.break('poll'); }, { label: 'poll' });
 * ```
 * @public
 */
export interface LoopOptions {
  /** The name `as.break(label)` and `as.continue(label)` refer to. */
  readonly label?: string;
}

/**
 * The loop methods of a {@link Flow}: `loop`, `repeat` and `forEach`. Loops
 * pass their input through unchanged.
 * @example
 * ```ts
 * flow<Cart>()
 *   .forEach((cart) => cart.items, (as, item) => reserve(item))
 *   .step((as, cart) => confirm(cart));
 * ```
 * @public
 */
export interface LoopMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Runs `body` until it calls `as.break()`.
   * @example
   * ```ts
   * flow<Job>().loop((as, job) => { if (poll(job)) as.break(); });
   * ```
   */
  loop(body: ((as: FlowStepApi<NotSet>, input: TOut) => unknown) | FlowDefinition<TOut, any, NoSlots>, options?: LoopOptions): Flow<TIn, TOut, TSlots>;

  /**
   * Runs `body(as, i, input)` `count` times.
   * @example
   * ```ts
   * flow<Batch>().repeat((b) => b.size, (as, i, batch) => process(batch, i));
   * ```
   */
  repeat(
    count: number | ((input: TOut) => number),
    body: ((as: FlowStepApi<NotSet>, i: number, input: TOut) => unknown) | FlowDefinition<TOut, any, NoSlots>,
    options?: LoopOptions,
  ): Flow<TIn, TOut, TSlots>;

  /**
   * Runs `body(as, value, key, input)` for each element of an array, Map,
   * plain object, Iterable or AsyncIterable.
   * @example
   * ```ts
   * flow<Cart>().forEach((cart) => cart.items, (as, item, i) => reserve(item));
   * ```
   */
  forEach<$Collection extends object | string>(
    select: (input: TOut) => $Collection,
    body: ((as: FlowStepApi<NotSet>, value: inferItem<NoInfer<$Collection>>, key: inferKey<NoInfer<$Collection>>, input: TOut) => unknown) | FlowDefinition<TOut, any, NoSlots>,
    options?: LoopOptions,
  ): Flow<TIn, TOut, TSlots>;
}
