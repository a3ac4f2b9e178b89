/**
 * `as.setTimeout()`, and when a step may wait at all: its handler runs, or it
 * waits already. An error handler cannot wait (FTN12.md #11).
 */
import { describe } from '../../errors/describe.js';
import { Phase } from '../interpreter/frame.js';
import { onStepTimeout } from '../interpreter/timeouts.js';
import { clearTimer, isDelay, setTimer } from '../timers.js';
import { misuse } from './checks.js';
import { notNow } from './late-calls.js';
import type { StepFrame } from './step-frame.js';

/**
 * May the step arm a timer or a cancel handler now? If not, the call is refused: late, it is a late call; in an
 * error handler setTimeout/setCancel are ignored and a typed waitExternal raises InternalError.
 */
export function mayWait(f: StepFrame, method: string): boolean {
  const p = f.phase;
  if (p === Phase.Handler) f._afterSuccess(method);
  if (p === Phase.Handler || p === Phase.Waiting) return true;
  if (p !== Phase.ErrorHandler) notNow(f, method);
  else if (method === 'waitExternal' && f.thread.run.style === 'typed') throw misuse('as.waitExternal() in an error handler: it cannot wait; return a promise to recover asynchronously');
  return false;
}

/** `as.setTimeout(ms)`: (re)arms the step's timer; `Timeout` is raised when it fires. */
export function setStepTimeout(f: StepFrame, ms: number): void {
  if (!mayWait(f, 'setTimeout')) return;
  if (!isDelay(ms)) throw new TypeError(`as.setTimeout(): timeout must be a non-negative number of ms (Infinity for none), got ${describe(ms)}`);
  const scheduler = f.thread.run.scheduler;
  if (f.timer !== null) clearTimer(scheduler, f.timer);
  f.timer = setTimer(scheduler, () => onStepTimeout(f), ms);
}
