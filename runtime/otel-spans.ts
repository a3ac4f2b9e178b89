/**
 * OpenTelemetry: run events as nested spans, one per node execution, each
 * child of the span of its enclosing step. Reached only through the
 * `stepflow/otel` entry point, so the core never loads `@opentelemetry/api`.
 */
import { unknownOption } from '../errors/unknown-option.js';
import { context, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { FlowEvent } from '../typings/events.js';

/**
 * Options of {@link otelListener}.
 * @example
 * ```ts
 * const onEvent = otelListener(tracer, { attributes: { 'service.name': 'shop' } });
 * ```
 * @public
 */
export interface OtelOptions {
  /** Span name for unnamed nodes (default: the last word of the node's label — its handler's name, or its kind, like `parallel` — else `stepflow <node id>`). */
  readonly unnamed?: (event: FlowEvent) => string;
  /** Epoch milliseconds at scheduler time 0 (default: `performance.timeOrigin`, right for real time). */
  readonly timeOrigin?: number;
  /** Attributes added to every span. */
  readonly attributes?: Attributes;
}

/**
 * Turns run events into OpenTelemetry spans: pass the result as
 * `run(..., { onEvent })`. Spans nest like the steps (parent = enclosing
 * step); failures set an error status and record the exception; a cancelled
 * step ends with attribute `stepflow.cancelled`; retries are span events.
 * A missing tracer or a bad option is a TypeError at the call, naming it.
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { otelListener } from 'stepflow/otel';
 * await run(checkout, order, { onEvent: otelListener(trace.getTracer('shop')) });
 * ```
 * @public
 */
export function otelListener(tracer: Tracer, options: OtelOptions = {}): (event: FlowEvent) => void {
  checkArguments(tracer, options);
  // Keyed by run and span: span numbers start again in every run, and one listener may serve many.
  const spans = new Map<string, Span>();
  const origin = options.timeOrigin ?? (typeof performance !== 'undefined' ? performance.timeOrigin : 0);
  const at = (e: FlowEvent): number => origin + e.time;
  return (e) => {
    if (e.type === 'start') {
      const parent = e.parentSpan === undefined ? undefined : spans.get(`${e.run} ${e.parentSpan}`);
      const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
      const name = e.name ?? options.unnamed?.(e) ?? ownWord(e) ?? `stepflow ${e.node}`;
      const span = tracer.startSpan(
        name,
        { startTime: at(e), attributes: { ...options.attributes, 'stepflow.run': e.run, 'stepflow.node': e.node, 'stepflow.path': e.path.join('/'), ...(e.label === undefined ? {} : { 'stepflow.label': e.label }) } },
        ctx,
      );
      spans.set(`${e.run} ${e.span}`, span);
      return;
    }
    const key = `${e.run} ${e.span}`;
    const span = spans.get(key);
    if (span === undefined) return;
    if (e.type === 'retry') {
      span.addEvent('retry', { 'stepflow.error.code': e.error?.code ?? '' }, at(e));
      return;
    }
    if (e.type !== 'success' && e.type !== 'error' && e.type !== 'cancel') {
      // Reports about a step (ignored calls, debug findings) are events on its span, which goes on.
      span.addEvent(e.type, { ...(e.blockedMs === undefined ? {} : { 'stepflow.blocked_ms': e.blockedMs }), ...(e.error === undefined ? {} : { 'stepflow.info': String(e.error.info ?? '') }) }, at(e));
      return;
    }
    if (e.type === 'error' && e.error !== undefined) {
      span.recordException(e.error, at(e));
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.error.code });
      span.setAttribute('stepflow.error.code', e.error.code);
    } else if (e.type === 'cancel') {
      span.setAttribute('stepflow.cancelled', true);
    } else {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    span.end(at(e));
    spans.delete(key);
  };
}

const OPTION_KEYS = new Set(['unnamed', 'timeOrigin', 'attributes']);

/** Refuses what would make every event fail inside the listener, naming it. */
function checkArguments(tracer: unknown, options: unknown): void {
  const bad = (what: string): never => {
    throw new TypeError(`otelListener(): ${what}`);
  };
  if (tracer === null || typeof tracer !== 'object' || typeof (tracer as { startSpan?: unknown }).startSpan !== 'function') {
    bad(`tracer must be an OpenTelemetry Tracer (an object with startSpan()), got ${tracer === null ? 'null' : typeof tracer}`);
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) bad(`options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  const o = options as Record<string, unknown>;
  const unknown = unknownOption(o, OPTION_KEYS);
  if (unknown !== undefined) bad(unknown);
  if (o.unnamed !== undefined && typeof o.unnamed !== 'function') bad(`options.unnamed must be a function, got ${typeof o.unnamed}`);
  if (o.timeOrigin !== undefined && !(typeof o.timeOrigin === 'number' && Number.isFinite(o.timeOrigin))) bad(`options.timeOrigin must be a finite number (epoch ms), got ${typeof o.timeOrigin === 'number' ? String(o.timeOrigin) : typeof o.timeOrigin}`);
  if (o.attributes !== undefined && (o.attributes === null || typeof o.attributes !== 'object' || Array.isArray(o.attributes))) bad('options.attributes must be an object of span attributes');
}

/** The node's own word in its label (its handler's name or its kind, for a node without a name). */
function ownWord(e: FlowEvent): string | undefined {
  if (e.label === undefined) return undefined;
  const i = e.label.lastIndexOf(' > ');
  return i < 0 ? e.label : e.label.slice(i + 3);
}
