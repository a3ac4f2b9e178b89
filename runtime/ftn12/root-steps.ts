/**
 * What an FTN12 root is inside: its level-0 steps (graph nodes, added by the
 * shared sub-step adder), its state object and state variables, its runs,
 * and the promise of `promise()`. `AsyncSteps` is the public face of one.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { runSequenceNode } from '../../graph/nodes/sequence-node.js';
import { Errors, FlowError, withCodeMessage, flowFailure, withoutFrames } from '../errors.js';
import { active } from '../interpreter/active.js';
import { EMPTY } from '../interpreter/frame.js';
import { isWaiting, resumeFail } from '../interpreter/moves.js';
import type { FTN12Note } from '../interpreter/run.js';
import { cancelRun, startRun } from '../interpreter/start.js';
import type { Scheduler } from '../scheduler.js';
import { addAwait, addLoop, addParallel, addStep, addSuccessStep, addSync, type ParallelSteps, type StepTarget } from '../step-api/adders.js';
import { settleablePromise, settledPromise, type Settlers } from '../deferred.js';
import type { AsyncSteps } from './async-steps.js';
import { RootRun, type RootOfRun } from './root-run.js';
import { BranchJoin } from '../behaviours/branch-join.js';
import { createState, type FTN12State } from './state.js';
import type { ErrorCallback, ExecuteCallback, StepApi } from './step-api.js';

/** Where `promise()` takes the resolving functions of a new promise (read at once, so one object serves every root). */
const taken: Settlers = { resolve: () => {}, reject: () => {} };

/** The settlers of a `promise()` that has not returned yet (see `RootSteps.promise`), and what they turn into when its run settles before it returns. */
const keep = (): void => {};
const keptFulfilled = (): void => {};
const keptRejected = (): void => {};

/** The level-0 steps of a root that has none (shared; the first `add` makes the root its own list). */
const NO_NODES: readonly GraphNode[] = Object.freeze([]);

/** A root's steps, state and runs; also the `as` sync primitives add their steps to at level 0. */
export class RootSteps implements StepTarget, RootOfRun {
  /** The public root class, for `newInstance` (a new root on the same scheduler): set where it is defined, which imports this module. */
  static rootClass: (new (state: undefined, scheduler: Scheduler) => AsyncSteps) | null = null;

  declare private stateObject: FTN12State | undefined;
  /** error_info / last_exception noted before the state object existed. */
  declare private noted: Partial<Record<FTN12Note, unknown>> | null;
  declare private nodes: GraphNode[] | readonly GraphNode[];
  declare private firstArgs: readonly unknown[];
  declare private run: RootRun | null;
  /** Settle the promise of `promise()` while a run it started is going. */
  declare private resolveRun: ((value: unknown) => void) | null;
  declare private rejectRun: ((reason: unknown) => void) | null;
  /** What a run that settled before `promise()` returned settles its promise with (`resolveRun` says how). */
  declare private kept: unknown;
  declare readonly scheduler: Scheduler;

  // Fields are declared only (class-field initialisers define each property one by one): the constructor sets every one, once.
  constructor(state: FTN12State | undefined, scheduler: Scheduler) {
    this.stateObject = state;
    this.noted = null;
    this.nodes = NO_NODES;
    this.firstArgs = EMPTY;
    this.run = null;
    this.resolveRun = null;
    this.rejectRun = null;
    this.kept = undefined;
    this.scheduler = scheduler;
  }

  /** The state object of this root's runs, shared by parallel branches (created on first use). */
  get state(): FTN12State {
    if (this.stateObject === undefined) {
      this.stateObject = createState();
      const noted = this.noted;
      this.noted = null;
      if (noted !== null) Object.assign(this.stateObject, noted);
    }
    return this.stateObject;
  }

  /** Notes an FTN12 state variable; kept aside until the state object is first used. */
  _note(key: FTN12Note, value: unknown): void {
    if (this.stateObject !== undefined) this.stateObject[key] = value;
    else (this.noted ??= {})[key] = value;
  }

  // The step target of the shared adder: level-0 steps, added only while the root is not executing (FTN12.md #5).

  get _api(): string {
    return 'AsyncSteps';
  }

  _open(method: string): boolean {
    if (this.run !== null) throw withCodeMessage(new FlowError(Errors.InternalError, `AsyncSteps.${method}() on a root that is executing`));
    return true;
  }

  _push(node: GraphNode): void {
    if (this.nodes === NO_NODES) this.nodes = [node];
    else (this.nodes as GraphNode[]).push(node);
  }

