/**
 * The FTN12 root: collects level-0 steps as graph nodes, then runs them as
 * one sequence on the shared interpreter. It is a front end only: every
 * step it adds is an ordinary graph node.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { runSequenceNode } from '../../graph/nodes/sequence-node.js';
import { runStepNode } from '../../graph/nodes/step-node.js';
import type { ISync } from '../sync/isync.js';
import { valueNode } from '../../graph/nodes/value-node.js';
import { awaitStep } from '../step-api/await-step.js';
import { Errors, FlowError, runFailure, withCodeMessage, type Unwind } from '../errors.js';
import { active } from '../interpreter/active.js';
import { isWaiting, resumeFail } from '../interpreter/moves.js';
import { isThenable } from '../behaviours/call-handler.js';
import { EMPTY } from '../interpreter/frame.js';
import { runNow } from '../interpreter/driver.js';
import { cancelThread } from '../interpreter/cancel.js';
import { realScheduler, schedulerProblem, type Scheduler } from '../scheduler.js';
import { StepApi } from '../step-api/step-frame.js';
import { addParallel, ftn12Loop, type ErrorCallback, type ExecuteCallback, type ParallelBuilder } from '../step-api/adders.js';
export type { ErrorCallback, ExecuteCallback };
import { Run, Thread, type FTN12Note, type ThreadOwner } from '../interpreter/thread.js';
import { createState, installAsyncStack, type FTN12State } from './state.js';
import { checkFn, checkOnError } from '../step-api/checks.js';
import { settleablePromise, type Settlers } from '../deferred.js';

/** Where `promise()` takes the resolving functions of a new promise (read at once, so one object serves every root). */
const taken: Settlers = { resolve: () => {}, reject: () => {} };


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
export class AsyncSteps implements ThreadOwner {
  private stateObject: FTN12State | undefined;
  /** error_info / last_exception noted before the state object existed. */
  private noted: Partial<Record<FTN12Note, unknown>> | null = null;
  private nodes: GraphNode[] = [];
  private firstArgs: readonly unknown[] = EMPTY;
  private thread: Thread | null = null;
  /** Settle the promise of `promise()` while a run it started is going. */
  private resolveRun: ((value: unknown) => void) | null = null;
  private rejectRun: ((reason: unknown) => void) | null = null;
  private readonly scheduler: Scheduler;

  /**
   * @param state - the state object (default: a new callable FTN12 state)
   * @param scheduler - where timers come from (default: real time; see `createTestScheduler`)
   */
  constructor(state?: object | null, scheduler?: Scheduler) {
    if (state != null && typeof state !== 'object' && typeof state !== 'function') throw new TypeError(`AsyncSteps: the state must be an object, got ${typeof state}`);
    const problem = scheduler === undefined ? undefined : schedulerProblem(scheduler);
    if (problem !== undefined) throw new TypeError(`AsyncSteps: the scheduler must be ${problem}`);
    this.stateObject = (state ?? undefined) as FTN12State | undefined;
    if (state != null) installAsyncStack(state);
    this.scheduler = scheduler ?? realScheduler;
  }

  /** The state object of the runs of this root, shared by parallel branches (created on first use). */
  get state(): FTN12State {
    if (this.stateObject === undefined) {
      this.stateObject = createState();
      const noted = this.noted;
      this.noted = null;
      if (noted !== null) Object.assign(this.stateObject, noted);
    }
    return this.stateObject;
  }

  /** @internal Notes an FTN12 state variable; kept aside until the state object is first used. */
  _note(key: 'error_info' | 'last_exception', value: unknown): void {
    if (this.stateObject !== undefined) this.stateObject[key] = value;
    else (this.noted ??= {})[key] = value;
  }

  /** @internal Adds a graph node at level 0 (native sync primitives). */
  _addNode(node: GraphNode): void {
    this.push('sync', node);
  }

  private push(method: string, node: GraphNode): this {
    this.checkIdle(method);
    this.nodes.push(node);
    return this;
  }

  private checkIdle(method: string): void {
    if (this.thread !== null) throw new FlowError(Errors.InternalError, `AsyncSteps.${method}() on a root that is executing`);
  }

  /** Adds a step with an optional error handler. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    checkFn('AsyncSteps.add', fn);
    checkOnError('AsyncSteps.add', onerror);
    return this.push('add', runStepNode(fn, onerror ?? undefined));
  }

  /** Adds a parallel step; add its branches to the returned object. */
  parallel(onerror?: ErrorCallback): ParallelBuilder {
    this.checkIdle('parallel');
    checkOnError('AsyncSteps.parallel', onerror);
    return addParallel((n) => this.nodes.push(n), onerror);
  }

