/** The FTN12 synchronisation protocol (spec §1.11.3, §2.1 `ISync`). */
import { Errors, FlowError } from '../errors.js';
import type { ErrorCallback, ExecuteCallback, StepApi } from '../ftn12/step-api.js';

/**
 * Where a primitive adds its steps: a step's `as` or a root AsyncSteps.
 * @example
 * ```ts
 * const target: SyncTarget = $as();
 * new Mutex().sync(target, (as) => as.success());
 * ```
 * @public
 */
export interface SyncTarget {
  add(fn: ExecuteCallback, onerror?: ErrorCallback): unknown;
  /** Raises an error (a step's `as` and a root both have it). */
  error?(code: string, info?: unknown): unknown;
}

/**
 * The base of synchronisation primitives (FTN12 §2.1):
 * `sync(as, step, onerror)` adds `step` (and its error handler) to `as` under the
 * primitive's protection; incoming success arguments reach `step`, and its
 * results pass on unchanged. `Mutex`, `Throttle`, `Limiter` and
 * `CircuitBreaker` extend it; on its own, `sync()` raises `NotImplemented`.
 * @example
 * ```ts
 * class Logged extends ISync {
 *   override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
 *     as.add((as, ...args) => { console.log('enter'); as.successStep(...args); as.add(step, onerror); });
 *   }
 * }
 * ```
 * @public
 */
export class ISync {
  /** Adds `step` to `as` under this primitive's protection. The base class raises `NotImplemented`. */
  sync(as: SyncTarget, _step: ExecuteCallback, _onerror?: ErrorCallback): void {
    if (as !== null && typeof as === 'object' && typeof as.error === 'function') as.error(Errors.NotImplemented, '#sync() API');
    throw new FlowError(Errors.NotImplemented, '#sync() API');
  }
}

export type { StepApi };
