/**
 * stepflow/ftn12: the FutoIn AsyncSteps (FTN12 v1.15) front end over the
 * stepflow interpreter.
 * @packageDocumentation
 */
export { $as, AsyncSteps } from './runtime/ftn12/async-steps.js';
export type { ExecuteCallback, ErrorCallback } from './runtime/ftn12/step-api.js';
export type { FTN12State } from './runtime/ftn12/state.js';
export { Mutex } from './runtime/sync/mutex.js';
export { Throttle } from './runtime/sync/throttle.js';
export { FTN12Limiter as Limiter } from './runtime/sync/limiter.js';
export type { LimiterOptions } from './runtime/sync/limiter.js';
export { Errors } from './runtime/errors.js';
export { ISync } from './runtime/sync/isync.js';
export type { SyncTarget } from './runtime/sync/isync.js';
export type { StepApi, ParallelBuilder } from './runtime/ftn12/step-api.js';
export type { SyncPrimitive } from './graph/nodes/sync-node.js';
export type { AnyHandler } from './graph/nodes/handler.js';
export type { Scheduler } from './runtime/scheduler.js';
