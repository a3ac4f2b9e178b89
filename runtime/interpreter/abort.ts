/**
 * The AbortSignal behind `as.signal`, created only when a handler asks for
 * it and kept beside the frame (most steps never need one).
 */
import { cancelledError, reportStray } from '../errors.js';
import { Phase, type Frame } from './frame.js';

const controllers = new WeakMap<Frame, AbortController>();

/**
 * The frame's signal, created on first use: the same signal on every read.
 * First asked for after its step ended, it is aborted already (`Cancelled`):
 * work started with it then has no step to report to.
 */
export function signalOf(f: Frame): AbortSignal {
  let c = controllers.get(f);
  if (c === undefined) {
    c = new AbortController();
    controllers.set(f, c);
    if (f.phase === Phase.Done) c.abort(cancelledError());
  }
  return c.signal;
}

/**
 * Aborts the frame's signal, if it has one, with `reason` (or, when `reason`
 * is a function, what it returns: built only if there is a signal). A
 * listener that throws is reported, never rethrown.
 */
export function abortFrame(f: Frame, reason: unknown): void {
  const c = controllers.get(f);
  // Kept once aborted: a later read of `as.signal` (an abort listener's too) finds the same, aborted signal.
  if (c === undefined || c.signal.aborted) return;
  if (typeof reason === 'function') reason = reason();
  try {
    c.abort(reason);
  } catch (e) {
    reportStray(e, 'an abort listener of as.signal');
  }
}
