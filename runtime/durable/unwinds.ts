/**
 * Errors and loop signals in a cursor. A FlowError keeps its code, message,
 * info, data and step names (its `cause` is a live object and stays behind);
 * info and data that are not JSON are refused like any other value.
 */
import { FlowError, LoopSignal, type Unwind } from '../errors.js';
import type { Json, SavedUnwind } from './cursor.js';
import { valueJson, valueOf } from './checkpoint-values.js';

/** An unwind as JSON. */
export function saveUnwind(u: Unwind, where: string): SavedUnwind {
  if (u instanceof LoopSignal) return u.label === undefined ? { loop: u.action } : { loop: u.action, label: u.label };
  const out: { code: string; message: string; info?: Json; data?: Json; steps?: readonly string[] } = { code: u.code, message: u.message };
  if (u.info !== undefined) out.info = valueJson(u.info, `${where}: the info of error ${u.code}`);
  if (u.data !== undefined) out.data = valueJson(u.data, `${where}: the data of error ${u.code}`);
  if (u.steps.length > 0) out.steps = u.steps;
  return out;
}

/** A saved unwind as a live one again. */
export function loadUnwind(s: SavedUnwind): Unwind {
  if ('loop' in s) return new LoopSignal(s.loop, s.label);
  const e = new FlowError(s.code, valueOf(s.info), s.data === undefined ? undefined : { data: valueOf(s.data) });
  if (e.message !== s.message) Object.defineProperty(e, 'message', { value: s.message, writable: true, configurable: true });
  if (s.steps !== undefined) e.steps = s.steps;
  return e;
}

/** An error whose info or data is not JSON is committed with its code and message only. */
export function safeError(e: FlowError): FlowError {
  try {
    saveUnwind(e, 'the run');
    return e;
  } catch {
    const plain = new FlowError(e.code, e.message === e.code ? undefined : e.message.slice(e.code.length + 2));
    plain.steps = e.steps;
    return plain;
  }
}
