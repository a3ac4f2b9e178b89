/**
 * Result threading: the output types of steps, bodies and combinators.
 */
import type { FlowFailure } from './errors.js';
import type { FlowDefinition } from './flow-types.js';
import type { FlowStepApi, NotSet } from './step-api.js';

/**
 * The output of a handler returning `TReturn`: promises are awaited. A
 * handler that returns its own step API (`(as) => as.waitExternal()`) is
 * one that waits: it completes through `as.success`, which in a step that
 * declares no output takes no value, so its output is `void`.
 * @example
 * ```ts
 * type Out = inferHandlerOutput<Promise<Receipt>>; // Receipt
 * ```
 * @public
 */
export type inferHandlerOutput<TReturn> = TReturn extends PromiseLike<infer TValue>
  ? TValue extends FlowStepApi<any>
    ? void
    : TValue
  : TReturn extends FlowStepApi<any>
    ? void
    : TReturn;

/**
 * What a handler of a declared output may return.
 * @example
 * ```ts
 * type R = HandlerReturn<Receipt>; // Receipt | PromiseLike<Receipt> | FlowStepApi<Receipt> | void
 * ```
 * Its own `as` (`(as) => as.setTimeout(5_000)`) is a step that waits for `as.success`.
 * @public
 */
export type HandlerReturn<TDeclared> = [TDeclared] extends [NotSet] ? unknown : TDeclared | PromiseLike<TDeclared> | FlowStepApi<TDeclared> | void;

/**
 * A step's output: the declared type, or what its handler returns.
 * @example
 * ```ts
 * type Out = StepOutput<NotSet, Promise<Receipt>>; // Receipt
 * ```
 * @public
 */
export type StepOutput<TDeclared, TReturn> = [TDeclared] extends [NotSet] ? inferHandlerOutput<TReturn> : TDeclared;

/**
 * The value a catch handler recovers with (returning nothing rethrows).
 * @example
 * ```ts
 * type Recovered = RecoveredOutput<NotSet, Review | undefined>; // Review
 * ```
 * @public
 */
export type RecoveredOutput<TDeclared, TReturn> = Exclude<StepOutput<TDeclared, TReturn>, undefined | void>;

/**
 * The output of a body (a handler or a flow). A handler whose `as` is typed
 * `FlowStepApi<T>` declares the output `T` (callback style: it completes
 * through `as.success(value)`); a value it returns goes into the union.
 * Otherwise the output is what the handler returns.
 * @example
 * ```ts
 * type Out = inferBodyOutput<typeof cardPayment>; // Receipt
 * type Declared = inferBodyOutput<(as: FlowStepApi<Quote>) => void>; // Quote
 * ```
 * @public
 */
export type inferBodyOutput<TBody> =
  TBody extends FlowDefinition<any, infer TOut, any>
    ? TOut
    : TBody extends (as: infer TAs, ...args: any[]) => infer TReturn
      ? [TAs] extends [FlowStepApi<infer TDeclared>]
        ? [TDeclared] extends [NotSet]
          ? inferHandlerOutput<TReturn>
          : TDeclared | Exclude<inferHandlerOutput<TReturn>, void>
        : inferHandlerOutput<TReturn>
      : never;

/**
 * Branches as given to a combinator: a tuple/array or a record.
 * @example
 * ```ts
 * const branches: Branches = { user: loadUser, orders: loadOrders };
 * ```
 * @public
 */
export type Branches = readonly unknown[] | { readonly [key: string]: unknown };

/**
 * `parallel` output: a tuple or record of branch outputs.
 * @example
 * ```ts
 * type Out = ParallelOutput<{ user: Flow<Id, User>; orders: Flow<Id, Order[]> }>; // { user: User; orders: Order[] }
 * ```
 * @public
 */
export type ParallelOutput<TBranches> = { -readonly [K in keyof TBranches]: inferBodyOutput<TBranches[K]> };

/**
 * One branch outcome of `allSettled`.
 * @example
 * ```ts
 * function valueOr<T>(settled: Settled<T>, fallback: T): T {
 *   return settled.status === 'fulfilled' ? settled.value : fallback;
 * }
 * ```
 * @public
 */
export type Settled<TValue> = { readonly status: 'fulfilled'; readonly value: TValue } | { readonly status: 'rejected'; readonly error: FlowFailure };

/**
 * `allSettled` output: a tuple or record of outcomes.
 * @example
 * ```ts
 * type Out = SettledOutput<[Flow<Id, User>, Flow<Id, User>]>; // [Settled<User>, Settled<User>]
 * ```
 * @public
 */
export type SettledOutput<TBranches> = { -readonly [K in keyof TBranches]: Settled<inferBodyOutput<TBranches[K]>> };

/**
 * `race` / `any` output: the union of the branch outputs.
 * @example
 * ```ts
 * type Out = FirstOutput<[Flow<Query, Row[]>, Flow<Query, Row[]>]>; // Row[]
 * ```
 * @public
 */
export type FirstOutput<TBranches> = TBranches extends readonly unknown[]
  ? inferBodyOutput<TBranches[number]>
  : inferBodyOutput<TBranches[keyof TBranches]>;
