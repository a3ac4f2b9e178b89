/**
 * Calling user handlers: step handlers and error handlers, with the FTN12
 * rules for what their completion means and the typed-DSL rules for return
 * values and promises.
 */
import type { AnyHandler, StepStyle } from '../../graph/nodes/handler.js';
import { codeOf, reportStray, type Unwind } from '../errors.js';
import { labelOf } from '../interpreter/names.js';
import { inContext, isThenable, resumeThrown, THREW, thrownUnwind } from '../interpreter/user-code.js';
import { active } from '../interpreter/active.js';
import { asyncContext } from '../async-context.js';
import { AWAITING, EMPTY, Phase, type Frame } from '../interpreter/frame.js';
import { complete, isWaiting, proceed, propagate, raise, resumeDone, resumeNext, resumePropagate, suspend } from '../interpreter/moves.js';
import { startWanted, SubFlowRun, type AwaitedRuns } from './sub-flow-run.js';
import { realNow, report, reportIfSlow } from '../debug.js';
import { inReaction } from '../interpreter/driver.js';

/** Calls a step handler with the frame's arguments and acts on how it completed. */
export function callStep(f: Frame, handler: AnyHandler, style: StepStyle): void {
  const r = invokeStep(f, handler);
  if (r === THREW) return;
  const out = plainOutput(f, r, style);
  if (out === null) return settleStep(f, r, style);
  f.outcome = null;
  f.phase = Phase.Idle;
  complete(f, out);
}

/**
 * Calls a step handler with `f` as its `as` and the frame's arguments: what
 * it returned, or {@link THREW} when it threw (the error then unwinds at `f`).
 */
export function invokeStep(f: Frame, handler: AnyHandler): unknown {
  const prev = active.frame;
  active.frame = f;
  f.phase = Phase.Handler;
  const a = f.args;
  let r: unknown;
  // Kept small, the rare cases in functions of their own: the whole call inlines into the driver's and the chain's loops.
  try {
    // Up to two arguments without a spread (a loop body gets two or three): the spread call costs more than the step.
    r = f.thread.run.contextual ? callInContext(f, handler, a) : a.length === 1 ? handler(f, a[0]) : a.length === 0 ? handler(f) : a.length === 2 ? handler(f, a[0], a[1]) : callSpread(f, handler, a);
  } catch (e) {
    return handlerThrew(f, prev, e);
  }
  active.frame = prev;
  return r;
}

function callSpread(f: Frame, handler: AnyHandler, a: readonly unknown[]): unknown {
  return a.length === 0 ? handler(f) : a.length === 3 ? handler(f, a[0], a[1], a[2]) : handler(f, ...a);
}

/** A run that entered a context scope: the handler runs inside the async-context store, as `f`. */
function callInContext(f: Frame, handler: AnyHandler, a: readonly unknown[]): unknown {
  return asyncContext === null ? callSpread(f, handler, a) : asyncContext.run(f, () => handler(f, ...a));
}

function handlerThrew(f: Frame, prev: Frame | null, e: unknown): typeof THREW {
  active.frame = prev;
  f.phase = Phase.Idle;
  raise(f, thrownUnwind(f, e));
  return THREW;
}

/**
 * The output of a step whose handler (which returned `r`) completed it
 * plainly — `as.success(...)`, a typed return value, or the implicit
 * success — or null when it did anything else: failed through
 * `as.error`, returned a promise, added sub-steps or asked to wait.
 */
export function plainOutput(f: Frame, r: unknown, style: StepStyle): readonly unknown[] | null {
  const outcome = f.outcome;
  if (outcome !== null) {
    if (r !== undefined) leaveUnused(f, r);
    return Array.isArray(outcome) ? outcome : null;
  }
  // A typed handler's return value is its output, except its own `as` (`(as) => as.waitExternal()`): chained API calls return it.
  if (style === 'typed' && r !== undefined && r !== f) return f.queue !== null || isThenable(r) ? null : [r];
  if (r !== undefined) leaveUnused(f, r);
  return f.queue !== null || f.waits ? null : f.nextArgs;
}

/**
 * A handler returned `r` and its step's outcome was decided without it
 * (`as.success` before the handler's first await, an FTN12 handler, whose
 * return value is no outcome): when `r` is a promise, its rejection is
 * reported as a warning, never left unhandled to crash the process.
 */
export function leaveUnused(f: Frame, r: unknown): void {
  if (r === f || r instanceof SubFlowRun || !isThenable(r)) return;
  try {
    r.then(undefined, (reason: unknown) => reportStray(reason, `a handler whose step had already ended (${labelOf(f)})`));
  } catch (e) {
    reportStray(e, `then() of what a handler returned (${labelOf(f)})`);
  }
}

/** A step whose handler returned `r` and did not complete it plainly (see {@link plainOutput}): it fails, waits, or runs what it added. */
export function settleStep(f: Frame, r: unknown, style: StepStyle): void {
  const outcome = f.outcome;
  if (outcome !== null) {
    f.outcome = null;
    f.phase = Phase.Idle;
    raise(f, outcome as Unwind);
  } else if (style === 'typed' && r !== undefined && isThenable(r)) {
    // `return as.run(sub, v)`: the run is the step's last sub-step, so its output is the step's.
    if (r instanceof SubFlowRun && r.isTail(f)) proceed(f, r.forward(f));
    else awaitHandler(f, r, stepValue, resumeThrown);
  } else if (f.queue !== null) {
    // Only a step that asked for the promise of a run it started (`then` while its handler ran) has data here.
    if (f.data === undefined || !awaitWanted(f, style === 'typed' ? r : undefined, stepValue)) proceed(f, f.nextArgs);
  } else {
    suspend(f);
  }
}

