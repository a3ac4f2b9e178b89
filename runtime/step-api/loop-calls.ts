/**
 * `as.break()` / `as.continue()` and their `NoThrow` twins: the loop signal
 * thrown, or started from outside while a typed step waits, or delivered
 * as the step's outcome.
 */
import type { StepFrame } from './step-frame.js';
import { notNow } from './late-calls.js';
import { loopSignal } from './lookups.js';

/** `break` / `continue`: throws the loop signal (or, typed and waiting, starts it from outside). */
export function loopControl(f: StepFrame, action: 'break' | 'continue', label: string | undefined): never {
  if (!f._current(action)) {
    notNow(f, action);
    return undefined as never;
  }
  const signal = loopSignal(f, action, label);
  if (f._unwindFromOutside(signal)) return undefined as never;
  throw signal;
}

/** `breakNoThrow` / `continueNoThrow`: the loop signal as the step's outcome; return right after it. */
export function loopControlNoThrow(f: StepFrame, action: 'break' | 'continue', label: string | undefined): void {
  const method = action === 'break' ? 'breakNoThrow' : 'continueNoThrow';
  if (!f._current(method)) return notNow(f, method);
  f._deliver(loopSignal(f, action, label));
}
