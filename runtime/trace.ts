/**
 * Collecting a run's events into a trace: the raw events, and one span per
 * node execution with its outcome, ready for diagrams and timelines.
 */
import type { FlowEvent } from '../typings/events.js';
import type { TraceSpan } from '../typings/trace.js';

/**
 * A trace being collected: pass `onEvent` to `run()`, then read `events`
 * or `spans()`.
 * @example
 * ```ts
 * const trace = createTrace();
 * await run(checkout, order, { onEvent: trace.onEvent });
 * console.log(toGantt(trace.spans(), 'checkout'));
 * ```
 * @public
 */
export interface Trace {
  /** The event listener to pass as `run(..., { onEvent })`. */
  readonly onEvent: (event: FlowEvent) => void;
  /** Every event received, in order. */
  readonly events: readonly FlowEvent[];
  /** One span per node execution, in start order. */
  spans(): TraceSpan[];
}

/**
 * Creates a trace collector for one or more runs.
 * @example
 * ```ts
 * const trace = createTrace();
 * await run(flow, input, { onEvent: trace.onEvent });
 * trace.spans().filter((s) => s.status === 'failed');
 * ```
 * @public
 */
export function createTrace(): Trace {
  const events: FlowEvent[] = [];
  return {
    onEvent: (event) => {
      events.push(event);
    },
    events,
    spans: () => spansOf(events),
  };
}

/**
 * Folds events into spans: start opens one, success/error/cancel close it.
 * @example
 * ```ts
 * const spans = spansOf(trace.events);
 * ```
 * @public
 */
export function spansOf(events: readonly FlowEvent[]): TraceSpan[] {
  // Keyed by run and span: span numbers start again in every run, and one trace may hold several.
  const open = new Map<string, { -readonly [K in keyof TraceSpan]: TraceSpan[K] }>();
  const out: TraceSpan[] = [];
  for (const e of events) {
    const key = `${e.run} ${e.span}`;
    let span = open.get(key);
    if (span === undefined) {
      span = { run: e.run, span: e.span, node: e.node, path: e.path, start: e.time, status: 'running', retries: 0 };
      if (e.parentSpan !== undefined) span.parentSpan = e.parentSpan;
      if (e.name !== undefined) span.name = e.name;
      if (e.label !== undefined) span.label = e.label;
      if (e.input !== undefined) span.input = e.input;
      open.set(key, span);
      out.push(span);
    }
    switch (e.type) {
      case 'success':
        span.status = 'succeeded';
        span.end = e.time;
        if (e.output !== undefined) span.output = e.output;
        break;
      case 'error':
        span.status = 'failed';
        span.end = e.time;
        if (e.error !== undefined) span.error = e.error;
        break;
      case 'cancel':
        span.status = 'cancelled';
        span.end = e.time;
        break;
      case 'retry':
        span.retries++;
        break;
    }
  }
  return out;
}
