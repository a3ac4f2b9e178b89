/**
 * The FTN12 step API (`as`) that handlers receive. A frame is its own step
 * API: one object per executing step, out of service once the step is done.
 */
import type { GraphNode } from '../graph/node.js';
import { runStepNode } from '../graph/step-node.js';
import type { AsyncSteps } from './ftn12/async-steps.js';
import { addParallel, ftn12Loop, type ErrorCallback, type ExecuteCallback, type ParallelBuilder } from './ftn12/adders.js';
import type { ISync } from './sync/isync.js';
import { valueNode } from '../graph/value-node.js';
import { awaitStep } from './await-step.js';
import type { ContinuationVar } from '../typings/context-types.js';
import { RUN_MARKER } from './behaviours/call-handler.js';
import { readContinuation, writeContinuation } from './context-vars.js';
import { acquiredResource, lookupContextVar, typedError } from './step-lookups.js';
import { Errors, FlowError, LoopSignal, withUserStack, type Unwind } from './errors.js';
import { Frame, Phase } from './frame.js';
import type { Thread } from './thread.js';
import { isWaiting, resumeDone, resumeFail } from './signals.js';
import { onStepTimeout } from './step-timeout.js';
import { signalOf } from './abort.js';

export type { ErrorCallback, ExecuteCallback, ParallelBuilder };

function outOfService(method: string): Error {
  return new Error(`${Errors.InternalError}: as.${method}() called on a step that has already finished`);
}

function misuse(info: string): FlowError {
  return new FlowError(Errors.InternalError, info);
}

function checkFn(method: string, fn: unknown, what = 'step function'): void {
  if (typeof fn !== 'function') throw new TypeError(`as.${method}(): the ${what} must be a function, got ${typeof fn}`);
}

function checkOnError(method: string, fn: unknown): void {
  if (fn !== undefined && fn !== null && typeof fn !== 'function') {
    throw new TypeError(`as.${method}(): the error handler must be a function, got ${typeof fn}`);
  }
}

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
export class StepApi extends Frame {
  constructor(node: GraphNode, parent: Frame | null, thread: Thread, args: readonly unknown[]) {
    super(node, parent, thread, args);
  }

  /** @internal Adds a node to this step's sub-steps. */
  _spliceNode(node: GraphNode): void {
    const q = this.queue;
    if (q === null) this.queue = [node];
    else (q as GraphNode[]).push(node);
  }

