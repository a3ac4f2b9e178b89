/** Builder methods: waiting for time and for signals. */
import type { SlotMap } from '../typings/flow-types.js';
import type { Flow } from './flow.js';

/**
 * Options of `waitFor`.
 * @example
 * ```ts
 * flow<Order>().waitFor<Approval>('approved', { timeout: 86_400_000 });
 * ```
 * @public
 */
export interface WaitForOptions {
  /** Fail with `Timeout` when no signal came within this many ms (default: wait as long as it takes). */
  readonly timeout?: number;
}

/**
 * The waiting methods of a {@link Flow}: `sleep` and `waitFor`. In a durable
 * run (`stepflow/durable`) both park the run in its store — holding no
 * memory, with a wall-clock wake time — once every branch of it waits.
 * @example
 * ```ts
 * flow<Order>('fulfil')
 *   .step('reserve', reserve)
 *   .waitFor<Approval>('approved', { timeout: 3 * 86_400_000 })
 *   .sleep(60_000)
 *   .step('ship', ship);
 * ```
 * @public
 */
export interface WaitMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Pauses for `ms` milliseconds, or until the time `until(input)` gives
   * (a Date, epoch milliseconds, or a delay in ms). The input passes through.
   * @example
   * ```ts
   * flow<Reminder>().sleep((r) => new Date(r.dueAt)).step('remind', remind);
   * ```
   */
  sleep(ms: number | ((input: TOut) => Date | number)): Flow<TIn, TOut, TSlots>;

  /**
   * Waits for the signal `name` sent to the run
   * (`engine.signal(id, name, value)`); its value is the output. A signal sent before the run gets
   * here is buffered, a duplicate dropped. Needs a durable run.
   * @example
   * ```ts
   * flow<Order>().waitFor<{ approver: string }>('approved').step((as, a) => a.approver);
   * ```
   */
  waitFor<$Value>(name: string, options?: WaitForOptions): Flow<TIn, $Value, TSlots>;
}
