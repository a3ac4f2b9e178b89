/** The error codes of worker steps. */
import { WORKER_CRASHED } from './task.js';

/**
 * Codes a worker step fails with besides the standard ones: `WorkerCrashed`
 * when the thread died under the task (it exited, ran out of memory, or was
 * terminated by `pool.close()`). A full queue or a closed pool is
 * `DefenseRejected`; a value that cannot cross the thread boundary is
 * `InternalError`.
 * @example
 * ```ts
 * flow<Payload>().step('hash', worker(hashing, 'hash')).catch(WorkerErrors.WorkerCrashed, () => fallbackHash());
 * ```
 * @public
 */
export const WorkerErrors = Object.freeze({ WorkerCrashed: WORKER_CRASHED } as const);