  /** Adds a step synchronised against `primitive` (Mutex, Throttle, Limiter, ...). */
  sync(primitive: ISync, fn: ExecuteCallback, onerror?: ErrorCallback): this {
    this.checkIdle('sync');
    checkFn('AsyncSteps.sync', fn);
    checkOnError('AsyncSteps.sync', onerror);
    primitive.sync(this, fn, onerror);
    return this;
  }

  /** Adds a loop that runs until `as.break()`. */
  loop(fn: (as: StepApi) => unknown, label?: string): this {
    checkFn('AsyncSteps.loop', fn);
    return this.push('loop', ftn12Loop('loop', fn, label, {}));
  }

  /** Adds a loop that runs `count` times with `fn(as, i)`. */
  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this {
    checkFn('AsyncSteps.repeat', fn);
    return this.push('repeat', ftn12Loop('repeat', fn, label, { count }));
  }

  /** Adds a loop over an array, Map or object with `fn(as, key, value)`. */
  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this {
    checkFn('AsyncSteps.forEach', fn);
    return this.push('forEach', ftn12Loop('forEach', fn, label, { collection }));
  }

  /** Succeeds with `args` at this point of the sequence (FTN12 §1.12). */
  successStep(...args: unknown[]): this {
    this.checkIdle('successStep');
    if (this.nodes.length > 0) this.nodes.push(valueNode(args));
    else this.firstArgs = args;
    return this;
  }

  /** Adds a step that waits for `promise` (FTN12 §1.13). */
  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this {
    if (!isThenable(promise)) throw new TypeError(`AsyncSteps.await(): expected a promise or thenable, got ${promise === null ? 'null' : typeof promise}`);
    checkOnError('AsyncSteps.await', onerror);
    return this.push('await', awaitStep(promise, onerror));
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
    const e = withCodeMessage(new FlowError(String(code), info));
    this._note('error_info', info);
    const t = this.thread;
    const f = active.frame;
    if (t !== null && f !== null && f.thread.run === t.run) throw e;
    this._note('last_exception', e);
    if (t !== null) {
      const top = t.top;
      if (top !== null && isWaiting(top)) resumeFail(top, e);
      else {
        this.thread = null;
        cancelThread(t);
        this.finish(false, e);
      }
    }
    throw e;
  }

  /** Starts executing; the first step runs before this returns. */
  execute(): this {
    if (this.thread !== null) throw new FlowError(Errors.InternalError, 'AsyncSteps.execute() on a root that is already executing');
    const run = new Run(this.stateObject, this.scheduler, 'ftn12', this);
    const t = new Thread(run, this);
    const base = new StepApi(runSequenceNode(this.nodes), null, t, this.firstArgs);
    this.nodes = [];
    this.firstArgs = EMPTY;
    t.base = base;
    t.top = base;
    this.thread = t;
    runNow(t);
    return this;
  }

  /** Cancels the execution: when this returns, every cancel handler has run, innermost first. */
  cancel(): this {
    const t = this.thread;
    if (t === null) return this;
    this.thread = null;
    cancelThread(t);
    this.finish(false, new FlowError(Errors.Cancelled));
    return this;
  }

  /** Executes and resolves with the first result argument, or rejects with an Error whose message is the code. */
  promise(): Promise<unknown> {
    const p = settleablePromise(taken);
    const { resolve, reject } = taken;
    try {
      this.checkIdle('promise');
      this.resolveRun = resolve;
      this.rejectRun = reject;
      this.execute();
    } catch (e) {
      this.resolveRun = this.rejectRun = null;
      reject(e);
    }
    return p;
  }

  /** A new independent root on the same scheduler. */
  newInstance(): AsyncSteps {
    return new AsyncSteps(undefined, this.scheduler);
  }

  /** @internal */
  threadDone(t: Thread, args: readonly unknown[]): void {
    if (this.thread === t) this.thread = null;
    this.finish(true, args[0]);
  }

  /** @internal */
  threadFailed(t: Thread, error: Unwind): void {
    if (this.thread === t) this.thread = null;
    this.finish(false, runFailure(error));
  }

  private finish(ok: boolean, value: unknown): void {
    const resolve = this.resolveRun;
    const reject = this.rejectRun;
    if (resolve === null || reject === null) return;
    this.resolveRun = this.rejectRun = null;
    if (ok) resolve(value);
    else {
      const flowError = value as FlowError;
      reject(Object.assign(new Error(flowError.code), { code: flowError.code, info: flowError.info, cause: flowError }));
    }
  }
}

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
