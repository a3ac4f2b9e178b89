/** Builder methods: concurrent branches, mapping and branching. */
import type { FlowDefinition, NoSlots, SlotMap } from '../typings/flow-types.js';
import type { FirstOutput, HandlerReturn, inferBodyOutput, ParallelOutput, SettledOutput, StepOutput } from '../typings/results.js';
import type { FlowStepApi, NotSet } from '../typings/step-api.js';
import type { Body, TypeErrorMessage } from './handler-types.js';
import type { Flow } from './flow.js';

/**
 * Branches of a combinator: an array or a record of bodies.
 * @example
 * ```ts
 * const lookups: BranchesOf<Id> = { user: loadUser, orders: loadOrders };
 * ```
 * @public
 */
export type BranchesOf<TInput> = readonly Body<TInput>[] | { readonly [key: string]: Body<TInput> };

/**
 * Options of `parallel` and `map`.
 * @example
 * ```ts
 * const options: ParallelOptions = { concurrency: 4 };
 * flow<string[]>().map((ids) => ids, (as, id) => fetchUser(id), options);
 * ```
 * @public
 */
export interface ParallelOptions {
  /** Branches running at once (default: all). */
  readonly concurrency?: number;
}

/**
 * A `map` body: `(as, item, index)` or a flow of the item. A callback-style
 * handler declares its output like a step does: `.map<Item, R>(select, body)`, or
 * by typing its `as` as `FlowStepApi<R>`.
 * @example
 * ```ts
 * const renderDoc: MapBody<Doc> = (as, doc, index) => render(doc, index);
 * ```
 * @public
 */
export type MapBody<TItem> = ((as: FlowStepApi<NotSet>, item: TItem, index: number) => unknown) | FlowDefinition<TItem, any, NoSlots>;

/**
 * The concurrent methods of a {@link Flow}: `parallel`, `allSettled`, `race`,
 * `any`, `map` and `choose`.
 * @example
 * ```ts
 * flow<Id>()
 *   .parallel({ user: loadUser, orders: loadOrders })
 *   .step((as, { user, orders }) => summarize(user, orders));
 * ```
 * @public
 */
export interface CombinatorMethods<TIn, TOut, TSlots extends SlotMap> {
  /**
   * Runs branches concurrently; the output is a tuple (array) or a record.
   * The first error cancels the running siblings, then propagates.
   * @example
   * ```ts
   * flow<Id>().parallel({ user: loadUser, orders: loadOrders });
   * ```
   */
  parallel<const $Branches extends BranchesOf<TOut>>(branches: $Branches, options?: ParallelOptions): Flow<TIn, ParallelOutput<$Branches>, TSlots>;

  /**
   * Runs branches concurrently and reports each outcome.
   * @example
   * ```ts
   * flow<Id>().allSettled([primary, replica]);
   * ```
   */
  allSettled<const $Branches extends BranchesOf<TOut>>(branches: $Branches): Flow<TIn, SettledOutput<$Branches>, TSlots>;

  /**
   * Settles like the first branch to settle; the others are cancelled. It
   * needs a branch: `race([])` is a type error, and a TypeError when the flow is built.
   * @example
   * ```ts
   * flow<Query>().race([askCache, askDatabase]);
   * ```
   */
  race<const $Branches extends BranchesOf<TOut>>(
    branches: $Branches & ([keyof $Branches] extends [never] ? TypeErrorMessage<'race() needs at least one branch'> : $Branches extends readonly [] ? TypeErrorMessage<'race() needs at least one branch'> : unknown),
  ): Flow<TIn, FirstOutput<$Branches>, TSlots>;

  /**
   * Succeeds with the first branch that succeeds (`AllFailed` when all fail).
   * @example
   * ```ts
   * flow<Query>().any([mirrorA, mirrorB]);
   * ```
   */
  any<const $Branches extends BranchesOf<TOut>>(branches: $Branches): Flow<TIn, FirstOutput<$Branches>, TSlots>;

  /**
   * Runs `body` for every item `select(input)` gives (Iterable or
   * AsyncIterable), at most `concurrency` at once; results in input order.
   * A handler's output is what it returns; a callback-style handler declares
   * it, as `.step<T>()` does: `.map<Doc, Page>(select, (as, doc) => …)` or
   * by typing its `as` as `FlowStepApi<Page>`, and then `as.success` takes a `Page`.
   * @example
   * ```ts
   * flow<Doc[]>().map((docs) => docs, (as, doc) => render(doc), { concurrency: 4 });
   * ```
   */
  map<$Item, $Out>(
    select: (input: TOut) => Iterable<$Item> | AsyncIterable<$Item>,
    body: FlowDefinition<$Item, $Out, NoSlots>,
    options?: ParallelOptions,
  ): Flow<TIn, $Out[], TSlots>;
  map<$Item, $Out = NotSet, $Return extends HandlerReturn<$Out> = HandlerReturn<$Out>>(
    select: (input: TOut) => Iterable<$Item> | AsyncIterable<$Item>,
    body: (as: FlowStepApi<$Out>, item: $Item, index: number) => $Return,
    options?: ParallelOptions,
  ): Flow<TIn, NoInfer<StepOutput<$Out, $Return>[]>, TSlots>;

  /**
   * Runs the case that `selector(input)` names (or `otherwise`).
   * @example
   * ```ts
   * flow<Order>().choose((o) => o.kind, { digital: deliverLink, physical: ship });
   * ```
   */
  choose<const $Cases extends { readonly [key: string]: Body<TOut> }>(
    selector: (input: TOut) => keyof $Cases | (string & {}),
    cases: $Cases,
  ): Flow<TIn, inferBodyOutput<$Cases[keyof $Cases]>, TSlots>;
  /** With `otherwise`, the body run when no case matches (a handler or a flow). */
  choose<const $Cases extends { readonly [key: string]: Body<TOut> }, $Otherwise extends Body<TOut>>(
    selector: (input: TOut) => keyof $Cases | (string & {}),
    cases: $Cases,
    otherwise: $Otherwise,
  ): Flow<TIn, inferBodyOutput<$Cases[keyof $Cases]> | inferBodyOutput<$Otherwise>, TSlots>;
}
