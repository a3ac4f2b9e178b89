/**
 * The FTN12 step API (`as`) that handlers receive. A frame is its own step
 * API: one object per executing step, out of service once the step is done.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { runStepNode } from '../../graph/nodes/step-node.js';
import type { AsyncSteps } from '../ftn12/async-steps.js';
import { addParallel, ftn12Loop, type ErrorCallback, type ExecuteCallback, ParallelBuilder } from './adders.js';
import type { ISync } from '../sync/isync.js';
import { valueNode } from '../../graph/nodes/value-node.js';
import { awaitStep } from './await-step.js';
import { SubFlowRun } from './sub-flow-run.js';
import { checkRunnableFlow, loopSignal, readVariable, stepError, writeVariable } from './lookups.js';
import { type Unwind } from '../errors.js';
import { EMPTY, Phase } from '../interpreter/frame.js';
import type { AnyHandler } from '../../graph/nodes/handler.js';
import type { Thread } from '../interpreter/thread.js';
import { isWaiting, resumeDone, resumeFail } from '../interpreter/moves.js';
import { onStepTimeout } from './step-timeout.js';
import { clearTimer, isDelay, setTimer } from '../timers.js';
import { describe } from '../../errors/describe.js';
import { signalOf } from './abort.js';
import { checkFn, checkOnError, misuse, noop } from './checks.js';
import { isFinished, notNow } from './late-calls.js';
import { isThenable } from '../behaviours/call-handler.js';

export type { ErrorCallback, ExecuteCallback, ParallelBuilder };

/**
 * The step API of FTN12 (the `as` / `asi` object) that step handlers get: one
 * object per executing step, out of service once the step is done.
 * @example
 * ```ts
 * root.add((as: StepApi) => {
 *   const t = setTimeout(() => as.success('done'), 100);
 *   as.setCancel(() => clearTimeout(t));
 * });
 * ```
 * @public
 */
export class StepApi {
  /** @internal Interpreter state of this step. */
  declare readonly node: GraphNode;
  /** @internal Interpreter state of this step. */
  declare readonly parent: StepApi | null;
  /** @internal Interpreter state of this step. */
  declare readonly thread: Thread;
  /** @internal Interpreter state of this step. */
  declare readonly args: readonly unknown[];
  /** @internal Sub-steps to run in order (a static node list or steps added at run time). */
  declare queue: GraphNode[] | readonly GraphNode[] | null;
  /** @internal Index of the next sub-step in `queue`. */
  declare qi: number;
  /** @internal Input of the first sub-step, and the implicit success value (FTN12 successStep). */
  declare nextArgs: readonly unknown[];
  /** @internal How the running handler ended the step: success() args, or an unwind from errorNoThrow/breakNoThrow. */
  declare outcome: readonly unknown[] | Unwind | null;
  /** @internal The armed error handler (disarmed once called). */
  declare onError: AnyHandler | undefined;
  /** @internal FTN12 cancel handler; runs on cancel and while an error unwinds through the frame. */
  declare onCancel: ((as: any) => void) | null;
  /** @internal The frame's timer (step setTimeout, timeout node, retry wait). */
  declare timer: unknown;
  /** @internal Interpreter state of this step. */
  declare phase: number;
  /** @internal Behaviour-specific state. */
  declare data: any;

  /** Has setTimeout/setCancel/waitExternal disabled the implicit success? (FTN12 §1.6) */
  get waits(): boolean {
    return this.onCancel !== null || this.timer !== null;
  }

  // Fields are declared only (no class-field initialisers): the constructor sets every one, once, in one order.
  /** @internal Frames are created by the interpreter only. */
  constructor(node: GraphNode, parent: StepApi | null, thread: Thread, args: readonly unknown[]) {
    this.node = node;
    this.parent = parent;
    this.thread = thread;
    this.args = args;
    this.queue = null;
    this.qi = 0;
    this.nextArgs = EMPTY;
    this.outcome = null;
    this.onError = undefined;
    this.onCancel = null;
    this.timer = null;
    this.phase = Phase.Idle;
    this.data = undefined;
  }

  /** @internal Adds a node to this step's sub-steps. */
  _spliceNode(node: GraphNode): void {
    const q = this.queue;
    if (q === null) this.queue = [node];
    else (q as GraphNode[]).push(node);
  }

  /** @internal May sub-steps be added now? If not, the call is refused (see `notNow`): it throws, or false when it is ignored. */
  _mayAdd(method: string): boolean {
    const p = this.phase;
    if (p !== Phase.Done && p !== Phase.Idle) return true;
    notNow(this, method);
    return false;
  }

