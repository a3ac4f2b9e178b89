/** The FTN12 synchronisation protocol (spec §1.11.3, §2.1 `ISync`). */
import type { ErrorCallback, ExecuteCallback, StepApi } from '../step-api.js';

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
}

/**
 * A synchronisation primitive: `sync(as, step, onerror)` adds `step` (and
 * its error handler) to `as` under the primitive's protection; incoming
 * success arguments reach `step`, and its results pass on unchanged.
 * @example
 * ```ts
 * const logged: ISync = {
 *   sync(as, step, onerror) {
 *     as.add((as, ...args) => { console.log('enter'); as.successStep(...args); as.add(step, onerror); });
 *   },
 * };
 * ```
 * @public
 */
export interface ISync {
  sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void;
}

export type { StepApi };
