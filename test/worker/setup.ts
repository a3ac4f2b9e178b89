// Worker step tests run the build (dist/): worker threads load JavaScript,
// so the step, the flow and the errors all come from the same build.
export { flow, run, Errors, FlowError, type FlowEvent } from '../../dist/index.js';
export { worker, workerModule, createWorkerPool, closeWorkerPools, WorkerErrors, type WorkerPool } from '../../dist/worker.js';

/** The task functions of `fixtures/tasks.mjs`. */
export const tasks = new URL('./fixtures/tasks.mjs', import.meta.url);

/** A counter in shared memory that tasks bump when they start (or stop). */
export function counter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Pending timers of this process (the tests check none is left behind). */
export const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Waits until `check()` holds, up to `ms` of real time. */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
