/**
 * `worker(module, name, options)`: a step handler that runs an exported
 * function of a module in a worker thread, typed from the module. The step
 * waits for the task without blocking the event loop; cancelling the step
 * (run cancel, `.timeout()`, a failing sibling) takes a queued task out of
 * the queue or asks a running one to stop, and its event carries the
 * task's queue and run times.
 */
import { unknownOption } from '../errors/unknown-option.js';
import { annotateStep } from '../runtime/events.js';
import { isInsideRetry } from '../runtime/step-api/retry-scope.js';
import { Errors, FlowError } from '../runtime/errors.js';
import { moduleUrl, type inferTaskInput, type inferTaskOutput, type TaskNames, type WorkerModule } from './worker-module.js';
import { WorkerPoolImpl, type WorkerPool } from './pool.js';
import { sharedPool } from './shared-pools.js';
import { Task, type TaskTimes } from './task.js';

/**
 * Something a task's input can hand over to the thread instead of copying
 * (it is unusable on this side afterwards).
 * @example
 * ```ts
 * const moved: TransferItem = input.pixels.buffer as ArrayBuffer;
 * ```
 * @public
 */
export type TransferItem = ArrayBuffer | MessagePort;

/**
 * Options of {@link worker}.
 * @example
 * ```ts
 * const options: WorkerStepOptions<{ pixels: Uint8Array }> = { pool, transfer: (input) => [input.pixels.buffer as ArrayBuffer] };
 * ```
 * @public
 */
export interface WorkerStepOptions<TInput> {
  /** The pool to run in (default: the module's own pool, see `closeWorkerPools`). */
  readonly pool?: WorkerPool;
  /**
   * What of the input to move to the thread instead of copying (large
   * buffers). Refused inside `.retry()`: a retried step would need its
   * input again, but it was moved.
   */
  readonly transfer?: (input: TInput) => readonly TransferItem[];
}

/**
 * The part of a step's `as` a worker step uses: the step's cancel signal.
 * @example
 * ```ts
 * const stepApi: WorkerStepApi = { signal: AbortSignal.timeout(1_000) };
 * ```
 * @public
 */
export interface WorkerStepApi {
  /** The step's cancel signal: its abort takes the task out of the queue, or asks the running task to stop. */
  readonly signal: AbortSignal;
}

/**
 * A step handler running a task in a worker thread: give it to `.step()`.
 * @example
 * ```ts
 * const hashStep: WorkerStep<Payload, string> = worker(hashing, 'hash');
 * flow<Payload>().step('hash', hashStep);
 * ```
 * @public
 */
export type WorkerStep<TInput, TOutput> = (as: WorkerStepApi, input: TInput) => Promise<TOutput>;

/**
 * A step handler that runs the function `name` exported by `module` in a
 * worker thread, as `fn(input, ctx)`: the step's input is the function's
 * first parameter, its output the function's awaited return value.
 *
 * Pass a {@link workerModule} to have the name, input and output inferred;
 * with a plain URL give both type arguments, the module type and the
 * name (TypeScript cannot infer the name once the module type is given).
 * Values crossing the thread boundary must be structured-cloneable. A
 * FlowError thrown in the thread arrives with its code, info, data and
 * message; another Error fails the step with `InternalError` (the error,
 * with its message and stack, as `cause`); a thread that dies fails it with
 * `WorkerCrashed`, and the pool starts a new thread.
 * @example
 * ```ts
 * const hashing = workerModule<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
 * const checkout = flow<Payload>('upload')
 *   .step('hash', worker(hashing, 'hash'))
 *   .timeout(2_000)
 *   .catch('PaymentFailed', (as, err) => review(err.data));
 * ```
 * @public
 */
export function worker<M, K extends TaskNames<M>>(
  module: WorkerModule<M> | URL | string,
  name: K,
  options: WorkerStepOptions<inferTaskInput<M[K]>> = {},
): WorkerStep<inferTaskInput<M[K]>, inferTaskOutput<M[K]>> {
  const url = moduleUrl(module, 'worker()');
  if (typeof name !== 'string' || name === '') throw new TypeError(`worker(): the task name must be the name of an exported function, got ${typeof name === 'string' ? 'an empty string' : typeof name}`);
  if (options === null || typeof options !== 'object') throw new TypeError('worker(): options must be an object');
  const unknown = unknownOption(options, ['pool', 'transfer']);
  if (unknown !== undefined) throw new TypeError(`worker(): ${unknown}`);
  const { pool, transfer } = options;
  if (pool !== undefined && !(pool instanceof WorkerPoolImpl)) throw new TypeError('worker(): options.pool must be a pool made by createWorkerPool()');
  if (transfer !== undefined && typeof transfer !== 'function') throw new TypeError('worker(): options.transfer must be a function of the input giving the buffers to move');
  const file = url.slice(url.lastIndexOf('/') + 1);
  const what = `worker task "${name}" of ${file}`;
  const step = (as: WorkerStepApi, input: inferTaskInput<M[K]>): Promise<inferTaskOutput<M[K]>> => {
    if (transfer !== undefined && isInsideRetry(as)) {
      throw new FlowError(Errors.InvalidRequest, `${what}: a step that transfers its input cannot run inside .retry() (a retry would need the input again, but it was moved to the thread); move the retry inside the task, or copy instead of transferring`);
    }
    const moved = transfer === undefined ? undefined : transfer(input);
    if (moved !== undefined) checkTransfer(what, moved);
    const target = (pool as WorkerPoolImpl | undefined) ?? sharedPool(url);
    const signal = as.signal;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => target.cancel(task);
      const task = new Task(what, url, name, input, moved, {
        succeed(value: unknown, times: TaskTimes) {
          signal.removeEventListener('abort', onAbort);
          annotateStep(as, { worker: times });
          resolve(value as inferTaskOutput<M[K]>);
        },
        fail(error: unknown, times: TaskTimes | undefined) {
          signal.removeEventListener('abort', onAbort);
          if (times !== undefined) annotateStep(as, { worker: times });
          reject(error);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      target.submit(task);
    });
  };
  return step;
}

/** What `options.transfer` gave: an array of transferable objects (a typed array is not one: its buffer is). */
function checkTransfer(what: string, moved: unknown): void {
  if (!Array.isArray(moved)) throw new TypeError(`${what}: options.transfer must return an array of ArrayBuffers or MessagePorts`);
  for (const [i, item] of moved.entries()) {
    // Node decides what it can transfer (ArrayBuffers, MessagePorts, FileHandles, streams…); a view or a plain value never is.
    if (item !== null && typeof item === 'object' && !ArrayBuffer.isView(item)) continue;
    const name = (item as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof item;
    const hint = ArrayBuffer.isView(item) ? `: transfer its .buffer` : '';
    throw new TypeError(`${what}: options.transfer gave a ${name} at [${i}], which cannot be transferred (ArrayBuffers and MessagePorts can)${hint}`);
  }
}