  /** Adds a sub-step (FTN12 §2.2.1); sub-steps run after this step's handler returns. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    if (!this._mayAdd('add')) return this;
    checkFn('as.add', fn);
    checkOnError('as.add', onerror);
    this._spliceNode(runStepNode(fn, onerror ?? undefined));
    return this;
  }

  /** Adds a parallel step; add its branches to the returned object (FTN12 §1.4). */
  parallel(onerror?: ErrorCallback): ParallelBuilder {
    if (!this._mayAdd('parallel')) return new ParallelBuilder();
    checkOnError('as.parallel', onerror);
    return addParallel((n) => this._spliceNode(n), onerror);
  }

  /** Adds a step synchronised against `primitive` (FTN12 §1.11). */
  sync(primitive: ISync, fn: ExecuteCallback, onerror?: ErrorCallback): this {
    if (!this._mayAdd('sync')) return this;
    if (primitive === null || typeof primitive !== 'object' || typeof primitive.sync !== 'function') {
      throw new TypeError('as.sync(): the first argument must implement sync(as, step, onerror)');
    }
    checkFn('as.sync', fn);
    checkOnError('as.sync', onerror);
    primitive.sync(this, fn, onerror);
    return this;
  }

  /** Adds a loop that runs `fn` until `as.break()` (FTN12 §1.8). */
  loop(fn: (as: StepApi) => unknown, label?: string): this {
    if (!this._mayAdd('loop')) return this;
    checkFn('as.loop', fn);
    this._spliceNode(ftn12Loop('loop', fn, label, {}));
    return this;
  }

  /** Adds a loop that runs `fn(as, i)` `count` times. */
  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this {
    if (!this._mayAdd('repeat')) return this;
    checkFn('as.repeat', fn);
    this._spliceNode(ftn12Loop('repeat', fn, label, { count }));
    return this;
  }

  /** Adds a loop over an array, Map or object: `fn(as, key, value)`. */
  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this {
    if (!this._mayAdd('forEach')) return this;
    checkFn('as.forEach', fn);
    this._spliceNode(ftn12Loop('forEach', fn, label, { collection }));
    return this;
  }

  /** Succeeds with `args` at this point of the sub-steps (FTN12 §1.12). */
  successStep(...args: unknown[]): this {
    if (!this._mayAdd('successStep')) return this;
    if (this.queue !== null && this.queue.length > 0) this._spliceNode(valueNode(args));
    else this.nextArgs = args;
    return this;
  }

  /** Adds a step that waits for `promise` (FTN12 §1.13). */
  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this {
    if (!this._mayAdd('await')) return this;
    if (!isThenable(promise)) throw new TypeError(`as.await(): expected a promise or thenable, got ${promise === null ? 'null' : typeof promise}`);
    checkOnError('as.await', onerror);
    this._spliceNode(awaitStep(promise, onerror));
    return this;
  }

  /** The run's state object. */
  get state(): any {
    // FTN12: a finished step's state is null, so `as.state && as.success()` is a safe no-op in a late callback.
    if (this.thread.run.style === 'ftn12' && isFinished(this)) return null;
    return this.thread.run.state;
  }

  /** Completes this step with `args`, passed to the next step (FTN12 §2.2.2). */
  success(...args: unknown[]): void {
    const p = this.phase;
    if (p === Phase.Handler || p === Phase.ErrorHandler) {
      if (this.queue !== null) throw misuse('success() after sub-steps were added');
      if (Array.isArray(this.outcome)) throw misuse('success() called twice');
      if (this.outcome === null) this.outcome = args;
      return;
    }
    if (isWaiting(this)) {
      if (this.queue !== null) {
        resumeFail(this, misuse('success() after sub-steps were added'));
        return;
      }
      resumeDone(this, args);
      return;
    }
    notNow(this, 'success');
  }

  /** Fails this step with `code`; `info` becomes `state.error_info`. Throws. */
  error(code: string, info?: unknown): never {
    if (!this._current()) {
      notNow(this, 'error');
      return undefined as never;
    }
    const e = stepError(this, 'error', code, info, this.error);
    if (this._unwindFromOutside(e)) return undefined as never;
    throw e;
  }

  /** @internal Is this step running its handler or waiting, so that it can take success/error/break now? */
  _current(): boolean {
    const p = this.phase;
    return p === Phase.Handler || p === Phase.ErrorHandler || isWaiting(this);
  }

  /**
   * @internal A throwing API (`error`, `break`, `continue`) used while the
   * step waits starts the unwind from outside. True when the caller must
   * return instead of throwing: a typed step never throws into the callback
   * that called it (FTN12 throws, as the spec says).
   */
  _unwindFromOutside(u: Unwind): boolean {
    if (!isWaiting(this)) return false;
    resumeFail(this, u);
    return this.thread.run.style === 'typed';
  }

