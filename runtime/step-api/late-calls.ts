/**
 * Step API calls that a step cannot take now: it has finished, or it is
 * busy (its sub-steps run, so it is not the current step). FTN12 throws, as
 * its spec says: an Error for a finished step, `InternalError` for a busy
 * one. The typed DSL never throws out of a callback: a call on a finished
 * step, or a call on a busy step made while no handler runs, is ignored and
 * reported (an `ignored` run event naming the step, and one warning per
 * step); a busy call made inside a running handler raises `InternalError`
 * there, where the flow's handlers see it.
 */
import { describe } from '../../errors/describe.js';
import { active } from '../interpreter/active.js';
import { Errors, FlowError, withCodeMessage, flowFailure } from '../errors.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { stepNames } from '../interpreter/names.js';
import { misuse, outOfService } from './checks.js';
import { Signal } from '../interpreter/thread.js';
import { hasLeft } from '../interpreter/left-runs.js';

/** Steps already warned about (one warning per step). */
const warned = new WeakSet<Frame>();

/** Refuses `as.<method>()` on a step that cannot take it now: throws, or (typed DSL) ignores and reports it. */
export function notNow(f: Frame, method: string): void {
  const done = isFinished(f);
  if (f.thread.run.style === 'ftn12') throw done ? outOfService(method) : withCodeMessage(busy(method));
  if (!done && active.frame !== null) throw busy(method);
  reportIgnored(f, method, done);
}

/** Has the step finished: done, or just completed or failed from outside before the interpreter moved on? */
export function isFinished(f: Frame): boolean {
  if (f.phase === Phase.Done) return true;
  const t = f.thread;
  return t.top === f && f.phase !== Phase.Handler && f.phase !== Phase.ErrorHandler && (t.signal === Signal.Done || t.signal === Signal.Fail);
}

function busy(method: string): FlowError {
  return misuse(`as.${method}() on a step that is not the current one (its sub-steps are running)`);
}

function reportIgnored(f: Frame, method: string, done: boolean): void {
  const where = stepNames(f).join(' > ') || 'an unnamed step';
  const gone = hasLeft(f.thread.run);
  const what = `as.${method}() on ${where}, which ${gone ? 'left this process with its run' : done ? 'has already finished' : 'is not waiting (its sub-steps are running)'}: the call was ignored`;
  const events = f.thread.run.events;
  if (events !== null) events(f, 'ignored', flowFailure(Errors.InternalError, what));
  if (warned.has(f)) return;
  warned.add(f);
  const hint = gone
    ? 'The worker closed or lost its lease on the run; the step runs again where the run goes on (use as.key() to make its effects happen once).'
    : 'A step completes at once when its handler returns a value, or returns without as.waitExternal(), as.setTimeout() or as.setCancel(); an error handler cannot wait at all (return a promise instead).';
  const proc = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  try {
    if (typeof proc?.emitWarning === 'function') proc.emitWarning(`stepflow: ${what}. ${hint}`, { code: 'STEPFLOW_IGNORED_CALL' });
    else console.warn(`stepflow: ${what}. ${hint}`);
  } catch (e) {
    // A warning listener that throws must not turn an ignored call into a crash.
    console.error(`stepflow: could not report an ignored call: ${describe(e)}`);
  }
}
