/**
 * The flows a host runs, taken structurally: any runnable flow built with
 * `flow()`, typed by its input and output, without this entry point
 * carrying the graph node types.
 */
import type { flowTypes } from '../typings/flow-types.js';

/**
 * A runnable flow, as `host.run()` takes it: anything built with `flow()`
 * whose slots are all filled (a template is a type error naming its open
 * slot, and a TypeError at run time).
 * @example
 * ```ts
 * const job: HostFlow<Order, Receipt> = checkout;
 * host.run(job, order);
 * ```
 * @public
 */
export interface HostFlow<TIn, TOut> {
  /** The flow's frozen graph. */
  readonly graph: object;
  /** The flow's name, if any (close reports show it). */
  readonly name: string | undefined;
  /** Names of slots not filled yet (empty for a runnable flow). */
  readonly slots: readonly string[];
  /** @internal type carrier */
  readonly [flowTypes]?: { readonly in: (input: TIn) => void; readonly out: TOut; readonly open: never };
}
