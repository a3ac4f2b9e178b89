/** The type contract of run events, shared by the runner and the trace renderers. */
import type { FlowFailure } from './errors.js';

/**
 * A value recorded by value capture (`run(..., { capture: { values: true } })`):
 * its JSON text, already redacted and cut to the size limit.
 * @example
 * ```ts
 * const shown = event.input?.truncated ? `${event.input.json}…` : event.input?.json;
 * ```
 * @public
 */
export interface CapturedValue {
  /** The value as JSON text (cut to the limit when `truncated`). */
  readonly json: string;
  /** The size of the whole JSON text in bytes (UTF-8), before any cut. */
  readonly bytes: number;
  /** The text was cut to the size limit. */
  readonly truncated: boolean;
}

/**
 * One run event, passed to the `onEvent` option of `run()` when a step
 * starts, succeeds, fails, is cancelled or retried, and when a call on a
 * step's `as` is ignored because the step has finished (`ignored`, with the
 * reason as `error`).
 * @example
 * ```ts
 * run(checkout, order, { onEvent: (e: FlowEvent) => log.info(e.type, e.label, e.durationMs) });
 * ```
 * @public
 */
export interface FlowEvent {
  /**
   * What happened. With debug mode on, also: `slow` (the node's handler
   * blocked the event loop for `blockedMs`), `unbounded` (it waits with no
   * timeout above it), `late` (its handler's promise settled after the node
   * was cancelled or abandoned).
   */
  readonly type: 'start' | 'success' | 'error' | 'cancel' | 'retry' | 'ignored' | 'slow' | 'unbounded' | 'late';
  /** The id of the run (a durable run's stored id): one listener can serve many runs and tell their spans apart. */
  readonly run: string;
  /**
   * Stable id of the graph node: its position, like `0.2.1`, by path (a flow used at two places has one id
   * per place); `0.1>0.0` for a step added at run time by step `0.1` (its additions numbered `>0`, `>1`, …).
   */
  readonly node: string;
  /** The node's own name (named steps and flows). */
  readonly name?: string;
  /** Names of the enclosing named steps and flows, outermost first. */
  readonly path: readonly string[];
  /**
   * Where in the run, in words: the names above the node with the position of
   * every branch and iteration (`[2]` or `.key` for a parallel branch, `#17`
   * for a loop iteration or map item), then the node's own name (or its
   * handler's, or its kind), joined by ` > `: `checkout > pay > [1] > charge`.
   */
  readonly label?: string;
  /** Scheduler time in milliseconds. */
  readonly time: number;
  /** For success/error/cancel: time since the node started. */
  readonly durationMs?: number;
  /** For error and retry: the error; for ignored: why the call was ignored. */
  readonly error?: FlowFailure;
  /** For `slow`: how long the handler ran synchronously, in ms of real time. */
  readonly blockedMs?: number;
  /** With value capture, on `start`: the node's input. */
  readonly input?: CapturedValue;
  /** With value capture, on `success`: the node's output. */
  readonly output?: CapturedValue;
  /**
   * On `success` and `error` of a worker step (`stepflow/worker`): how long
   * its task waited for a thread (`queueMs`) and ran there (`runMs`), in ms
   * of real time.
   */
  readonly worker?: { readonly queueMs: number; readonly runMs: number };
  /** This execution of the node within the run (a node that runs many times gets a new one each time). */
  readonly span: number;
  /** The `span` of the enclosing node execution that has events, if any. */
  readonly parentSpan?: number;
}
