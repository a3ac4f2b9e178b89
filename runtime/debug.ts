/**
 * Debug mode (`run(..., { debug })`): reports steps that block the event
 * loop (`slow`: a synchronous handler, or the synchronous part of an async
 * one, that ran longer than `slowStepMs`), steps that wait with no timeout
 * above them (`unbounded`), and handler promises that settle after their step
 * was cancelled or abandoned (`late`). Reports are run events; without an
 * `onEvent` listener they are process warnings. Off by default, and then
 * nothing here runs.
 */
import { describe } from '../errors/describe.js';
import type { Frame } from './interpreter/frame.js';
import { labelOf } from './interpreter/names.js';

/**
 * Options of debug mode.
 * @example
 * ```ts
 * const debug: DebugOptions = { slowStepMs: 50 };
 * await run(checkout, order, { debug, onEvent: (e) => e.type === 'slow' && log.warn(e.label, e.blockedMs) });
 * ```
 * @public
 */
export interface DebugOptions {
  /** A handler that runs synchronously longer than this (ms, default 100) is reported as `slow`. */
  readonly slowStepMs?: number;
  /** Report steps that wait for an event with no timeout above them (default true). */
  readonly unboundedWaits?: boolean;
  /** Report handler promises that settle after their step was cancelled or abandoned (default true). */
  readonly lateSettles?: boolean;
}

/** The clock debug mode measures blocking with: real time, whatever the run's scheduler. */
export const realNow: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** Debug mode: a handler of `f` that ran synchronously since `started` (by {@link realNow}) longer than `slowStepMs` is reported `slow`. */
export function reportIfSlow(f: Frame, debug: DebugOptions, started: number): void {
  const blocked = realNow() - started;
  if (blocked >= (debug.slowStepMs ?? 100)) report(f, 'slow', blocked);
}

/** A debug report about a frame: a run event when someone listens, else a process warning. */
export function report(f: Frame, type: 'slow' | 'unbounded' | 'late', blockedMs?: number): void {
  const run = f.thread.run;
  if (run.events !== null) {
    run.events(f, type, undefined, blockedMs);
    return;
  }
  const what =
    type === 'slow'
      ? `blocked the event loop for ${Math.round(blockedMs!)} ms`
      : type === 'unbounded'
        ? 'waits for an event with no timeout above it'
        : 'settled its promise after the step was cancelled or abandoned';
  const message = `stepflow debug: ${labelOf(f)} ${what}`;
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: { code: string }) => void } }).process;
  try {
    if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { code: `STEPFLOW_${type.toUpperCase()}` });
    else console.warn(message);
  } catch (e) {
    console.error(`stepflow: could not report: ${describe(e)}`);
  }
}

/** Does any frame from `f` up limit the time it may wait (its own or an enclosing timeout)? */
export function hasTimeoutAbove(f: Frame): boolean {
  for (let g: Frame | null = f; g !== null; g = g.parent) if (g.timer !== null || g.node.kind === 'timeout') return true;
  return false;
}
