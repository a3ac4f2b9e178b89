/**
 * Flow errors: a persistent string code with FTN12 error info, plus the
 * cause, typed data and the async stack of step names.
 */

import { Errors, FlowError } from '../errors/flow-error.js';
import { describe, describeError } from '../errors/describe.js';

export { FlowError, Errors, type FlowErrorOptions } from '../errors/flow-error.js';
import type { FlowErrorOptions } from '../errors/flow-error.js';

/**
 * FTN12 front end (FTN12.md #16): the exception raised for a code has
 * `message === code`; the info lives in `state.error_info` only.
 */
export function withCodeMessage(error: FlowError): FlowError {
  error.message = error.code;
  return error;
}

/** Marks a FlowError created by the runtime for a cancel. */
export function cancelledError(reason?: unknown): FlowError {
  return flowFailure(Errors.Cancelled, undefined, reason === undefined ? {} : { cause: reason });
}

/**
 * A loop control transfer (`break` / `continue`). It unwinds like an error,
 * runs cancel handlers on the way, but error handlers never see it.
 * @internal
 */
export class LoopSignal {
  constructor(
    readonly action: 'break' | 'continue',
    readonly label: string | undefined,
  ) {}

  /** Its FTN12 code, `LoopBreak` or `LoopCont`, as the message of the exception it stands for in `last_exception`. */
  get message(): string {
    return this.action === 'break' ? Errors.LoopBreak : Errors.LoopCont;
  }
}

/** What the interpreter unwinds with: a flow error or a loop control transfer. */
export type Unwind = FlowError | LoopSignal;

/** The code FTN12 gives a loop control transfer: `LoopBreak` or `LoopCont`. */
export function codeOf(u: Unwind): string {
  if (u instanceof FlowError) return u.code;
  return u.action === 'break' ? Errors.LoopBreak : Errors.LoopCont;
}

/** The error a run fails with when `error` ends its root thread: a loop signal that found no loop is `LoopBreak` / `LoopCont`. */
export function runFailure(error: Unwind): FlowError {
  if (error instanceof FlowError) return error;
  return flowFailure(codeOf(error), `${error.action}() outside of a matching loop${error.label ? ` (label ${error.label})` : ''}`);
}

/**
 * Turns anything user code threw into a FlowError.
 * - `typed` runs: a FlowError keeps its code; anything else is
 *   `InternalError` with the thrown value as `cause`.
 * - `ftn12` runs (FTN12.md #6): an `Error` becomes code = its message.
 */
export function toFlowError(thrown: unknown, style: 'ftn12' | 'typed'): FlowError {
  if (thrown instanceof FlowError) return thrown;
  const message = messageOf(thrown);
  if (style === 'ftn12') return flowFailure(message || Errors.InternalError, undefined, { cause: thrown });
  return flowFailure(Errors.InternalError, message || undefined, { cause: thrown });
}

/** The message of a thrown Error as text ('' for anything else, or when reading it throws). */
function messageOf(thrown: unknown): string {
  if (!(thrown instanceof Error)) return '';
  try {
    const message: unknown = thrown.message;
    return typeof message === 'string' ? message : describe(message);
  } catch {
    return '';
  }
}

/** Reports an exception that nothing can handle any more (from `where`), without crashing. */
export function reportStray(error: unknown, where = 'a cleanup handler'): void {
  queueMicrotask(() => {
    if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
      process.emitWarning(`stepflow: ignored exception in ${where}: ${describeError(error)}`);
    } else {
      console.warn(`stepflow: ignored exception in ${where}`, error);
    }
  });
}

/**
 * May the interpreter lower `Error.stackTraceLimit` while it makes an error?
 * Not where `Error` was frozen (a hardened realm); errors there keep the
 * host's stacks.
 */
const canLimitStacks = ((): boolean => {
  const d = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
  return d !== undefined && d.writable === true && typeof d.value === 'number' && typeof (Error as { captureStackTrace?: unknown }).captureStackTrace === 'function';
})();

/**
 * A FlowError that a flow fails with, made without JS stack frames: it is
 * data about the flow (its `code`, `info`, and `steps`, the flow's own async
 * stack), and the frames at the point the interpreter makes it are the
 * interpreter's. Capturing them costs more than the rest of the error path
 * (~1.4 µs for the first frame here, ~0.5 µs for each more). What caused it
 * keeps its own stack in `cause`.
 */
export function flowFailure(code: string, info?: unknown, options?: FlowErrorOptions): FlowError {
  return withoutFrames(() => new FlowError(code, info, options));
}

/** Runs `make` with stack capture off (see {@link flowFailure}). */
export function withoutFrames<TError extends Error>(make: () => TError): TError {
  if (!canLimitStacks) return make();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Builds an error raised through the step API (`as.error`) in debug mode:
 * its stack is the one frame of the user's call of `api`, and nothing below
 * it (the interpreter's frames).
 */
export function withUserStack<TError extends Error>(make: () => TError, api: Function): TError {
  const limit = Error.stackTraceLimit;
  if (!canLimitStacks || limit <= 0) return make();
  Error.stackTraceLimit = 0;
  try {
    const error = make();
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(error, api);
    return error;
  } finally {
    Error.stackTraceLimit = limit;
  }
}
