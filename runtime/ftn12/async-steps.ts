/**
 * The FTN12 root (`$as()`, `new AsyncSteps()`): the public face of a
 * `RootSteps`, which collects level-0 steps as graph nodes and runs them as
 * one sequence on the shared interpreter. It is a front end only: every step
 * it adds is an ordinary graph node.
 */
import { realScheduler, schedulerProblem, type Scheduler } from '../scheduler.js';
import { RootSteps } from './root-steps.js';
import { installAsyncStack, type FTN12State } from './state.js';
import type { SyncPrimitive } from '../../graph/nodes/sync-node.js';
import type { ErrorCallback, ExecuteCallback, ParallelBuilder, StepApi } from './step-api.js';

/**
 * A root AsyncSteps object (FTN12 §2.2): add level-0 steps, then `execute()`
 * or `promise()`; `cancel()` stops it. Reusable once it completed, failed or
 * was cancelled.
 * @example
 * ```ts
 * const root = new AsyncSteps();
 * root.add((as) => as.success(21)).add((as, n) => console.log(n * 2));
 * await root.promise();
 * ```
 * @public
 */
export class AsyncSteps {
  declare private readonly root: RootSteps;

  /**
   * @param state - the state object (default: a new callable FTN12 state)
   * @param scheduler - where timers come from (default: real time; see `createTestScheduler`)
   */
  constructor(state?: object | null, scheduler?: Scheduler) {
    if (state != null && typeof state !== 'object' && typeof state !== 'function') throw new TypeError(`AsyncSteps: the state must be an object, got ${typeof state}`);
    const problem = scheduler === undefined ? undefined : schedulerProblem(scheduler);
    if (problem !== undefined) throw new TypeError(`AsyncSteps: the scheduler must be ${problem}`);
    if (state != null) installAsyncStack(state);
    this.root = new RootSteps((state ?? undefined) as FTN12State | undefined, scheduler ?? realScheduler);
  }

  /** The state object of the runs of this root, shared by parallel branches (created on first use). */
  get state(): FTN12State {
    return this.root.state;
  }

  /** Adds a step with an optional error handler. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    this.root.add(fn, onerror);
    return this;
  }

  /** Adds a parallel step; add its branches to the returned object. */
  parallel(onerror?: ErrorCallback): ParallelBuilder {
    return this.root.parallel(onerror);
  }

  /** Adds a step synchronised against `primitive` (Mutex, Throttle, Limiter, ...). */
  sync(primitive: SyncPrimitive, fn: ExecuteCallback, onerror?: ErrorCallback): this {
    this.root.sync(primitive, fn, onerror);
    return this;
  }

  /** Adds a loop that runs until `as.break()`. */
  loop(fn: (as: StepApi) => unknown, label?: string): this {
    this.root.loop(fn, label);
    return this;
  }

  /** Adds a loop that runs `count` times with `fn(as, i)`. */
  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this {
    this.root.repeat(count, fn, label);
    return this;
  }

  /** Adds a loop over an array, Map or object with `fn(as, key, value)`. */
  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this {
    this.root.forEach(collection, fn, label);
    return this;
  }

  /** Succeeds with `args` at this point of the sequence (FTN12 §1.12). */
  successStep(...args: unknown[]): this {
    this.root.successStep(args);
    return this;
  }

  /** Adds a step that waits for `promise` (FTN12 §1.13). */
  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this {
    this.root.await(promise, onerror);
    return this;
  }

  /**
   * Raises `code` on this root (as in the reference implementation) and
   * throws: inside one of its steps it is that step's `as.error`; while a
   * step waits for an external event, the error unwinds from that step (its
   * handlers see it, and later steps do not run unless one recovers); while
   * the root is idle it only throws. `error_info` and `last_exception` are
   * set either way. The exception's message is the code.
   */
  error(code: string, info?: unknown): never {
    return this.root.error(code, info);
  }

  /** Starts executing; the first step runs before this returns. */
  execute(): this {
    this.root.execute();
    return this;
  }

  /** Cancels the execution: when this returns, every cancel handler has run, innermost first. */
  cancel(): this {
    this.root.cancel();
    return this;
  }

  /** Executes and resolves with the first result argument, or rejects with an Error whose message is the code. */
  promise(): Promise<unknown> {
    return this.root.promise();
  }

  /** A new independent root on the same scheduler. */
  newInstance(): AsyncSteps {
    return this.root.newInstance();
  }
}

RootSteps.rootClass = AsyncSteps;

/**
 * Creates a root AsyncSteps (FTN12 `$as()`).
 * @example
 * ```ts
 * $as().add((as) => as.success('hi')).add((as, s) => console.log(s)).execute();
 * ```
 * @public
 */
export function $as(state?: object | null, scheduler?: Scheduler): AsyncSteps {
  return new AsyncSteps(state, scheduler);
}
