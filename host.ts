/**
 * stepflow/host: runs flows for a service, with admission limits, a bounded
 * queue, backpressure and a graceful shutdown with deadlines.
 * @packageDocumentation
 */
export { createHost } from './host/create-host.js';
export type { Host } from './host/host.js';
export type { HostOptions } from './host/host-options.js';
export type { HostExecution, HostRunStatus } from './host/host-execution.js';
export type { CloseReport, HostPhase, HostStatus, ResourceReport, RunReport } from './host/close-report.js';
export type { StepPosition } from './host/open-steps.js';
export type { SignalOptions } from './host/signals.js';
export type { HostFlow } from './host/host-flow.js';
export type { RunOptions, ExecutionStatus } from './runtime/typed/run.js';
export type { Scheduler } from './runtime/scheduler.js';
export type { FlowEvent, CapturedValue } from './typings/events.js';
export type { FlowFailure } from './typings/errors.js';
export type { CaptureOptions } from './runtime/capture.js';
export type { DebugOptions } from './runtime/debug.js';
