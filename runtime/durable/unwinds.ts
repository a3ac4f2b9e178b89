/**
 * Errors and loop signals in a cursor. A FlowError keeps its code, message,
 * info, data, step names and cause (an Error as its name, message and
 * stack, so the handler that gets it after a resume sees what it would have
 * seen); info and data that are not JSON are refused like any other value.
 */
import { FlowError, LoopSignal, type Unwind } from '../errors.js';
import type { Json, SavedCause, SavedUnwind } from './cursor.js';
import { valueJson, valueOf } from './checkpoint-values.js';
import { checkJson } from './plain-json.js';

/** How deep causes of causes are kept. */
const CAUSE_DEPTH = 4;

function saveCause(cause: unknown, where: string, depth: number): SavedCause | undefined {
  if (cause === undefined || depth >= CAUSE_DEPTH) return undefined;
  if (cause instanceof FlowError) {
    try {
      return { flow: saveError(cause, where, depth + 1) };
    } catch {
      // Its info or data is not JSON: it is kept as an Error (code and message), not refused (it is only a cause).
    }
  }
  if (cause instanceof Error) {
    const out: { name: string; message: string; stack?: string; code?: string | number; cause?: SavedCause } = { name: cause.name, message: cause.message };
    if (typeof cause.stack === 'string') out.stack = cause.stack;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    const inner = saveCause(cause.cause, where, depth + 1);
    if (inner !== undefined) out.cause = inner;
    return { error: out };
  }
  try {
    checkJson(cause, where);
    return { value: cause as Json };
  } catch {
    return { value: String(cause) };
  }
}

function loadCause(s: SavedCause): unknown {
  if ('flow' in s) return loadUnwind(s.flow);
  if ('value' in s) return s.value;
  const saved = s.error;
  const e: Error & { code?: string | number } = saved.cause === undefined ? new Error(saved.message) : new Error(saved.message, { cause: loadCause(saved.cause) });
  if (e.name !== saved.name) Object.defineProperty(e, 'name', { value: saved.name, writable: true, configurable: true });
  if (saved.stack !== undefined) e.stack = saved.stack;
  else delete e.stack;
  if (saved.code !== undefined) e.code = saved.code;
  return e;
}

function saveError(u: FlowError, where: string, depth: number): SavedUnwind {
  const out: { code: string; message: string; info?: Json; data?: Json; steps?: readonly string[]; cause?: SavedCause } = { code: u.code, message: u.message };
  if (u.info !== undefined) out.info = valueJson(u.info, `${where}: the info of error ${u.code}`);
  if (u.data !== undefined) out.data = valueJson(u.data, `${where}: the data of error ${u.code}`);
  if (u.steps.length > 0) out.steps = u.steps;
  const cause = saveCause(u.cause, where, depth);
  if (cause !== undefined) out.cause = cause;
  return out;
}

/** An unwind as JSON. */
export function saveUnwind(u: Unwind, where: string): SavedUnwind {
  if (u instanceof LoopSignal) return u.label === undefined ? { loop: u.action } : { loop: u.action, label: u.label };
  return saveError(u, where, 0);
}

/** A saved unwind as a live one again. */
export function loadUnwind(s: SavedUnwind): Unwind {
  if ('loop' in s) return new LoopSignal(s.loop, s.label);
  const options: { data?: unknown; cause?: unknown } = {};
  if (s.data !== undefined) options.data = valueOf(s.data);
  if (s.cause !== undefined) options.cause = loadCause(s.cause);
  const e = new FlowError(s.code, valueOf(s.info), s.data === undefined && s.cause === undefined ? undefined : options);
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
