/**
 * stepflow/otel: run events as OpenTelemetry spans. Needs the optional peer
 * dependency `@opentelemetry/api`.
 * @packageDocumentation
 */
export { otelListener } from './runtime/otel-spans.js';
export type { OtelOptions } from './runtime/otel-spans.js';
export type { FlowEvent, CapturedValue } from './typings/events.js';
export type { FlowFailure } from './typings/errors.js';
