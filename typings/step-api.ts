/**
 * The typed step API (`as`) that typed-DSL handlers receive: FTN12's
 * execution API, with `success` typed to the step's output, plus signal,
 * context access and typed sub-flows.
 */
import type { ContextVar, ContinuationVar, Resource } from './context-types.js';
import type { ErrorType, FlowFailure } from './errors.js';
import type { FlowDefinition, NoSlots } from './flow-types.js';

/**
 * An FTN12-style sub-step added with `as.add`.
 * @example
 * ```ts
 * const ping: SubStep = (as) => as.await(fetch('https://example.com/health'));
 * flow<Req>().step((as) => { as.add(ping); });
 * ```
 * @public
 */
export type SubStep = (as: FlowStepApi<any>, ...args: any[]) => unknown;
/**
 * An FTN12-style error handler: `(as, code)`.
 * @example
 * ```ts
 * const ignoreTimeout: SubStepErrorHandler = (as, code) => { if (code === 'Timeout') as.success(); };
 * flow<Req>().step((as) => { as.add(ping, ignoreTimeout); });
 * ```
 * @public
 */
export type SubStepErrorHandler = (as: FlowStepApi<any>, code: string) => unknown;

/**
 * Adds FTN12 parallel branches: what `as.parallel()` returns.
 * @example
 * ```ts
 * flow<Id>().step((as) => { const p: ParallelSteps = as.parallel(); p.add(loadUserStep).add(loadOrdersStep); });
 * ```
 * @public
 */
export interface ParallelSteps {
  add(fn: SubStep, onerror?: SubStepErrorHandler): ParallelSteps;
}

declare const notSet: unique symbol;

/**
 * "No output type declared": a step whose type comes from its return value.
 * Such a step can only call `as.success()` without a value.
 * @example
 * ```ts
 * type Untyped = StepHandler<Order, NotSet>; // output comes from the return value
 * ```
 * @public
 */
export type NotSet = { readonly [notSet]: 'output type not declared' };

/**
 * Arguments `success` accepts for an output type. The `as` of a dynamic
 * sub-step (`as.add`, `as.repeat`, `as.parallel().add`) has output `any`:
 * its `success` takes a value or none, which passes on as in FTN12.
 * @example
 * ```ts
 * type Args = SuccessArgs<Receipt>; // [value: Receipt]
 * ```
 * @public
 */
export type SuccessArgs<TOut> = 0 extends 1 & TOut
  ? [value?: any]
  : [TOut] extends [NotSet]
    ? []
    : [TOut] extends [void]
      ? [] | [value?: undefined]
      : [value: TOut];

/**
 * The `as` object of a typed step whose output type is `TOut`.
 * @example
 * ```ts
 * const chargeCard = (as: FlowStepApi<Receipt>, o: Order) => { as.setTimeout(5_000); gateway.charge(o, (r) => as.success(r)); };
 * flow<Order>().step<Receipt>('charge', chargeCard);
 * ```
 * @public
 */
