/** Resource definitions for `.using()`. */
import type { Resource } from '../typings/context-types.js';
import type { Outcome } from '../typings/errors.js';

/**
 * Defines a resource: `acquire(input)` runs before the body, `release(value, outcome)`
 * exactly once after it (success, error or cancel), in reverse
 * order for nested resources. Read it in the body with `as.get(resource)`.
 * @example
 * ```ts
 * const db = resource('db', () => pool.connect(), (conn) => conn.release());
 * flow<Query>().using(db, (as, q) => as.get(db).query(q));
 * ```
 * @public
 */
export function resource<TIn, T>(
  name: string,
  acquire: (input: TIn) => T | PromiseLike<T>,
  release: (value: T, outcome: Outcome<unknown>) => void | PromiseLike<void>,
): Resource<TIn, T> {
  if (typeof name !== 'string' || name === '') throw new TypeError('resource(): name must be a non-empty string');
  if (typeof acquire !== 'function') throw new TypeError(`resource("${name}"): acquire must be a function, got ${typeof acquire}`);
  if (typeof release !== 'function') throw new TypeError(`resource("${name}"): release must be a function, got ${typeof release}`);
  return Object.freeze({ kind: 'resource', name, acquire, release });
}
