/**
 * Value capture for run events: a step's input and output as size-limited,
 * redacted JSON text. Off by default; when off, nothing here runs.
 */
import type { CapturedValue } from '../typings/events.js';
import { describe } from '../errors/describe.js';

/**
 * Options of value capture (`run(..., { capture })`).
 * @example
 * ```ts
 * const capture: CaptureOptions = { values: true, maxBytes: 2_048, redact: (v, at) => (at.kind === 'input' ? scrubCard(v) : v) };
 * await run(checkout, order, { capture, onEvent: trace.onEvent });
 * ```
 * @public
 */
export interface CaptureOptions {
  /** Record each step's input (on `start` events) and output (on `success` events). */
  readonly values?: boolean;
  /** The longest JSON text kept per value, in bytes (default 4,096); longer text is cut and marked `truncated`. */
  readonly maxBytes?: number;
  /** Replaces a value before it is recorded (to drop secrets); it gets where the value is from. */
  readonly redact?: (value: unknown, at: { readonly label: string; readonly kind: 'input' | 'output' }) => unknown;
}

const encoder = new TextEncoder();

/** JSON text of anything: cycles, bigints, functions, symbols, Maps, Sets and Errors are written as readable stand-ins. */
export function toJsonText(value: unknown): string {
  // The objects on the path from the root to the value being written (what a cycle would lead back to); an object
  // met twice on different paths is written twice. `this` is the holder of each value the replacer sees.
  const path: object[] = [];
  const text = JSON.stringify(value, function (this: unknown, _key: string, v: unknown): unknown {
    while (path.length > 0 && path[path.length - 1] !== this) path.pop();
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
    if (typeof v === 'symbol') return describe(v);
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object') return v;
    if (path.includes(v)) return '[circular]';
    path.push(v);
    const shown = standIn(v);
    if (shown !== v) path.push(shown);
    return shown;
  });
  return text ?? 'null';
}

/** What a Map, Set or Error is written as (another object, whose members are written in turn); anything else as itself. */
function standIn(v: object): object {
  if (v instanceof Map) return { '[Map]': [...v.entries()] };
  if (v instanceof Set) return { '[Set]': [...v.values()] };
  if (v instanceof Error) {
    const e = v as Error & { code?: unknown; info?: unknown };
    return { name: e.name, message: e.message, ...(e.code === undefined ? {} : { code: e.code }), ...(e.info === undefined ? {} : { info: e.info }) };
  }
  return v;
}

/** Cuts `text` to at most `maxBytes` of UTF-8, at a character boundary. */
function cut(text: string, maxBytes: number): string {
  let lo = 0;
  let hi = Math.min(text.length, maxBytes);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (encoder.encode(text.slice(0, mid)).length <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  // Never half a surrogate pair (a lone surrogate is no character).
  const last = lo > 0 ? text.charCodeAt(lo - 1) : 0;
  if (last >= 0xd800 && last <= 0xdbff) lo--;
  return text.slice(0, lo);
}

/** What is recorded in place of a value whose `redact` threw. */
const REDACT_THREW = '[not recorded: redact threw]';

/** Capture options whose `redact` threw already (reported once each: it may throw for every value of every run). */
const reported = new WeakSet<CaptureOptions>();

/** Reports a `redact` that threw, naming the step and the kind of error only (never its message, which may quote the value). */
function warnRedactThrew(options: CaptureOptions, e: unknown, label: string, kind: 'input' | 'output'): void {
  if (reported.has(options)) return;
  reported.add(options);
  let what: string = typeof e;
  try {
    if (e instanceof Error && typeof e.name === 'string') what = e.name;
  } catch {
    // A hostile error: its type is all that is said.
  }
  const message = `stepflow: capture.redact threw (${what}) for the ${kind} of ${label}; recorded as "${REDACT_THREW}" (reported once per capture options)`;
  queueMicrotask(() => {
    if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') process.emitWarning(message);
    else console.warn(message);
  });
}

/** A captured value: redacted, serialized, cut to size. Never throws (what cannot be shown says so). */
export function captureValue(options: CaptureOptions, value: unknown, label: string, kind: 'input' | 'output'): CapturedValue {
  let text: string;
  let shown = value;
  if (options.redact !== undefined) {
    try {
      shown = options.redact(value, { label, kind });
    } catch (e) {
      // Nothing of what it threw is kept: its message may quote the value it was to hide (a JSON.parse error does).
      warnRedactThrew(options, e, label, kind);
      shown = REDACT_THREW;
    }
  }
  try {
    text = toJsonText(shown);
  } catch (e) {
    text = JSON.stringify(`[not recorded: ${describe(e instanceof Error ? e.message : e)}]`);
  }
  const maxBytes = options.maxBytes ?? 4096;
  const bytes = encoder.encode(text).length;
  if (bytes <= maxBytes) return { json: text, bytes, truncated: false };
  return { json: cut(text, maxBytes), bytes, truncated: true };
}
