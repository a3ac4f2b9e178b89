/**
 * stepflow/worker: steps that run CPU-heavy functions in a pool of worker
 * threads (piscina, an optional peer dependency), with cooperative cancel,
 * typed errors across the thread boundary and a bounded queue.
 * @packageDocumentation
 */
export { worker } from './worker/worker-step.js';
export type { WorkerStep, WorkerStepApi, WorkerStepOptions, TransferItem } from './worker/worker-step.js';
export { workerModule } from './worker/worker-module.js';
export type { WorkerModule, TaskNames, inferTaskInput, inferTaskOutput } from './worker/worker-module.js';
export type { WorkerContext } from './worker/worker-context.js';
export { createWorkerPool } from './worker/pool.js';
export type { WorkerPool } from './worker/pool.js';
export type { WorkerPoolOptions } from './worker/pool-options.js';
export { closeWorkerPools } from './worker/shared-pools.js';
export { WorkerErrors } from './worker/worker-errors.js';
