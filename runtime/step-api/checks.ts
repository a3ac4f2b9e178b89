/** Argument and state checks of the step API, with the errors they raise. */
import { Errors, FlowError } from '../errors.js';

/** The Error for a call on a step that has finished (FTN12.md #5: thrown, the flow untouched). */
export function outOfService(method: string): Error {
  return new Error(`${Errors.InternalError}: as.${method}() called on a step that has already finished`);
}

/** Misuse inside a running step: raised as `InternalError` (FTN12.md #5). */
export function misuse(info: string): FlowError {
  return new FlowError(Errors.InternalError, info);
}

/** Checks that a step function is a function; `call` names the method, e.g. `as.add` or `AsyncSteps.add`. */
export function checkFn(call: string, fn: unknown, what = 'step function'): void {
  if (typeof fn !== 'function') throw new TypeError(`${call}(): the ${what} must be a function, got ${typeof fn}`);
}

/** Checks that an optional error handler is a function. */
export function checkOnError(call: string, fn: unknown): void {
  if (fn !== undefined && fn !== null && typeof fn !== 'function') {
    throw new TypeError(`${call}(): the error handler must be a function, got ${typeof fn}`);
  }
}

/** A cancel handler that does nothing (`waitExternal`). */
export function noop(): void {}
