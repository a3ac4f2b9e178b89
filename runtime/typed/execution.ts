/**
 * The run behind a typed `run()`: it owns the root thread and settles the
 * Execution it hands out. The Execution is a native promise carrying
 * `cancel()`, `state` and `status`, so `await execution` takes the engine's
 * fast path (one tick, no thenable job) and one object serves as both.
 */
import { cancelledError, runFailure, type Unwind } from '../errors.js';
import type { Execution, ExecutionStatus } from './run.js';
import type { Scheduler } from '../scheduler.js';
import { settleablePromise, type Settlers } from '../deferred.js';
import type { RunHooks } from '../interpreter/run.js';
import { cancelRun } from '../interpreter/start.js';
import type { StepStyle } from '../../graph/nodes/handler.js';
import { StepRun } from '../step-api/step-run.js';

const RUN = Symbol('stepflow.run');

/** What `run()` returns: a native promise with the Execution members as own properties. */
type ExecutionObject = Promise<unknown> & {
  status: ExecutionStatus;
  state: Record<string, any>;
  cancel(reason?: unknown): void;
  [RUN]: ExecutionRun;
};

function cancelExecution(this: ExecutionObject, reason?: unknown): void {
  this[RUN].cancel(reason);
}

const ignore = (): void => {};

/** A typed run: settles its Execution when the root thread ends or the run is cancelled. */
export class ExecutionRun extends StepRun implements RunHooks, Settlers {
  /** The promise handed to the caller. */
  declare readonly execution: ExecutionObject;
  declare resolve: (value: unknown) => void;
  declare reject: (reason: unknown) => void;
  declare private abort: AbortSignal | null;

  // Fields are declared only (no class-field initialisers, which define each property one by one): the constructor sets every one, once.
  constructor(state: Record<string, any>, scheduler: Scheduler) {
    super(scheduler);
    this.resolve = ignore;
    this.reject = ignore;
    this.abort = null;
    const p = settleablePromise(this) as ExecutionObject;
    p.status = 'running';
    p.state = state;
    p.cancel = cancelExecution;
    p[RUN] = this;
    this.execution = p;
  }

  get style(): StepStyle {
    return 'typed';
  }

  /** The Execution, typed for the caller. */
  handle<TOut>(): Execution<TOut> {
    return this.execution as unknown as Execution<TOut>;
  }

  /** Cancels the run when `signal` aborts. */
  listen(signal: AbortSignal): void {
    this.abort = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  /** The abort listener (the run itself, so no closure is kept per run). */
  handleEvent(): void {
    this.cancel(this.abort?.reason);
  }

  /** Final status now; the promise settles once async cleanups started by a cancel finished. */
  settle(status: ExecutionStatus, value: unknown): void {
    const p = this.execution;
    p.status = status;
    if (this.abort !== null) {
      this.abort.removeEventListener('abort', this);
      this.abort = null;
    }
    const cleanups = this.cleanups;
    if (cleanups === null || cleanups.size === 0) this.finish(status, value);
    else void Promise.allSettled([...cleanups]).then(() => this.finish(status, value));
  }

  private finish(status: ExecutionStatus, value: unknown): void {
    if (status === 'succeeded') this.resolve(value);
    else this.reject(value);
  }

  cancel(reason?: unknown): void {
    if (this.execution.status !== 'running') return;
    this.execution.status = 'cancelled';
    cancelRun(this);
    this.settle('cancelled', cancelledError(reason));
  }

  // Run hooks: a typed run is its own.

  done(value: unknown): void {
    if (this.execution.status === 'running') this.settle('succeeded', value);
  }

  failed(error: Unwind): void {
    if (this.execution.status === 'running') this.settle('failed', runFailure(error));
  }

  makeState(): Record<string, any> {
    return this.execution.state;
  }
}