  _hasSteps(): boolean {
    return this.nodes.length > 0;
  }

  _setFirstArgs(args: readonly unknown[]): void {
    this.firstArgs = args;
  }

  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    addStep(this, fn, onerror);
    return this;
  }

  parallel(onerror?: ErrorCallback): ParallelSteps {
    return addParallel(this, onerror);
  }

  sync(primitive: unknown, fn: ExecuteCallback, onerror?: ErrorCallback): this {
    addSync(this, primitive, fn, onerror);
    return this;
  }

  loop(fn: (as: StepApi) => unknown, label?: string): this {
    addLoop(this, 'loop', fn, label, {});
    return this;
  }

  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this {
    addLoop(this, 'repeat', fn, label, { count });
    return this;
  }

  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this {
    addLoop(this, 'forEach', fn, label, { collection });
    return this;
  }

  successStep(args: readonly unknown[]): this {
    addSuccessStep(this, args);
    return this;
  }

  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this {
    addAwait(this, promise, onerror);
    return this;
  }

  /** `root.error(code, info)`, as in the reference implementation (see `AsyncSteps.error`). */
  error(code: string, info?: unknown): never {
    const e = withCodeMessage(new FlowError(String(code), info));
    this._note('error_info', info);
    const run = this.run;
    const f = active.frame;
    if (run !== null && f !== null && f.thread.run === run) throw e;
    this._note('last_exception', e);
    const top = run?.thread?.top ?? null;
    if (top !== null && isWaiting(top)) {
      // A parallel block waiting for its branches: they are cancelled (their cancel handlers run) before the error goes on.
      if (top.data instanceof BranchJoin) top.data.settleWith((g) => resumeFail(g, e));
      else resumeFail(top, e);
    }
    else if (run !== null) {
      this.run = null;
      cancelRun(run);
      this.settle(false, e);
    }
    throw e;
  }

  execute(): void {
    if (this.run !== null) throw withCodeMessage(new FlowError(Errors.InternalError, 'AsyncSteps.execute() on a root that is already executing'));
    const run = new RootRun(this);
    // A list that grew by push has room for 16 more: the run keeps an exact copy, ~120 B less for each run that waits.
    const nodes = this.nodes.length > 1 ? this.nodes.slice() : this.nodes;
    const args = this.firstArgs;
    this.nodes = NO_NODES;
    this.firstArgs = EMPTY;
    this.run = run;
    startRun(run, runSequenceNode(nodes), args);
  }

  cancel(): void {
    const run = this.run;
    if (run === null) return;
    this.run = null;
    cancelRun(run);
    this.settle(false, flowFailure(Errors.Cancelled));
  }

  promise(): Promise<unknown> {
    try {
      this._open('promise');
    } catch (e) {
      // Executing already: that run's promise is left as it is.
      return Promise.reject(e);
    }
    // Until promise() returns, a settling run only keeps its outcome: a run that ends in its first steps gets a promise made settled.
    this.resolveRun = this.rejectRun = keep;
    try {
      this.execute();
    } catch (e) {
      this.resolveRun = this.rejectRun = null;
      return Promise.reject(e);
    }
    const how = this.resolveRun;
    if (how === keptFulfilled || how === keptRejected) {
      const value = this.kept;
      this.resolveRun = null;
      this.kept = undefined;
      return settledPromise(how === keptFulfilled, value);
    }
    const p = settleablePromise(taken);
    this.resolveRun = taken.resolve;
    this.rejectRun = taken.reject;
    return p;
  }

  newInstance(): AsyncSteps {
    return new RootSteps.rootClass!(undefined, this.scheduler);
  }

  /** A run of this root ended (its hooks). */
  _finish(run: RootRun, ok: boolean, value: unknown): void {
    if (this.run === run) this.run = null;
    this.settle(ok, value);
  }

  private settle(ok: boolean, value: unknown): void {
    const resolve = this.resolveRun;
    const reject = this.rejectRun;
    if (resolve === null || reject === null) return;
    this.resolveRun = this.rejectRun = null;
    let outcome = value;
    if (!ok) {
      const flowError = value as FlowError;
      // The promise's rejection: the FlowError behind it is its cause; frames here would be the interpreter's.
      outcome = Object.assign(
        withoutFrames(() => new Error(flowError.code)),
        { code: flowError.code, info: flowError.info, cause: flowError },
      );
    }
    if (resolve === keep) {
      this.resolveRun = ok ? keptFulfilled : keptRejected;
      this.kept = outcome;
    } else if (ok) resolve(outcome);
    else reject(outcome);
  }
}
