/**
 * The run behind a typed `run()`: it owns the root thread and settles the
 * Execution it hands out. The Execution is a native promise carrying
 * `cancel()`, `state` and `status`, so `await execution` takes the engine's
 * fast path (one tick, no thenable job) and one object serves as both.
 */
import { unwatchAbort, watchAbort } from '../abort-watch.js';
import { cancelledError, runFailure, type Unwind } from '../errors.js';
import type { Execution, ExecutionStatus } from './run.js';
import type { Scheduler } from '../scheduler.js';
import { settleablePromise, settledPromise, type Settlers } from '../deferred.js';
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

/** The outcome of a run not decided yet. */
const UNDECIDED: unique symbol = Symbol('stepflow.undecided');

/**
 * A typed run: settles its Execution when the root thread ends or the run is
 * cancelled. The Execution is made when `run()` hands it out, after the
 * run's first steps: a run that already ended by then (a synchronous flow,
 * invalid input) gets a promise made settled, without resolving functions.
 */
export class ExecutionRun extends StepRun implements RunHooks, Settlers {
  /** The promise handed to the caller, once made. */
  declare private execution: ExecutionObject | null;
  declare resolve: (value: unknown) => void;
  declare reject: (reason: unknown) => void;
  declare private abort: AbortSignal | null;
  declare private status: ExecutionStatus;
  /** What the Execution settles with, once decided while none existed yet (fulfilled when `status` is succeeded). */
  declare private outcome: unknown;

  // Fields are declared only (no class-field initialisers, which define each property one by one): the constructor sets every one, once.
  constructor(state: Record<string, any>, scheduler: Scheduler) {
    super(scheduler);
    this.execution = null;
    this.resolve = ignore;
    this.reject = ignore;
    this.abort = null;
    this.status = 'running';
    this.outcome = UNDECIDED;
    this.stateValue = state;
  }

  get style(): StepStyle {
    return 'typed';
  }

  /** The Execution, typed for the caller: made on the first call, settled already if the run ended. */
  handle<TOut>(): Execution<TOut> {
    let p = this.execution;
    if (p === null) {
      const outcome = this.outcome;
      this.outcome = undefined;
      p = (outcome === UNDECIDED ? settleablePromise(this) : settledPromise(this.status === 'succeeded', outcome)) as ExecutionObject;
      p.status = this.status;
      p.state = this.stateValue;
      p.cancel = cancelExecution;
      p[RUN] = this;
      this.execution = p;
    }
    return p as unknown as Execution<TOut>;
  }

  /** Cancels the run when `signal` aborts. */
  listen(signal: AbortSignal): void {
    this.abort = signal;
    watchAbort(signal, this);
  }

  /** The abort listener (the run itself, so no closure is kept per run). */
  handleEvent(): void {
    this.cancel(this.abort?.reason);
  }

  /** Final status now; the promise settles once async cleanups started by a cancel finished. */
  settle(status: ExecutionStatus, value: unknown): void {
    this.status = status;
    const p = this.execution;
    if (p !== null) p.status = status;
    if (this.abort !== null) {
      unwatchAbort(this.abort, this);
      this.abort = null;
    }
    const cleanups = this.cleanups;
    if (cleanups === null || cleanups.size === 0) this.finish(status, value);
    else void Promise.allSettled([...cleanups.keys()]).then(() => this.finish(status, value));
  }

  private finish(status: ExecutionStatus, value: unknown): void {
    if (this.execution === null) this.outcome = value;
    else if (status === 'succeeded') this.resolve(value);
    else this.reject(value);
  }

  cancel(reason?: unknown): void {
    if (this.status !== 'running') return;
    this.status = 'cancelled';
    if (this.execution !== null) this.execution.status = 'cancelled';
    cancelRun(this);
    this.settle('cancelled', cancelledError(reason));
  }

  // Run hooks: a typed run is its own.

  done(value: unknown): void {
    if (this.status === 'running') this.settle('succeeded', value);
  }

  failed(error: Unwind): void {
    if (this.status === 'running') this.settle('failed', runFailure(error));
  }

  /** A typed run has its state object from the start, and it never changes identity. */
  makeState(): Record<string, any> {
    return this.stateValue;
  }

  override stateChanged(): void {}
}