/**
 * The handler returned no promise, but asked for the promise of runs it
 * started (`as.run(sub, v).then(...)`, `Promise.resolve(as.run(...))`):
 * like the runs an async handler awaits, they start now, one after the
 * other, and hand their outcome to that promise, not to the step, which
 * goes on with `on(f, r)` once they ended. False when there is none.
 */
function awaitWanted(f: Frame, r: unknown, on: (f: Frame, value: unknown) => void): boolean {
  suspend(f);
  startWanted(f);
  const runs = f.data as AwaitedRuns | undefined;
  if (runs === undefined || runs.current === null) return false;
  runs.then = () => on(f, r);
  return true;
}

/** A step handler's promise fulfilled: sub-steps it added run next, else the value is the output. */
function stepValue(f: Frame, value: unknown): void {
  if (f.queue !== null) resumeNext(f, f.nextArgs);
  else if (value !== undefined && value !== f) resumeDone(f, [value]);
  else if (!f.waits) resumeDone(f, f.nextArgs);
}

/**
 * A handler returned a promise: the frame waits for it. Sub-flows the
 * handler awaits run meanwhile (`await as.run(...)`); the promise's outcome
 * is acted on once the frame is back to waiting on it, never while one of
 * them is still running.
 */
function awaitHandler(f: Frame, promise: PromiseLike<unknown>, onValue: (f: Frame, value: unknown) => void, onReason: (f: Frame, reason: unknown) => void): void {
  suspend(f);
  f.outcome = AWAITING;
  if (f.queue !== null) startWanted(f);
  // A native promise calls back from the microtask queue: the step goes on right there (see enterReaction).
  const native = promise instanceof Promise;
  try {
    promise.then(
      (value) => settled(native, f, value, onValue),
      (reason: unknown) => settled(native, f, reason, onReason),
    );
  } catch (e) {
    // A thenable whose `then` throws: that is its rejection, as `await` would take it.
    void Promise.resolve().then(() => settled(false, f, e, onReason));
  }
}

/** The handler's promise settled with `outcome`: `on` acts on it once the frame waits for it. */
function settled(native: boolean, f: Frame, outcome: unknown, on: (f: Frame, outcome: unknown) => void): void {
  if (f.outcome === AWAITING) f.outcome = null;
  if (native) inReaction(f, outcome, on, actOn);
  else actOn(f, outcome, on);
}

function actOn(f: Frame, outcome: unknown, on: (f: Frame, outcome: unknown) => void): void {
  if (isWaiting(f)) on(f, outcome);
  else afterAwaitedRuns(f, () => on(f, outcome));
}

/** The handler's promise settled and the frame is not waiting for it: an awaited sub-flow runs, or (debug) the step is already gone. */
function afterAwaitedRuns(f: Frame, go: () => void): void {
  const runs = f.data as AwaitedRuns | undefined;
  if (f.phase !== Phase.Done && runs !== undefined && runs.current !== null) runs.then = go;
  else if (f.phase === Phase.Done && f.thread.run.debug !== null && f.thread.run.debug.lateSettles !== false) report(f, 'late');
}


/** An error handler's promise fulfilled: added steps run, a value recovers, nothing rethrows `error`. */
function recovered(f: Frame, value: unknown, error: Unwind): void {
  if (f.queue !== null) resumeNext(f, f.nextArgs);
  else if (value !== undefined) resumeDone(f, [value]);
  else {
    f.phase = Phase.Idle;
    resumePropagate(f, error);
  }
}

function handlerFailed(f: Frame, reason: unknown): void {
  f.phase = Phase.Idle;
  resumePropagate(f, thrownUnwind(f, reason));
}

/**
 * Runs an error handler for `error` at frame `f` (FTN12 §1.2, §1.2.1):
 * success recovers, a new error replaces, added steps run in place of the
 * failed scope, a silent return continues unwinding. Typed handlers may also
 * recover by returning a value (or a promise of one).
 */
export function callErrorHandler(f: Frame, handler: AnyHandler, error: Unwind, style: StepStyle): void {
  f.onError = undefined;
  f.queue = null;
  f.qi = 0;
  f.outcome = null;
  f.nextArgs = EMPTY;
  f.phase = Phase.ErrorHandler;
  const debug = f.thread.run.debug;
  const started = debug === null ? 0 : realNow();
  let r: unknown;
  try {
    r = inContext(f, () => (style === 'ftn12' ? handler(f, codeOf(error)) : handler(f, error)));
  } catch (e) {
    f.phase = Phase.Idle;
    propagate(f, thrownUnwind(f, e));
    return;
  } finally {
    if (debug !== null) reportIfSlow(f, debug, started);
  }
  f.phase = Phase.Idle;
  const outcome = f.outcome;
  if (outcome !== null) {
    f.outcome = null;
    if (r !== undefined) leaveUnused(f, r);
    if (Array.isArray(outcome)) complete(f, outcome);
    else propagate(f, outcome as Unwind);
  } else if (style === 'typed' && r !== undefined && isThenable(r)) {
    // Before the sub-steps: the promise may be derived from a run it added (`as.run(sub, v).then(...)`), as for a step.
    if (r instanceof SubFlowRun && r.isTail(f)) proceed(f, r.forward(f));
    else awaitHandler(f, r, (g, value) => recovered(g, value, error), handlerFailed);
  } else if (f.queue !== null) {
    if (r !== undefined) leaveUnused(f, r);
    const value = style === 'typed' ? r : undefined;
    if (!awaitWanted(f, value, (g) => (g.waits ? undefined : recovered(g, value, error)))) proceed(f, f.nextArgs);
  } else if (style === 'typed' && r !== undefined) {
    complete(f, [r]);
  } else {
    if (r !== undefined) leaveUnused(f, r);
    propagate(f, error);
  }
}
