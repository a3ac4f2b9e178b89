/** Builder methods: steps and the wrappers that apply to the flow so far. */
import type { FlowFailure } from '../typings/errors.js';
import type { FlowDefinition, NoSlots, SlotMap } from '../typings/flow-types.js';
import type { CatchHandler, CatchSelector, FinallyHandler, inferCaught, RetryPolicy, StepHandler } from './handler-types.js';
import type { Flow } from './flow.js';

/** Adds `TRecovered` to an output unless the handler never recovers. @public */
export type Recover<TOut, TRecovered> = [TRecovered] extends [void] ? TOut : TOut | TRecovered;

/** @public */
export interface StepMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Adds a step. A returned value (or resolved promise) is its output; a
   * callback-style step declares its output type and calls `as.success`.
   * @example
   * ```ts
   * flow<Order>().step('validate', (as, order) => validate(order));
   * ```
   */
  step<$Out = void>(handler: StepHandler<TOut, $Out>): Flow<TIn, $Out, TSlots>;
  step<$Out = void>(name: string, handler: StepHandler<TOut, $Out>): Flow<TIn, $Out, TSlots>;
  step<$Out = void, $Recovered = void>(
    name: string,
    handler: StepHandler<TOut, $Out>,
    onError: CatchHandler<FlowFailure, $Recovered>,
  ): Flow<TIn, Recover<$Out, $Recovered>, TSlots>;
  /** Embeds a flow as one step. */
  step<$Out>(sub: FlowDefinition<TOut, $Out, NoSlots>): Flow<TIn, $Out, TSlots>;
  step<$Out>(name: string, sub: FlowDefinition<TOut, $Out, NoSlots>): Flow<TIn, $Out, TSlots>;

  /**
   * Handles errors of the flow so far (all, some codes, or a typed error).
   * @example
   * ```ts
   * flow<Order>().step(charge).catch('PaymentFailed', (as, err) => manualReview(err.info));
   * ```
   */
  catch<$Recovered = void>(handler: CatchHandler<FlowFailure, $Recovered>): Flow<TIn, Recover<TOut, $Recovered>, TSlots>;
  catch<const $Selector extends CatchSelector, $Recovered = void>(
    selector: $Selector,
    handler: CatchHandler<inferCaught<$Selector>, $Recovered>,
  ): Flow<TIn, Recover<TOut, $Recovered>, TSlots>;

  /**
   * Runs `handler` exactly once after the flow so far succeeded, failed or
   * was cancelled; the outcome passes on.
   * @example
   * ```ts
   * flow<Order>().step(charge).finally((as, outcome) => audit(outcome));
   * ```
   */
  finally(handler: FinallyHandler<TOut>): Flow<TIn, TOut, TSlots>;

  /**
   * Limits the time of the flow so far: when `ms` pass, it is cancelled and
   * fails with `Timeout`.
   * @example
   * ```ts
   * flow<Order>().step(charge).timeout(5_000);
   * ```
   */
  timeout(ms: number): Flow<TIn, TOut, TSlots>;

  /**
   * Runs the flow so far again when it fails, with backoff.
   * @example
   * ```ts
   * flow<Req>().step(fetchQuote).retry({ attempts: 4, backoff: { initialMs: 200, jitter: 'equal' } });
   * ```
   */
  retry(policy?: RetryPolicy): Flow<TIn, TOut, TSlots>;
}
