/**
 * Errors from a worker thread, back on the step's side: a FlowError keeps
 * its code, info, data, message and stack, so `.catch(code)` matches it; an
 * Error comes back as an Error with its name, message and stack (the step
 * then fails with `InternalError`, the error as `cause`, like any thrown
 * Error); a thrown non-Error value comes back as that value.
 */
import { FlowError } from '../runtime/errors.js';
import type { WireError } from './wire.js';

export function errorFromWire(w: WireError): unknown {
  if (w.kind === 'value') return w.value;
  if (w.kind === 'flow') {
    const e = new FlowError(w.code, w.info, w.data === undefined ? undefined : { data: w.data });
    e.message = w.message;
    if (w.stack !== undefined) e.stack = w.stack;
    return e;
  }
  const e = new Error(w.message);
  if (w.name !== 'Error') Object.defineProperty(e, 'name', { value: w.name, configurable: true, writable: true });
  if (w.stack !== undefined) e.stack = w.stack;
  if (w.code !== undefined) (e as { code?: unknown }).code = w.code;
  return e;
}
