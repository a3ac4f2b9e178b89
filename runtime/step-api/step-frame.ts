/**
 * The step API (`as`) that handlers get, built on the interpreter's frame:
 * one object per executing step is both its frame and its `as`, so a step
 * costs one allocation. It implements FTN12's `StepApi` and the typed DSL's
 * `FlowStepApi`; what FTN12 and the typed DSL do differently (late calls,
 * errors from callbacks) is decided by the run's style.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { InputSchema } from '../../typings/flow-types.js';
import type { FlowStepApi, SubFlowRun as SubFlowRunOf } from '../../typings/step-api.js';
import type { ErrorType } from '../../typings/errors.js';
import type { StepApi } from '../ftn12/step-api.js';
import type { AsyncSteps } from '../ftn12/async-steps.js';
import { addAwait, addLoop, addParallel, addStep, addSuccessStep, addSync, type ParallelSteps, type StepTarget } from './adders.js';
import { SubFlowRun } from '../behaviours/sub-flow-run.js';
import { checkRunnableFlow, readVariable, stepError, writeVariable } from './lookups.js';
import { embeddedGraph } from '../../graph/nodes/embed-node.js';
import { LoopSignal, withCodeMessage, type FlowError, type Unwind } from '../errors.js';
import { AWAITING, Frame, Phase } from '../interpreter/frame.js';
import { isWaiting, resumeDone, resumeFail } from '../interpreter/moves.js';
import { signalOf } from '../interpreter/abort.js';
import { checkFn, misuse, noop } from './checks.js';
import { isFinished, notNow } from './late-calls.js';
import { loopControl, loopControlNoThrow } from './loop-calls.js';
import { mayWait, setStepTimeout } from './wait-calls.js';
import { active } from '../interpreter/active.js';
import { runValueNode } from '../../graph/nodes/value-node.js';
import { stepKey } from './keys.js';
import { labelOf } from '../interpreter/names.js';

/** A sub-step as the frame takes it: any handler that a frame is a valid `as` for (FTN12's or the typed DSL's). */
type FrameCallback = (as: StepFrame, ...args: any[]) => unknown;
type FrameErrorCallback = (as: StepFrame, code: string) => unknown;

/** The frame behind a step's `as`, for the library's own handlers (sync primitives) that need the run. */
export function frameOf(as: StepApi): StepFrame {
  return as as StepFrame;
}

/** The frame of every step, and the `as` its handlers get. */
export class StepFrame extends Frame implements StepApi, StepTarget {
  /** @internal */
  get _api(): string {
    return 'as';
  }

  /** @internal Adds a node to this step's sub-steps. */
  _push(node: GraphNode): void {
    this.addSubStep(node);
  }

  /** @internal */
  _hasSteps(): boolean {
    return this.queue !== null && this.queue.length > 0;
  }

  /**
   * @internal `successStep` as a step's first call: the sub-step `as.add((as) => as.success(...args))` it stands
   * for (FTN12 §2.2.1), so the step has sub-steps from then on: a later `success()` is misuse, and `setTimeout`,
   * `setCancel` or `waitExternal` do not hold the step (in an error handler, it recovers).
   */
  _setFirstArgs(args: readonly unknown[]): void {
    this._push(runValueNode(args));
  }

  /** @internal May sub-steps be added now? If not, the call is refused (see `notNow`): it throws, or false when it is ignored. */
  _open(method: string): boolean {
    if (this.thread.run.hooks.durable === true) {
      throw misuse(`${labelOf(this)}: as.${method}() adds steps while the run runs, which a durable run cannot checkpoint: put them in the flow's graph (.step, .parallel, .map, .embed)`);
    }
    const p = this.phase;
    if (p === Phase.Handler || p === Phase.ErrorHandler) this._afterSuccess(method);
    if (p !== Phase.Done && p !== Phase.Idle) return true;
    notNow(this, method);
    return false;
  }

  add(fn: FrameCallback, onerror?: FrameErrorCallback): this {
    addStep(this, fn, onerror);
    return this;
  }

