/**
 * The pool each module gets when a worker step names none: one per module
 * URL, made on first use with the default options, named after the
 * module's file. `closeWorkerPools()` closes them all.
 */
import { WorkerPoolImpl } from './pool.js';

const pools = new Map<string, WorkerPoolImpl>();

/** The module's own pool. */
export function sharedPool(url: string): WorkerPoolImpl {
  let pool = pools.get(url);
  if (pool === undefined) {
    const file = url.slice(url.lastIndexOf('/') + 1) || url;
    pool = new WorkerPoolImpl({}, `worker pool of ${file}`);
    pools.set(url, pool);
  }
  return pool;
}

/**
 * Closes the pools that worker steps made for their modules (those given
 * no `pool`); a later worker step makes a new one.
 * @example
 * ```ts
 * host.onClose(closeWorkerPools, 'worker threads');
 * ```
 * @public
 */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
