/** Handler and body types of the typed builder. */
import type { ContextVar, Resource } from '../typings/context-types.js';
import type { ErrorType, FlowFailure, Outcome } from '../typings/errors.js';
import type { FlowDefinition, NoSlots } from '../typings/flow-types.js';
import type { HandlerReturn } from '../typings/results.js';
import type { FlowStepApi, NotSet } from '../typings/step-api.js';

/**
 * A step handler: gets `as` and the previous output; returns (or `as.success`es) its output.
 * @example
 * ```ts
 * const reserveStock: StepHandler<Order, Reservation> = async (as, o) => inventory.reserve(o, as.signal);
 * flow<Order>().step('reserve', reserveStock);
 * ```
 * @public
 */
export type StepHandler<TInput, TDeclared, TReturn = HandlerReturn<TDeclared>> = (as: FlowStepApi<TDeclared>, input: TInput) => TReturn;

/**
 * An error handler: recovers (return a value / `as.success`), replaces (throw / `as.error`), or rethrows (return nothing).
 * @example
 * ```ts
 * const review: CatchHandler<FlowFailure, Review> = (as, err) => manualReview(err.info);
 * flow<Order>().step((as, o) => charge(o)).catch('PaymentFailed', review);
 * ```
 * @public
 */
export type CatchHandler<TError, TDeclared, TReturn = HandlerReturn<TDeclared>> = (as: FlowStepApi<TDeclared>, error: TError) => TReturn;

/**
 * A `finally` handler: gets how the scope ended (success, error or cancel);
 * its return value is ignored and the outcome passes on.
 * @example
 * ```ts
 * const auditRun: FinallyHandler<Receipt> = (as, outcome) => log.info(outcome.status);
 * flow<Order>().step((as, o) => charge(o)).finally(auditRun);
 * ```
 * @public
 */
export type FinallyHandler<TValue> = (as: FlowStepApi<unknown>, outcome: Outcome<TValue>) => unknown;

/**
 * A body that gets the current value: a handler or a flow. Its output is
 * what the handler returns; a callback-style handler declares its output by
 * typing its `as` (`(as: FlowStepApi<Quote>, req) => …`), and then
 * `as.success` takes a `Quote`. Undeclared, `as.success()` takes no value.
 * @example
 * ```ts
 * const notify: Body<Order> = (as, order) => mailer.send(order.email);
 * ```
 * @public
 */
export type Body<TInput> = ((as: FlowStepApi<NotSet>, input: TInput) => unknown) | FlowDefinition<TInput, any, NoSlots>;

/**
 * What `.catch` can select on: codes, or a typed error.
 * @example
 * ```ts
 * const transient: CatchSelector = [Errors.Timeout, Errors.DefenseRejected];
 * ```
 * @public
 */
export type CatchSelector = string | readonly string[] | ErrorType<string, any, any>;

/**
 * The error type a catch handler receives for a selector.
 * @example
 * ```ts
 * type Caught = inferCaught<typeof OutOfStock>; // FlowFailure<{ sku: string }>
 * ```
 * @public
 */
export type inferCaught<TSelector> = TSelector extends ErrorType<string, infer TData, any> ? FlowFailure<TData> : FlowFailure;

/**
 * A value, or a function of the input that gives it. A function is always
 * called with the input, so a value that may itself be a function must be
 * given by a function (`() => logger`), and nothing else is accepted then.
 * @example
 * ```ts
 * const tenantOf: ValueOrFn<string, Req> = (req) => req.tenantId;
 * const loggerOf: ValueOrFn<(msg: string) => void, Req> = () => console.log;
 * ```
 * @public
 */
export type ValueOrFn<TValue, TInput> = [Extract<TValue, (...args: any[]) => any>] extends [never]
  ? TValue | ((input: TInput) => TValue)
  : (input: TInput) => TValue;

/**
 * A retry policy for `.retry()`: how many tries, the backoff between them,
 * and which errors are retried.
 * @example
 * ```ts
 * const policy: RetryPolicy = { attempts: 5, backoff: { initialMs: 200, maxMs: 5_000, jitter: 'full' }, retryOn: ['Timeout'] };
 * flow<Req>().step(fetchQuote).retry(policy);
 * ```
 * @public
 */
export interface RetryPolicy {
  /** Tries in all, the first included (default 3). */
  readonly attempts?: number;
  /** Waits between tries (defaults: 100 ms, factor 2, max 30 s, full jitter). */
  readonly backoff?: {
    readonly initialMs?: number;
    readonly factor?: number;
    readonly maxMs?: number;
    readonly jitter?: 'full' | 'equal' | 'none';
  };
  /** Which errors are retried: a code, codes, or a predicate (default: every error but a cancel). */
  readonly retryOn?: string | readonly string[] | ((error: FlowFailure) => boolean);
}

/**
 * Anything with the FTN12 sync protocol (Mutex, Throttle, Limiter, CircuitBreaker).
 * @example
 * ```ts
 * const guard: SyncLike = new Mutex(1, 10);
 * flow<Req>().sync(guard, (as, req) => write(req));
 * ```
 * @public
 */
export interface SyncLike {
  sync(as: any, step: (as: any, ...args: any[]) => unknown, onerror?: (as: any, code: string) => unknown): void;
}

/**
 * The item type of what `forEach` / `map` iterate.
 * @example
 * ```ts
 * type Item = inferItem<Map<string, Order>>; // Order
 * ```
 * @public
 */
export type inferItem<TCollection> =
  TCollection extends ReadonlyMap<any, infer V>
    ? V
    : TCollection extends Iterable<infer V>
      ? V
      : TCollection extends AsyncIterable<infer V>
        ? V
        : TCollection extends object
          ? TCollection[keyof TCollection & string]
          : never;

/**
 * The key type `forEach` passes for a collection.
 * @example
 * ```ts
 * type Key = inferKey<Map<string, Order>>; // string
 * ```
 * @public
 */
export type inferKey<TCollection> =
  TCollection extends ReadonlyMap<infer K, any>
    ? K
    : TCollection extends Iterable<any> | AsyncIterable<any>
      ? number
      : string;

/**
 * Type-level error message, shown by the editor where a wrong argument goes.
 * @example
 * ```ts
 * function onlyText<T>(value: T extends string ? T : TypeErrorMessage<'expected a string'>): void {}
 * ```
 * @public
 */
export interface TypeErrorMessage<TMessage extends string> {
  readonly __typeError: TMessage;
}

export type { ContextVar, Resource };
