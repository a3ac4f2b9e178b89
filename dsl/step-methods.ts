/** Builder methods: steps and the wrappers that apply to the flow so far. */
import type { FlowFailure } from '../typings/errors.js';
import type { HandlerReturn, RecoveredOutput, StepOutput } from '../typings/results.js';
import type { NotSet } from '../typings/step-api.js';
import type { FlowDefinition, NoSlots, SlotMap } from '../typings/flow-types.js';
import type { CatchHandler, CatchSelector, FinallyHandler, inferCaught, RetryPolicy, StepHandler } from './handler-types.js';
import type { Flow } from './flow.js';


/**
 * The step methods of a {@link Flow}: `step`, and the wrappers `catch`,
 * `finally`, `timeout` and `retry` that apply to the flow built so far.
 * @example
 * ```ts
 * const guarded = flow<Order>('checkout')
 *   .step('charge', (as, o) => charge(o))
 *   .catch((as, err) => refund(err))
 *   .timeout(30_000);
 * ```
 * @public
 */
export interface StepMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Adds a step. A returned value (or resolved promise) is its output; a
   * callback-style step declares its output type and calls `as.success`.
   * @example
   * ```ts
   * flow<Order>().step('validate', (as, order) => validate(order));
   * ```
   */
  step<$Out = NotSet, $Return extends HandlerReturn<$Out> = HandlerReturn<$Out>>(
    handler: StepHandler<TOut, $Out, $Return>,
  ): Flow<TIn, NoInfer<StepOutput<$Out, $Return>>, TSlots>;
  step<$Out = NotSet, $Return extends HandlerReturn<$Out> = HandlerReturn<$Out>>(
    name: string,
    handler: StepHandler<TOut, $Out, $Return>,
  ): Flow<TIn, NoInfer<StepOutput<$Out, $Return>>, TSlots>;
  /**
   * A step with its own error handler, which follows the `.catch` rules for
   * that one step. Its `as.success(v)` takes the step's declared output (or a
   * type declared by typing its `as`, as for `.catch<R>()`); what it recovers
   * with joins the output.
   * @example
   * ```ts
   * flow<Order>().step<Receipt>('charge', chargeCard, (as, err) => { as.success(offlineReceipt(err)); });
   * ```
   */
  step<
    $Out = NotSet,
    $Return extends HandlerReturn<$Out> = HandlerReturn<$Out>,
    $Recovered = $Out,
    $RecoveredReturn extends HandlerReturn<$Recovered> = HandlerReturn<$Recovered>,
  >(
    name: string,
    handler: StepHandler<TOut, $Out, $Return>,
    onError: CatchHandler<FlowFailure, $Recovered, $RecoveredReturn>,
  ): Flow<TIn, NoInfer<StepOutput<$Out, $Return> | RecoveredOutput<$Recovered, $RecoveredReturn>>, TSlots>;
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
  catch<$Recovered = NotSet, $Return extends HandlerReturn<$Recovered> = HandlerReturn<$Recovered>>(
    handler: CatchHandler<FlowFailure, $Recovered, $Return>,
  ): Flow<TIn, TOut | RecoveredOutput<$Recovered, $Return>, TSlots>;
  catch<const $Selector extends CatchSelector, $Recovered = NotSet, $Return extends HandlerReturn<$Recovered> = HandlerReturn<$Recovered>>(
    selector: $Selector,
    handler: CatchHandler<inferCaught<$Selector>, $Recovered, $Return>,
  ): Flow<TIn, TOut | RecoveredOutput<$Recovered, $Return>, TSlots>;

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
