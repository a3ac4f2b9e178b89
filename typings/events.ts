/** The type contract of run events, shared by the runner and the trace renderers. */
import type { FlowFailure } from './errors.js';

/**
 * One run event, passed to the `onEvent` option of `run()` when a step
 * starts, succeeds, fails, is cancelled or retried, and when a call on a
 * step's `as` is ignored because the step has finished (`ignored`, with the
 * reason as `error`).
 * @example
 * ```ts
 * run(checkout, order, { onEvent: (e: FlowEvent) => log.info(e.type, e.path.join('/'), e.durationMs) });
 * ```
 * @public
 */
export interface FlowEvent {
  readonly type: 'start' | 'success' | 'error' | 'cancel' | 'retry' | 'ignored';
  /** Stable id of the graph node: its position, like `0.2.1`. */
  readonly node: string;
  /** The node's own name (named steps and flows). */
  readonly name?: string;
  /** Names of the enclosing named steps and flows, outermost first. */
  readonly path: readonly string[];
  /** Scheduler time in milliseconds. */
  readonly time: number;
  /** For success/error/cancel: time since the node started. */
  readonly durationMs?: number;
  /** For error and retry: the error; for ignored: why the call was ignored. */
  readonly error?: FlowFailure;
  /** This execution of the node within the run (a node that runs many times gets a new one each time). */
  readonly span: number;
  /** The `span` of the enclosing node execution that has events, if any. */
  readonly parentSpan?: number;
}