  /** Like `error`, without throwing: return right after it. */
  errorNoThrow(code: string, info?: unknown): void {
    if (!this._current()) return notNow(this, 'errorNoThrow');
    this._deliver(stepError(this, 'errorNoThrow', code, info, this.errorNoThrow));
  }

  /** @internal Delivers an unwind without throwing (the step is current). */
  _deliver(u: Unwind): void {
    if (this.phase === Phase.Handler || this.phase === Phase.ErrorHandler) this.outcome = u;
    else resumeFail(this, u);
  }

  /** @internal May the step arm a timer or a cancel handler now (its handler runs, or it waits)? If not, the call is refused. */
  _mayWait(method: string): boolean {
    const p = this.phase;
    if (p === Phase.Handler || p === Phase.Waiting) return true;
    notNow(this, method);
    return false;
  }

  /** Limits this step's time; `Timeout` is raised when `ms` pass. */
  setTimeout(ms: number): this {
    if (this.phase === Phase.ErrorHandler || !this._mayWait('setTimeout')) return this;
    if (!isDelay(ms)) throw new TypeError(`as.setTimeout(): timeout must be a non-negative number of ms (Infinity for none), got ${describe(ms)}`);
    const scheduler = this.thread.run.scheduler;
    if (this.timer !== null) clearTimer(scheduler, this.timer);
    this.timer = setTimer(scheduler, () => onStepTimeout(this), ms);
    return this;
  }

  /** Sets the handler that cancels this step's external work. */
  setCancel(oncancel: (as: any) => void): this {
    if (this.phase === Phase.ErrorHandler || !this._mayWait('setCancel')) return this;
    checkFn('as.setCancel', oncancel, 'cancel handler');
    this.onCancel = oncancel;
    return this;
  }

  /** Waits for an external `success`/`error` (no implicit success). */
  waitExternal(): this {
    if (this.phase === Phase.ErrorHandler || !this._mayWait('waitExternal')) return this;
    this.onCancel ??= noop;
    return this;
  }

  /** Leaves the innermost loop, or the loop labelled `label`. Throws. */
  break(label?: string): never {
    return this._loopControl('break', label);
  }

  /** Starts the next iteration of the innermost loop, or of the loop labelled `label`. Throws. */
  continue(label?: string): never {
    return this._loopControl('continue', label);
  }

  /** @internal `break` / `continue`: throws the loop signal (or, typed and waiting, starts it from outside). */
  _loopControl(action: 'break' | 'continue', label: string | undefined): never {
    if (!this._current()) {
      notNow(this, action);
      return undefined as never;
    }
    const signal = loopSignal(this, action, label);
    if (this._unwindFromOutside(signal)) return undefined as never;
    throw signal;
  }

  /** `break` without throwing: return right after it. */
  breakNoThrow(label?: string): void {
    if (!this._current()) return notNow(this, 'breakNoThrow');
    this._deliver(loopSignal(this, 'break', label));
  }

  /** `continue` without throwing: return right after it. */
  continueNoThrow(label?: string): void {
    if (!this._current()) return notNow(this, 'continueNoThrow');
    this._deliver(loopSignal(this, 'continue', label));
  }

  /** Aborted when this step is cancelled or abandoned by an error or timeout. */
  get signal(): AbortSignal {
    return signalOf(this);
  }

  /** Reads a context variable, a continuation variable or an acquired resource. */
  get(variable: { kind: string; name: string }): unknown {
    return readVariable(this, variable);
  }

  /** Sets a continuation variable for the steps that continue after this one. */
  set(variable: { kind: string; name: string }, value: unknown): void {
    if (this.phase === Phase.Done) return notNow(this, 'set');
    writeVariable(this, variable, value);
  }

  /**
   * Runs a flow as this step's sub-steps. Return what it gives to make the
   * flow's output the step's, or await it in an async handler for the output.
   */
  run(flow: { graph: GraphNode; slots: readonly string[] }, input: unknown): PromiseLike<unknown> {
    checkRunnableFlow(flow);
    const run = new SubFlowRun(this, flow.graph, input);
    if (this._mayAdd('run')) this._spliceNode(run);
    else run.settle(false, misuse('as.run() on a step that has finished: the flow did not run'));
    return run;
  }

  /** A new root for standalone execution, on the same scheduler. */
  newInstance(): AsyncSteps {
    const root = this.thread.run.root;
    if (root === null) throw misuse('newInstance() is only available in FTN12 runs');
    return root.newInstance() as AsyncSteps;
  }
}

