/** The type contract of trace spans, shared by the trace collector and the renderers. */
import type { FlowFailure } from './errors.js';
import type { CapturedValue } from './events.js';

/**
 * One execution of a graph node in a run, built from its events.
 * @example
 * ```ts
 * const slow = trace.spans().filter((s: TraceSpan) => (s.end ?? s.start) - s.start > 100);
 * ```
 * @public
 */
export interface TraceSpan {
  /** The id of the run it belongs to. */
  readonly run: string;
  /** Unique within the run. */
  readonly span: number;
  /** The enclosing span, if any. */
  readonly parentSpan?: number;
  /** The graph node id (position, like `0.2.1`). */
  readonly node: string;
  /** The node's name, if it has one. */
  readonly name?: string;
  /** Names of the enclosing named steps and flows. */
  readonly path: readonly string[];
  /** Where in the run, in words (see `FlowEvent.label`). */
  readonly label?: string;
  /** With value capture: the input. */
  readonly input?: CapturedValue;
  /** With value capture: the output, when it succeeded. */
  readonly output?: CapturedValue;
  /** Start time (scheduler ms). */
  readonly start: number;
  /** End time, when it ended. */
  readonly end?: number;
  /** How it ended (`running` if it has not). */
  readonly status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The error it failed with. */
  readonly error?: FlowFailure;
  /** How many retries it made. */
  readonly retries: number;
}