export interface FlowStepApi<TOut = unknown> {
  /** Completes the step with its output (from a callback, after `setTimeout`/`setCancel`/`waitExternal`). */
  success(...args: SuccessArgs<TOut>): void;
  /** Fails the step with a code and FTN12 error info; throws. */
  error(code: string, info?: unknown): never;
  /** Fails the step with a typed error; the data is validated by its schema. */
  error<TInput>(type: ErrorType<string, any, TInput>, data: NoInfer<TInput>): never;
  /** Like `error`, without throwing: return right after it. */
  errorNoThrow(code: string, info?: unknown): void;
  /** Limits the step's time; `Timeout` is raised when it passes. Disables implicit success. */
  setTimeout(ms: number): this;
  /** Sets the handler that cancels external work. Disables implicit success. */
  setCancel(oncancel: (as: FlowStepApi<TOut>) => void): this;
  /** Waits for an external `success`/`error`. */
  waitExternal(): this;
  /** Adds an FTN12 sub-step. */
  add(fn: SubStep, onerror?: SubStepErrorHandler): this;
  /** Adds an FTN12 parallel step. */
  parallel(onerror?: SubStepErrorHandler): ParallelSteps;
  /** Adds an FTN12 loop. */
  loop(fn: (as: FlowStepApi<any>) => unknown, label?: string): this;
  /** Adds an FTN12 counted loop. */
  repeat(count: number, fn: (as: FlowStepApi<any>, i: number) => unknown, label?: string): this;
  /** Adds an FTN12 loop over an array, Map or object: `fn(as, key, value)`. */
  forEach(collection: unknown, fn: (as: FlowStepApi<any>, key: any, value: any) => unknown, label?: string): this;
  /** Adds a step synchronised by a primitive. */
  sync(primitive: { sync(as: any, step: SubStep, onerror?: SubStepErrorHandler): void }, fn: SubStep, onerror?: SubStepErrorHandler): this;
  /** Adds a step that waits for a promise. */
  await(promise: PromiseLike<unknown>, onerror?: SubStepErrorHandler): this;
  /** Succeeds with fixed arguments at this point of the sub-steps. */
  successStep(...args: unknown[]): this;
  /** Leaves the innermost loop, or the loop labelled `label`. */
  break(label?: string): never;
  /** Starts the next iteration of the innermost loop, or of the loop labelled `label`. */
  continue(label?: string): never;
  /** `break` without throwing. */
  breakNoThrow(label?: string): void;
  /** `continue` without throwing. */
  continueNoThrow(label?: string): void;
  /** The run's state object. */
  readonly state: Record<string, any>;
  /**
   * Changes the run's state through a recipe (`(draft) => { draft.total += 1 }`).
   * In a durable run the state is immutable outside recipes, and each
   * checkpoint records the changes as patches in the run's history.
   */
  update(recipe: (draft: Record<string, any>) => void): void;
  /**
   * A stable idempotency key for this attempt of this step: the same when
   * the step runs again after a restart, different on each retry, each loop
   * iteration and each branch. Pass it to payment APIs and the like, since
   * a step may run twice after a crash.
   */
  key(): string;
  /** Aborted when this step is cancelled (cancel, timeout, a failing sibling). */
  readonly signal: AbortSignal;
  /** Reads a context variable, a continuation variable or an acquired resource. */
  get<T>(variable: ContextVar<T> | ContinuationVar<T> | Resource<any, T>): T;
  /** Sets a continuation variable for the steps that continue after this one. */
  set<T>(variable: ContinuationVar<T>, value: T): void;
  /**
   * Runs `flow` as this step's sub-steps. `return as.run(flow, input)` makes
   * its output the step's; in an async handler, `await as.run(flow, input)`
   * gives its output (its error throws at the await).
   */
  run<TIn, TRunOut>(flow: FlowDefinition<TIn, TRunOut, NoSlots>, input: TIn): SubFlowRun<TRunOut>;
}

/**
 * What `as.run(flow, input)` gives: the flow's output to come. Return it
 * from the handler to make that output the step's (no promise is made), or
 * await it in an async handler to use the output; the flow's FlowError
 * throws at the await, and the handler may catch it. Awaited runs of one
 * step run one after another, in the order they are awaited.
 * @example
 * ```ts
 * flow<Order>()
 *   .step('price', (as, order) => as.run(pricing, order))              // the step's output is pricing's
 *   .step('total', async (as, price) => (await as.run(tax, price)) + price);
 * ```
 * @public
 */
export interface SubFlowRun<TOut> extends PromiseLike<TOut> {
  /** Like `Promise.prototype.then`: the sub-flow's output, or its FlowError. */
  then<TResult1 = TOut, TResult2 = never>(
    onfulfilled?: ((value: TOut) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: FlowFailure) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2>;
}