  /** @internal Throws unless sub-steps may be added now. */
  _checkAdd(method: string): void {
    const p = this.phase;
    if (p === Phase.Done) throw outOfService(method);
    if (p === Phase.Idle) throw misuse(`as.${method}() on a step that is not the current one`);
  }

  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    this._checkAdd('add');
    checkFn('add', fn);
    checkOnError('add', onerror);
    this._spliceNode(runStepNode(fn, onerror ?? undefined));
    return this;
  }

  parallel(onerror?: ErrorCallback): ParallelBuilder {
    this._checkAdd('parallel');
    checkOnError('parallel', onerror);
    return addParallel((n) => this._spliceNode(n), onerror);
  }

  sync(primitive: ISync, fn: ExecuteCallback, onerror?: ErrorCallback): this {
    this._checkAdd('sync');
    if (primitive === null || typeof primitive !== 'object' || typeof primitive.sync !== 'function') {
      throw new TypeError('as.sync(): the first argument must implement sync(as, step, onerror)');
    }
    checkFn('sync', fn);
    checkOnError('sync', onerror);
    primitive.sync(this, fn, onerror);
    return this;
  }

  loop(fn: (as: StepApi) => unknown, label?: string): this {
    this._checkAdd('loop');
    checkFn('loop', fn);
    this._spliceNode(ftn12Loop('loop', fn, label, {}));
    return this;
  }

  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this {
    this._checkAdd('repeat');
    checkFn('repeat', fn);
    this._spliceNode(ftn12Loop('repeat', fn, label, { count }));
    return this;
  }

  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this {
    this._checkAdd('forEach');
    checkFn('forEach', fn);
    this._spliceNode(ftn12Loop('forEach', fn, label, { collection }));
    return this;
  }

  successStep(...args: unknown[]): this {
    this._checkAdd('successStep');
    if (this.queue !== null && this.queue.length > 0) this._spliceNode(valueNode(args));
    else this.nextArgs = args;
    return this;
  }

  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this {
    this._checkAdd('await');
    checkOnError('await', onerror);
    this._spliceNode(awaitStep(promise, onerror));
    return this;
  }

  /** The run's state object. */
  get state(): any {
    return this.thread.run.state;
  }

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
    throw outOfService('success');
  }

  error(code: string, info?: unknown): never {
    const e = this._makeError('error', code, info, this.error);
    if (isWaiting(this)) {
      resumeFail(this, e);
      // Typed runs: an error reported from a callback must not throw into the caller's code.
      if (this.thread.run.style === 'typed') return undefined as never;
    }
    throw e;
  }

  errorNoThrow(code: string, info?: unknown): void {
    const e = this._makeError('errorNoThrow', code, info, this.errorNoThrow);
    this._deliver(e);
  }

  /** @internal */
  _makeError(method: string, code: string, info: unknown, api: Function): FlowError {
    if (this.phase === Phase.Done) throw outOfService(method);
    const run = this.thread.run;
    if ((this.phase === Phase.Handler || this.phase === Phase.ErrorHandler) && this.queue !== null) {
      code = Errors.InternalError;
      info = `${method}() after sub-steps were added`;
    }
    const e = (code as unknown) instanceof FlowError ? (code as unknown as FlowError) : withUserStack(() => typedError(code, info), api);
    if (run.style === 'ftn12') {
      run.state.error_info = info;
      run.state.last_exception = e;
    }
    return e;
  }

  /** @internal Delivers an unwind without throwing. */
  _deliver(u: Unwind): void {
    if (this.phase === Phase.Handler || this.phase === Phase.ErrorHandler) this.outcome = u;
    else if (isWaiting(this)) resumeFail(this, u);
    else throw outOfService('errorNoThrow');
  }

  setTimeout(ms: number): this {
    if (this.phase === Phase.Done) throw outOfService('setTimeout');
    if (this.phase === Phase.ErrorHandler) return this;
    if (!(typeof ms === 'number' && ms >= 0)) throw new TypeError(`as.setTimeout(): timeout must be a non-negative number, got ${String(ms)}`);
    const scheduler = this.thread.run.scheduler;
    if (this.timer !== null) scheduler.clearTimer(this.timer);
    this.timer = scheduler.setTimer(() => onStepTimeout(this), ms);
    return this;
  }

  setCancel(oncancel: (as: any) => void): this {
    if (this.phase === Phase.Done) throw outOfService('setCancel');
    if (this.phase === Phase.ErrorHandler) return this;
    checkFn('setCancel', oncancel, 'cancel handler');
    this.onCancel = oncancel;
    return this;
  }

  waitExternal(): this {
    if (this.phase === Phase.Done) throw outOfService('waitExternal');
    if (this.phase === Phase.ErrorHandler) return this;
    this.onCancel ??= noop;
    return this;
  }

  break(label?: string): never {
    throw this._loopSignal('break', label);
  }

  continue(label?: string): never {
    throw this._loopSignal('continue', label);
  }

  breakNoThrow(label?: string): void {
    this._deliver(this._loopSignal('break', label));
  }

  continueNoThrow(label?: string): void {
    this._deliver(this._loopSignal('continue', label));
  }

  /** @internal */
  _loopSignal(action: 'break' | 'continue', label: string | undefined): LoopSignal {
    if (this.phase === Phase.Done) throw outOfService(action);
    const run = this.thread.run;
    if (run.style === 'ftn12') run.state.error_info = label;
    return new LoopSignal(action, label);
  }

  /** Aborted when this step is cancelled or abandoned by an error or timeout. */
  get signal(): AbortSignal {
    return signalOf(this);
  }

  /** Reads a context variable, a continuation variable or an acquired resource. */
  get(variable: { kind: string; name: string }): unknown {
    switch (variable?.kind) {
      case 'contextVar':
        return lookupContextVar(this, variable);
      case 'continuationVar':
        return readContinuation(this.thread, variable as ContinuationVar<unknown>);
      case 'resource':
        return acquiredResource(this, variable);
      default:
        throw new TypeError('as.get(): expected a contextVar, a continuationVar or a resource');
    }
  }

  /** Sets a continuation variable for the steps that continue after this one. */
  set(variable: { kind: string; name: string }, value: unknown): void {
    if (variable?.kind === 'contextVar') throw new TypeError(`as.set(): context variable "${variable.name}" can only be set with flow.with()`);
    if (variable?.kind !== 'continuationVar') throw new TypeError('as.set(): expected a continuationVar');
    if (this.phase === Phase.Done) throw outOfService('set');
    writeContinuation(this.thread, variable as ContinuationVar<unknown>, value);
  }

  /** Runs a flow as this step's sub-steps; `return as.run(flow, input)` makes its output the step's. */
  run(flow: { graph: GraphNode; slots: readonly string[] }, input: unknown): any {
    this._checkAdd('run');
    if (flow === null || typeof flow !== 'object' || typeof flow.graph !== 'object' || !Array.isArray(flow.slots)) {
      throw new TypeError('as.run(): the first argument must be a Flow');
    }
    if (flow.slots.length > 0) throw new TypeError(`as.run(): the flow is a template with unfilled slots: ${flow.slots.join(', ')}`);
    if (this.queue === null || this.queue.length === 0) this.nextArgs = [input];
    else this._spliceNode(valueNode([input]));
    this._spliceNode(flow.graph);
    return RUN_MARKER;
  }

  /** A new root for standalone execution, on the same scheduler. */
  newInstance(): AsyncSteps {
    const root = this.thread.run.root;
    if (root === null) throw misuse('newInstance() is only available in FTN12 runs');
    return root.newInstance() as AsyncSteps;
  }
}

function noop(): void {}
