/**
 * A typed reference to a module of task functions: its URL, with the
 * module's type carried along so `worker(module, name)` can infer the
 * task's name, input and output from one call.
 */
import type { WorkerContext } from './worker-context.js';

declare const moduleType: unique symbol;

/**
 * A module of task functions for worker steps: what {@link workerModule}
 * returns. `M` is the module's type (`typeof import('./hash.js')`).
 * @example
 * ```ts
 * const hashing: WorkerModule<typeof import('./hash.js')> = workerModule(new URL('./hash.js', import.meta.url));
 * ```
 * @public
 */
export interface WorkerModule<M> {
  /** The module's `file:` URL, as worker threads import it. */
  readonly url: string;
  /** @internal type carrier */
  readonly [moduleType]?: M;
}

/**
 * The names of a module's exports that a worker step can call: functions
 * of `(input, ctx)` (or fewer parameters).
 * @example
 * ```ts
 * type Names = TaskNames<typeof import('./hash.js')>; // 'hash' | 'verify'
 * ```
 * @public
 */
export type TaskNames<M> = { [K in keyof M]-?: M[K] extends (input: any, ctx: WorkerContext) => unknown ? K : never }[keyof M] & string;

/**
 * A task function's input: its first parameter.
 * @example
 * ```ts
 * type In = inferTaskInput<typeof hash>; // { data: Uint8Array; rounds: number }
 * ```
 * @public
 */
export type inferTaskInput<F> = F extends (input: infer I, ...rest: any[]) => unknown ? I : never;

/**
 * A task function's output: its awaited return type.
 * @example
 * ```ts
 * type Out = inferTaskOutput<typeof hash>; // string
 * ```
 * @public
 */
export type inferTaskOutput<F> = F extends (...args: any[]) => infer R ? Awaited<R> : never;

/** A module reference's URL as text, checked. */
export function moduleUrl(module: WorkerModule<unknown> | URL | string, where: string): string {
  const raw = module instanceof URL ? module.href : typeof module === 'string' ? module : module !== null && typeof module === 'object' ? module.url : undefined;
  if (typeof raw !== 'string') throw new TypeError(`${where}: the module must be a URL (new URL('./tasks.js', import.meta.url)), a URL string or a workerModule(), got ${module === null ? 'null' : typeof module}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`${where}: the module must be an absolute URL (new URL('./tasks.js', import.meta.url)), got "${raw}"`);
  }
  return url.href;
}

/**
 * A typed reference to a module of task functions, for {@link worker}.
 * Give the module's type once here; `worker(module, name)` then infers the
 * name, input and output.
 * @example
 * ```ts
 * const hashing = workerModule<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
 * flow<Payload>().step('hash', worker(hashing, 'hash'));
 * ```
 * @public
 */
export function workerModule<M>(url: URL | string): WorkerModule<M> {
  return Object.freeze({ url: moduleUrl(url, 'workerModule()') });
}
