/** Handler and body types of the typed builder. */
import type { ContextVar, Resource } from '../typings/context-types.js';
import type { ErrorType, FlowFailure, Outcome } from '../typings/errors.js';
import type { FlowDefinition, NoSlots } from '../typings/flow-types.js';
import type { HandlerReturn } from '../typings/results.js';
import type { FlowStepApi } from '../typings/step-api.js';

/** A step handler: gets `as` and the previous output; returns (or `as.success`es) its output. @public */
export type StepHandler<TInput, TDeclared, TReturn = HandlerReturn<TDeclared>> = (as: FlowStepApi<TDeclared>, input: TInput) => TReturn;

/** An error handler: recovers (return a value / `as.success`), replaces (throw / `as.error`), or rethrows (return nothing). @public */
export type CatchHandler<TError, TDeclared, TReturn = HandlerReturn<TDeclared>> = (as: FlowStepApi<TDeclared>, error: TError) => TReturn;

/** A `finally` handler. @public */
export type FinallyHandler<TValue> = (as: FlowStepApi<unknown>, outcome: Outcome<TValue>) => unknown;

/** A body that gets the current value: a handler or a flow. @public */
export type Body<TInput> = ((as: FlowStepApi<unknown>, input: TInput) => unknown) | FlowDefinition<TInput, any, NoSlots>;

/** What `.catch` can select on: codes, or a typed error. @public */
export type CatchSelector = string | readonly string[] | ErrorType<string, any>;

/** The error type a catch handler receives for a selector. @public */
export type inferCaught<TSelector> = TSelector extends ErrorType<string, infer TData> ? FlowFailure<TData> : FlowFailure;

/** A value, or a function of the input that gives it. @public */
export type ValueOrFn<TValue, TInput> = TValue | ((input: TInput) => TValue);

/** A retry policy. @public */
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

/** Anything with the FTN12 sync protocol (Mutex, Throttle, Limiter, CircuitBreaker). @public */
export interface SyncLike {
  sync(as: any, step: (as: any, ...args: any[]) => unknown, onerror?: (as: any, code: string) => unknown): void;
}

/** The item type of what `forEach` / `map` iterate. @public */
export type inferItem<TCollection> =
  TCollection extends ReadonlyMap<any, infer V>
    ? V
    : TCollection extends Iterable<infer V>
      ? V
      : TCollection extends AsyncIterable<infer V>
        ? V
        : TCollection extends Record<string, infer V>
          ? V
          : never;

/** The key type `forEach` passes for a collection. @public */
export type inferKey<TCollection> =
  TCollection extends ReadonlyMap<infer K, any>
    ? K
    : TCollection extends Iterable<any> | AsyncIterable<any>
      ? number
      : string;

/** Type-level error message, shown by the editor where a wrong argument goes. @public */
export interface TypeErrorMessage<TMessage extends string> {
  readonly __typeError: TMessage;
}

export type { ContextVar, Resource };