  parallel(onerror?: FrameErrorCallback): ParallelSteps {
    return addParallel(this, onerror);
  }

  sync(primitive: { sync(as: any, step: any, onerror?: any): void }, fn: FrameCallback, onerror?: FrameErrorCallback): this {
    addSync(this, primitive, fn, onerror);
    return this;
  }

  loop(fn: (as: StepFrame) => unknown, label?: string): this {
    addLoop(this, 'loop', fn, label, {});
    return this;
  }

  repeat(count: number, fn: (as: StepFrame, i: number) => unknown, label?: string): this {
    addLoop(this, 'repeat', fn, label, { count });
    return this;
  }

  forEach(collection: unknown, fn: (as: StepFrame, key: any, value: any) => unknown, label?: string): this {
    addLoop(this, 'forEach', fn, label, { collection });
    return this;
  }

  successStep(...args: unknown[]): this {
    addSuccessStep(this, args);
    return this;
  }

  await(promise: PromiseLike<unknown>, onerror?: FrameErrorCallback): this {
    addAwait(this, promise, onerror);
    return this;
  }

  get state(): any {
    // FTN12: a finished step's state is null, so `as.state && as.success()` is a safe no-op in a late callback;
    // its cancel handler (called as the step, while it is cancelled) gets the state, to clean up with.
    if (this.thread.run.style === 'ftn12' && isFinished(this) && active.frame !== this) return null;
    return this.thread.run.state;
  }

  update(recipe: (draft: any) => void): void {
    if (typeof recipe !== 'function') throw new TypeError(`as.update(): the recipe must be a function, got ${typeof recipe}`);
    if (this.phase === Phase.Done) return notNow(this, 'update');
    const run = this.thread.run;
    if (run.hooks.updateState !== undefined) {
      run.hooks.updateState(this, recipe);
      run.stateChanged();
    } else recipe(run.state);
  }

  key(): string {
    return stepKey(this);
  }

  success(...args: unknown[]): void {
    const p = this.phase;
    if (p === Phase.Handler || p === Phase.ErrorHandler) {
      if (this.queue !== null) throw this._misuse('success() after sub-steps were added');
      if (Array.isArray(this.outcome)) throw this._misuse('success() called twice');
      this._afterSuccess('success');
      this.outcome = args;
      return;
    }
    if (isWaiting(this)) {
      if (this.queue !== null) return resumeFail(this, this._misuse('success() after sub-steps were added'));
      return resumeDone(this, args);
    }
    notNow(this, 'success');
  }

  error(code: string | ErrorType<string, any, any>, info?: unknown): never {
    if (!this._current('error')) {
      notNow(this, 'error');
      return undefined as never;
    }
    const e = stepError(this, 'error', code as string, info, this.error);
    if (this._unwindFromOutside(e)) return undefined as never;
    throw e;
  }
  /** @internal Is this step running its handler or waiting, so that it can take error/break now? */
  _current(method: string): boolean {
    const p = this.phase;
    if (p !== Phase.Handler && p !== Phase.ErrorHandler) return isWaiting(this);
    this._afterSuccess(method);
    return true;
  }

  /** @internal In its handler after `success()` or a `*NoThrow` call, the step is decided: what would change it is misuse (FTN12 §2.1). */
  _afterSuccess(method: string): void {
    const o = this.outcome;
    if (o === null || o === AWAITING) return;
    throw this._misuse(`${method}() after ${Array.isArray(o) ? 'success()' : o instanceof LoopSignal ? 'breakNoThrow()/continueNoThrow()' : 'errorNoThrow()'}`);
  }

  /** @internal A misuse error (`InternalError`); in FTN12 runs its message is the code (FTN12.md #16). */
  _misuse(info: string): FlowError {
    return this.thread.run.style === 'ftn12' ? withCodeMessage(misuse(info)) : misuse(info);
  }

