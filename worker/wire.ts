/**
 * What crosses the thread boundary for one worker task: the task message,
 * the reply, errors as plain data, and the two flags the task and its step
 * share (cancel requested; the function returned). Runs in both threads,
 * so it imports nothing.
 */

/** Index of the cancel flag in the task's shared flags (1: cancel requested). */
export const CANCEL = 0;
/** Index of the returned flag (1: the task function returned and its reply is on its way). */
export const RETURNED = 1;
/** How many Int32 flags a task shares with its step. */
export const FLAG_COUNT = 2;

/** The message a thread gets for one task. */
export interface TaskMessage {
  /** The module's URL (`file:` URL). */
  readonly url: string;
  /** The exported function to call. */
  readonly name: string;
  readonly input: unknown;
  /** The shared flags (an Int32Array of FLAG_COUNT over a SharedArrayBuffer). */
  readonly flags: Int32Array;
}

/** An error as plain, structured-cloneable data. */
export type WireError =
  | { readonly kind: 'flow'; readonly code: string; readonly info: unknown; readonly data: unknown; readonly message: string; readonly stack: string | undefined }
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly stack: string | undefined; readonly code: unknown }
  | { readonly kind: 'value'; readonly value: unknown };

/** A thread's reply: the value or the error, with when the function started and ended (epoch ms, fractional). */
export type TaskReply =
  | { readonly ok: true; readonly value: unknown; readonly startedAt: number; readonly endedAt: number }
  | { readonly ok: false; readonly error: WireError; readonly startedAt: number; readonly endedAt: number }
  | { readonly skipped: true };

/** A value as it is, when it can be cloned to another thread; else its text. */
function cloneable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? text(value) : value;
  try {
    structuredClone(value);
    return value;
  } catch {
    return text(value);
  }
}

function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Is `e` a FlowError of any copy of the library (the thread may load its own)? */
function isFlowError(e: unknown): e is Error & { code: string; info: unknown; data: unknown } {
  return e instanceof Error && e.name === 'FlowError' && typeof (e as { code?: unknown }).code === 'string';
}

/** What a task threw, as data that keeps a FlowError's code, info, data, message and stack, and an Error's name, message and stack. */
export function errorToWire(e: unknown): WireError {
  try {
    if (isFlowError(e)) return { kind: 'flow', code: e.code, info: cloneable(e.info), data: cloneable(e.data), message: e.message, stack: e.stack };
    if (e instanceof Error) return { kind: 'error', name: e.name, message: e.message, stack: e.stack, code: cloneable((e as { code?: unknown }).code) };
  } catch {
    // a throwing getter: send what can be read
  }
  return { kind: 'value', value: cloneable(e) };
}
