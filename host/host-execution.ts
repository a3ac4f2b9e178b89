/**
 * What `host.run()` returns: a native promise of the run's output carrying
 * `cancel()`, `state`, `status` and `id`, like `run()`'s Execution, with one
 * more status, `queued`, for a run that waits for a free slot.
 */
import type { ExecutionStatus } from '../runtime/typed/run.js';

/**
 * Where a hosted run is: `queued` while it waits for a free slot (not
 * started), then as `run()`'s {@link ExecutionStatus}.
 * @example
 * ```ts
 * const status: HostRunStatus = host.run(checkout, order).status; // 'queued' when the host is full
 * ```
 * @public
 */
export type HostRunStatus = 'queued' | ExecutionStatus;

/**
 * A run admitted by a {@link Host}: awaitable like `run()`'s Execution, with
 * `cancel`, `state` and `status` (`queued` until it starts). Cancelling a
 * queued run takes it out of the queue: it never starts, and rejects with
 * `Cancelled`.
 * @example
 * ```ts
 * const execution: HostExecution<Receipt> = host.run(checkout, order, { timeout: 30_000 });
 * if (execution.status === 'queued') log.info('waiting for a slot', execution.id);
 * const receipt = await execution;
 * ```
 * @public
 */
export interface HostExecution<TOut> extends PromiseLike<TOut> {
  /** Cancels the run (a queued one leaves the queue); it rejects with FlowError `Cancelled` whose `cause` is `reason`. */
  cancel(reason?: unknown): void;
  /** The run's state object (the `state` option, or a new `{}`), the same before and after it starts. */
  readonly state: Record<string, any>;
  /** Where the run is. */
  readonly status: HostRunStatus;
  /** The run's number in this host, from 1, as close reports name it. */
  readonly id: number;
  /** Like `Promise.prototype.catch`. */
  catch<TResult = never>(onRejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null): Promise<TOut | TResult>;
  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<TOut>;
}

/** The promise behind a HostExecution, with its members as own properties and its settle functions. */
export interface HostExecutionParts {
  readonly execution: HostExecution<unknown> & { status: HostRunStatus };
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** Makes the promise a hosted run hands out. */
export function hostExecution(id: number, state: Record<string, any>, cancel: (reason?: unknown) => void): HostExecutionParts {
  let resolve!: (value: unknown) => void;
  let reject!: (reason: unknown) => void;
  const p = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  }) as Promise<unknown> & { status: HostRunStatus; state: Record<string, any>; id: number; cancel(reason?: unknown): void };
  p.status = 'queued';
  p.state = state;
  p.id = id;
  p.cancel = cancel;
  return { execution: p, resolve, reject };
}
