/** Type contracts of context variables and resources. */

/**
 * A context variable with TC39 `AsyncContext.Variable` semantics; set with
 * `flow.with(variable, value, body)`.
 * @public
 */
export interface ContextVar<T> {
  readonly kind: 'contextVar';
  readonly name: string;
  /** The value in the current context (the default outside any `with`). */
  get(): T;
}

/** How a continuation variable combines branch values at a join. @public */
export type MergePolicy<T> = 'first' | 'last' | ((values: readonly T[]) => T);

/**
 * A continuation variable (ContinuationFlow semantics): set with `as.set`,
 * it flows on to the steps that continue after the setter.
 * @public
 */
export interface ContinuationVar<T> {
  readonly kind: 'continuationVar';
  readonly name: string;
  readonly default: T;
  readonly merge: MergePolicy<T>;
}

/**
 * A resource acquired for a body and released exactly once after it.
 * @public
 */
export interface Resource<TIn, T> {
  readonly kind: 'resource';
  readonly name: string;
  readonly acquire: (input: TIn) => T | PromiseLike<T>;
  readonly release: (value: T, outcome: import('./errors.js').Outcome<unknown>) => void | PromiseLike<void>;
}
