/** What `as.error`, `as.get`, `as.set` and `as.run` look up and check: typed errors, variables, resources, flows. */
import type { ContextVar, ContinuationVar } from '../../typings/context-types.js';
import type { ErrorType } from '../../typings/errors.js';
import { lookupContext, NOT_FOUND, readContinuation, writeContinuation } from '../context-vars.js';
import { Errors, FlowError, LoopSignal, withCodeMessage, withoutFrames, withUserStack } from '../errors.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import type { Held } from '../behaviours/using.js';

/** An error from `as.error(code, info)` or `as.error(ErrorType, data)`. */
export function typedError(code: unknown, info: unknown): FlowError {
  if (code instanceof FlowError) return code;
  if (code !== null && typeof code === 'object' && typeof (code as ErrorType).parse === 'function') {
    const type = code as ErrorType;
    const parsed = type.parse(info);
    if (parsed.ok) return new FlowError(type.code, undefined, { data: parsed.data });
    // The issues are the info (and the data); the message says whose data failed.
    const invalid = new FlowError(Errors.InternalError, parsed.issues, { data: parsed.issues });
    invalid.message = `${Errors.InternalError}: invalid data for error ${type.code}: ${JSON.stringify(parsed.issues)}`;
    return invalid;
  }
  return new FlowError(String(code), info);
}

export function lookupContextVar(f: Frame, variable: { name: string }): unknown {
  const v = lookupContext(f, variable);
  return v === NOT_FOUND ? (variable as ContextVar<unknown>).get() : v;
}

export function acquiredResource(f: Frame, res: { name: string }): unknown {
  for (let g: Frame | null = f; g !== null; g = g.parent) {
    const n = g.node;
    if (n.kind === 'using' && (n.resource as unknown) === res && g.data !== undefined) return (g.data as Held).value;
  }
  throw new TypeError(`as.get(): resource "${res.name}" is not acquired here (use it inside flow.using())`);
}

/** `as.get(v)`: a context variable, a continuation variable or an acquired resource. */
export function readVariable(f: Frame, variable: { kind: string; name: string }): unknown {
  switch (variable?.kind) {
    case 'contextVar':
      return lookupContextVar(f, variable);
    case 'continuationVar':
      return readContinuation(f.thread, variable as ContinuationVar<unknown>);
    case 'resource':
      return acquiredResource(f, variable);
    default:
      throw new TypeError('as.get(): expected a contextVar, a continuationVar or a resource');
  }
}

/** `as.set(v, value)`: only continuation variables can be set from a step. */
export function writeVariable(f: Frame, variable: { kind: string; name: string }, value: unknown): void {
  if (variable?.kind === 'contextVar') throw new TypeError(`as.set(): context variable "${variable.name}" can only be set with flow.with()`);
  if (variable?.kind !== 'continuationVar') throw new TypeError('as.set(): expected a continuationVar');
  writeContinuation(f.thread, variable as ContinuationVar<unknown>, value);
}

/** Checks the flow given to `as.run`. */
export function checkRunnableFlow(flow: { graph: unknown; slots: readonly string[] } | null): void {
  if (flow === null || typeof flow !== 'object' || typeof flow.graph !== 'object' || !Array.isArray(flow.slots)) {
    throw new TypeError('as.run(): the first argument must be a Flow');
  }
  if (flow.slots.length > 0) throw new TypeError(`as.run(): the flow is a template with unfilled slots: ${flow.slots.join(', ')}`);
}

/**
 * The error `as.error` / `as.errorNoThrow` raises: misuse after adding
 * sub-steps is `InternalError` (FTN12.md #5); the FTN12 state variables are
 * noted. A new error is a failure of the flow, located by its `steps`: it
 * carries no JS frames, except in debug mode, where it has the one frame of
 * the user code that called `api`.
 */
export function stepError(f: Frame, method: string, code: string, info: unknown, api: Function): FlowError {
  if ((f.phase === Phase.Handler || f.phase === Phase.ErrorHandler) && f.queue !== null) {
    code = Errors.InternalError;
    info = `${method}() after sub-steps were added`;
  }
  const run = f.thread.run;
  if ((code as unknown) instanceof FlowError) {
    run.noteError(info, code);
    return code as unknown as FlowError;
  }
  const make = (): FlowError => typedError(code, info);
  const e = run.debug === null ? withoutFrames(make) : withUserStack(make, api);
  if (run.style === 'ftn12') withCodeMessage(e);
  run.noteError(info, e);
  return e;
}

/** The loop control transfer of `as.break` / `as.continue`; FTN12 records the label as `error_info`. */
export function loopSignal(f: Frame, action: 'break' | 'continue', label: string | undefined): LoopSignal {
  f.thread.run.note('error_info', label);
  return new LoopSignal(action, label);
}
