/**
 * Calling user code from the interpreter. Two patterns every behaviour
 * needs: call a user function for a frame and turn a throw into an unwind
 * there (`callUser`), and wait for a promise while the frame is suspended,
 * acting on its outcome only if the frame still waits (`whenSettled`).
 */
import { FlowError, LoopSignal, toFlowError, type Unwind } from '../errors.js';
import { inFrame } from './active.js';
import type { Frame } from './frame.js';
import { isWaiting, raise, resumeFail, suspend } from './moves.js';
import { inReaction } from './driver.js';

/** Is `value` a promise-like? */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as any).then === 'function';
}

/** Converts what user code threw into an unwind and notes it in FTN12 state. */
export function thrownUnwind(f: Frame, thrown: unknown): Unwind {
  const run = f.thread.run;
  if (thrown instanceof LoopSignal) {
    // FTN12 §1.7: last_exception is the last exception caught, a loop control's too (its message is its code).
    run.note('last_exception', thrown);
    return thrown;
  }
  const error = toFlowError(thrown, run.style);
  run.note('last_exception', thrown);
  // error_info is the info of the error now unwinding (as.error() noted it already; a FlowError the library or user
  // code threw has its own), none for a plain exception: never what an earlier, recovered error left.
  run.note('error_info', thrown instanceof FlowError ? thrown.info : undefined);
  return error;
}

/** Runs the thunk `fn` as frame `f` (see {@link inFrame}). */
export function inContext(f: Frame, fn: () => unknown): unknown {
  return inFrame(f, callThunk, fn);
}

/** Calls a thunk: with {@link callUser} or {@link inFrame}, runs a closure as a frame. */
export const callThunk = (fn: () => unknown): unknown => fn();

/** What {@link callUser} gives when the user code threw (its unwind was already handed on). */
export const THREW: unique symbol = Symbol('stepflow.threw');

/**
 * Calls `fn(arg)` as frame `f` (in its context, see {@link inFrame}). A
 * throw becomes an unwind that goes to `onThrow` (default: it starts
 * unwinding at `f`), and the call gives {@link THREW}. Taking the argument
 * apart from the function keeps the per-call path free of closures.
 */
export function callUser<TArg, TResult>(f: Frame, fn: (arg: TArg) => TResult, arg: TArg, onThrow: (f: Frame, u: Unwind) => void = raise): TResult | typeof THREW {
  try {
    return inFrame(f, fn, arg);
  } catch (e) {
    onThrow(f, thrownUnwind(f, e));
    return THREW;
  }
}

/** A waiting frame fails, from outside the driver, with what user code threw or a promise rejected with. */
export function resumeThrown(f: Frame, reason: unknown): void {
  resumeFail(f, thrownUnwind(f, reason));
}

/**
 * Suspends `f` until `promise` settles; then, if `f` still waits (nothing
 * cancelled or completed it meanwhile), `onValue(f, value)` or
 * `onReason(f, reason)` resumes it.
 */
export function whenSettled<T>(
  f: Frame,
  promise: PromiseLike<T>,
  onValue: (f: Frame, value: T) => void,
  onReason: (f: Frame, reason: unknown) => void = resumeThrown,
): void {
  suspend(f);
  // A native promise calls back from the microtask queue: the frame goes on right there (see inReaction).
  const native = promise instanceof Promise;
  try {
    promise.then(
      (value) => {
        if (native) inReaction(f, value, onValue, ifWaiting);
        else ifWaiting(f, value, onValue);
      },
      (reason: unknown) => {
        if (native) inReaction(f, reason, onReason, ifWaiting);
        else ifWaiting(f, reason, onReason);
      },
    );
  } catch (e) {
    // A thenable whose `then` throws: that is its rejection, as `await` would take it.
    void Promise.resolve().then(() => ifWaiting(f, e, onReason));
  }
}

function ifWaiting<T>(f: Frame, outcome: T, on: (f: Frame, outcome: T) => void): void {
  if (isWaiting(f)) on(f, outcome);
}
