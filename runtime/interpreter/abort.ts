/**
 * The AbortSignal behind `as.signal`, created only when a handler asks for
 * it and kept beside the frame (most steps never need one).
 */
import { reportStray } from '../errors.js';
import type { Frame } from './frame.js';

const controllers = new WeakMap<Frame, AbortController>();

/** The frame's signal, created on first use. */
export function signalOf(f: Frame): AbortSignal {
  let c = controllers.get(f);
  if (c === undefined) {
    c = new AbortController();
    controllers.set(f, c);
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
  if (c === undefined) return;
  if (typeof reason === 'function') reason = reason();
  controllers.delete(f);
  try {
    c.abort(reason);
  } catch (e) {
    reportStray(e, 'an abort listener of as.signal');
  }
}