  /**
   * @internal `error`/`break`/`continue` while the step waits: the unwind starts from outside. True when the caller
   * returns instead of throwing: a typed callback-style step never throws into its callback; an async handler still
   * running is stopped by the throw; FTN12 always throws, as its spec says.
   */
  _unwindFromOutside(u: Unwind): boolean {
    if (!isWaiting(this)) return false;
    // An async handler still running: the call comes from its body after an await, which must stop there, as in a sync handler.
    const ownBody = this.outcome === AWAITING;
    resumeFail(this, u);
    return this.thread.run.style === 'typed' && !ownBody;
  }

  /** Like `error`, without throwing: return right after it. */
  errorNoThrow(code: string, info?: unknown): void {
    if (!this._current('errorNoThrow')) return notNow(this, 'errorNoThrow');
    this._deliver(stepError(this, 'errorNoThrow', code, info, this.errorNoThrow));
  }

  /** @internal Delivers an unwind without throwing (the step is current). */
  _deliver(u: Unwind): void {
    if (this.phase === Phase.Handler || this.phase === Phase.ErrorHandler) this.outcome = u;
    else resumeFail(this, u);
  }

  /** Limits this step's time; `Timeout` is raised when `ms` pass. */
  setTimeout(ms: number): this {
    setStepTimeout(this, ms);
    return this;
  }

  /** Sets the handler that cancels this step's external work. */
  setCancel(oncancel: (as: StepFrame) => void): this {
    if (mayWait(this, 'setCancel')) {
      checkFn('as.setCancel', oncancel, 'cancel handler');
      this.onCancel = oncancel;
    }
    return this;
  }

  /** Waits for an external `success`/`error` (no implicit success). */
  waitExternal(): this {
    if (mayWait(this, 'waitExternal')) this.onCancel ??= noop;
    return this;
  }

  /** Leaves the innermost loop, or the loop labelled `label`. Throws. */
  break(label?: string): never {
    return loopControl(this, 'break', label);
  }

  /** Starts the next iteration of the innermost loop, or of the loop labelled `label`. Throws. */
  continue(label?: string): never {
    return loopControl(this, 'continue', label);
  }

  /** `break` without throwing: return right after it. */
  breakNoThrow(label?: string): void {
    loopControlNoThrow(this, 'break', label);
  }

  /** `continue` without throwing: return right after it. */
  continueNoThrow(label?: string): void {
    loopControlNoThrow(this, 'continue', label);
  }

  /** Aborted when this step is cancelled or abandoned by an error or timeout. */
  get signal(): AbortSignal {
    return signalOf(this);
  }

  /** Reads a context variable, a continuation variable or an acquired resource. */
  get(variable: { readonly kind: string; readonly name: string }): any {
    return readVariable(this, variable);
  }

  /** Sets a continuation variable for the steps that continue after this one. */
  set(variable: { readonly kind: string; readonly name: string }, value: unknown): void {
    if (this.phase === Phase.Done) return notNow(this, 'set');
    writeVariable(this, variable, value);
  }

  /**
   * Runs a flow as this step's sub-steps. Return what it gives to make the
   * flow's output the step's, or await it in an async handler for the output.
   */
  run(flow: { readonly graph: GraphNode; readonly slots: readonly string[]; readonly inputSchema?: InputSchema | undefined }, input: unknown): SubFlowRunOf<any> {
    checkRunnableFlow(flow);
    const run = new SubFlowRun(this, embeddedGraph(flow), input);
    if (this._open('run')) this._push(run);
    else run.settle(false, misuse('as.run() on a step that has finished: the flow did not run'));
    return run;
  }

  /** A new root for standalone execution, on the same scheduler (FTN12 runs). */
  newInstance(): AsyncSteps {
    const hooks = this.thread.run.hooks;
    if (hooks.newInstance === undefined) throw misuse('newInstance() is only available in FTN12 runs');
    return hooks.newInstance() as AsyncSteps;
  }
}

// Compile-time check: a frame is a valid `as` for both front ends' handlers.
void (null as unknown as StepFrame satisfies StepApi & FlowStepApi<any>);

