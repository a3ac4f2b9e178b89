/** Type contracts of context variables and resources. */

/**
 * A context variable with TC39 `AsyncContext.Variable` semantics; set with
 * `flow.with(variable, value, body)`.
 * @example
 * ```ts
 * const tenant: ContextVar<string> = contextVar('tenant', 'public');
 * flow<Req>().with(tenant, (req) => req.tenantId, (as) => loadSettings(tenant.get()));
 * ```
 * @public
 */
export interface ContextVar<T> {
  readonly kind: 'contextVar';
  readonly name: string;
  /** The value in the current context (the default outside any `with`). */
  get(): T;
}

/**
 * How a continuation variable combines branch values at a join.
 * @example
 * ```ts
 * const sum: MergePolicy<number> = (values) => values.reduce((a, b) => a + b, 0);
 * const total = continuationVar('total', { default: 0, merge: sum });
 * ```
 * @public
 */
export type MergePolicy<T> = 'first' | 'last' | ((values: readonly T[]) => T);

/**
 * A continuation variable (ContinuationFlow semantics): set with `as.set`,
 * it flows on to the steps that continue after the setter.
 * @example
 * ```ts
 * const cost: ContinuationVar<number> = continuationVar('cost', { default: 0 });
 * flow<Req>().step((as) => as.set(cost, 2)).step((as) => as.get(cost));
 * ```
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
 * @example
 * ```ts
 * const db: Resource<Query, Connection> = resource('db', () => pool.connect(), (conn) => conn.release());
 * flow<Query>().using(db, (as, q) => as.get(db).query(q));
 * ```
 * @public
 */
export interface Resource<TIn, T> {
  readonly kind: 'resource';
  readonly name: string;
  readonly acquire: (input: TIn) => T | PromiseLike<T>;
  readonly release: (value: T, outcome: import('./errors.js').Outcome<unknown>) => void | PromiseLike<void>;
}
