/**
 * `run(flow, input, options)`: executes a flow's graph on the interpreter
 * and returns an awaitable Execution with cancel(), state and status.
 */
import type { GraphNode } from '../graph/node.js';
import { timeoutNode } from '../graph/timeout-node.js';
import type { FlowDefinition, NoSlots } from '../typings/flow-types.js';
import { cancelledError, Errors, FlowError, type Unwind } from './errors.js';
import { attachEvents, type FlowEvent } from './events.js';
import { runNow } from './machine.js';
import { cancelThread } from './cancel.js';
import { realScheduler, type Scheduler } from './scheduler.js';
import { StepApi } from './step-api.js';
import { Run, Thread, type ThreadOwner } from './thread.js';

/**
 * Options of {@link run}: cancel signal, time limit, initial state, scheduler
 * and event listener.
 * @example
 * ```ts
 * const options: RunOptions = { signal: controller.signal, timeout: 30_000, onEvent: (e) => log.info(e.type, e.path) };
 * await run(checkout, order, options);
 * ```
 * @public
 */
export interface RunOptions {
  /** Aborting it cancels the run. */
  readonly signal?: AbortSignal;
  /** A time limit for the whole run (code `Timeout`). */
  readonly timeout?: number;
  /** The initial state object (`as.state`). */
  readonly state?: Record<string, any>;
  /** Where timers come from (see `createTestScheduler`). */
  readonly scheduler?: Scheduler;
  /** Receives step start / success / error / cancel / retry events. */
  readonly onEvent?: (event: FlowEvent) => void;
}

/**
 * Status of an {@link Execution}: `running` until the run succeeds, fails or
 * is cancelled.
 * @example
 * ```ts
 * const status: ExecutionStatus = execution.status; // 'running' until it settles
 * ```
 * @public
 */
export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * A running flow: await it for the output; cancel it from outside.
 * @example
 * ```ts
 * const execution: Execution<Receipt> = run(checkout, order, { timeout: 30_000 });
 * setTimeout(() => execution.cancel('user left'), 10_000);
 * const receipt = await execution;
 * ```
 * @public
 */
export interface Execution<TOut> extends PromiseLike<TOut> {
  /** Cancels the run: it rejects with FlowError `Cancelled` whose `cause` is `reason`. */
  cancel(reason?: unknown): void;
  /** The run's state object. */
  readonly state: Record<string, any>;
  /** Where the run is. */
  readonly status: ExecutionStatus;
  /** Like `Promise.prototype.catch`. */
  catch<TResult = never>(onRejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null): Promise<TOut | TResult>;
  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<TOut>;
}

function optionError(name: string, expected: string, got: unknown): TypeError {
  return new TypeError(`run(): options.${name} must be ${expected}, got ${got === null ? 'null' : typeof got}`);
}

function checkOptions(o: RunOptions): void {
  if (o === null || typeof o !== 'object') throw new TypeError('run(): options must be an object');
  if (o.signal !== undefined && (o.signal === null || typeof o.signal.addEventListener !== 'function')) throw optionError('signal', 'an AbortSignal', o.signal);
  if (o.timeout !== undefined && (typeof o.timeout !== 'number' || !(o.timeout > 0))) throw optionError('timeout', 'a positive number', o.timeout);
  if (o.state !== undefined && (o.state === null || typeof o.state !== 'object')) throw optionError('state', 'an object', o.state);
  if (o.scheduler !== undefined && (o.scheduler === null || typeof o.scheduler.setTimer !== 'function')) throw optionError('scheduler', 'a Scheduler', o.scheduler);
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') throw optionError('onEvent', 'a function', o.onEvent);
}

class ExecutionImpl<TOut> implements Execution<TOut>, ThreadOwner {
  status: ExecutionStatus = 'running';
  thread: Thread | null = null;
  /** Created on the first then/catch/finally, so an Execution nobody awaits holds no promise. */
  private promise: Promise<TOut> | null = null;
  private resolve: ((value: TOut) => void) | null = null;
  private reject: ((error: unknown) => void) | null = null;
  /** The outcome once final (resolved value or rejection reason). */
  private outcome: unknown = undefined;
  private final = false;
  private signal: AbortSignal | null = null;

  constructor(
    private givenState: Record<string, any> | undefined,
    readonly run: Run | null,
  ) {}

  /** The run's state object: the `state` option, or a new `{}` (created on first use). */
  get state(): Record<string, any> {
    if (this.run !== null) return this.run.state;
    return (this.givenState ??= {});
  }

  private settled(): Promise<TOut> {
    if (this.promise === null) {
      if (this.final && this.status === 'succeeded') this.promise = Promise.resolve(this.outcome as TOut);
      else if (this.final) this.promise = Promise.reject(this.outcome);
      else {
        this.promise = new Promise<TOut>((res, rej) => {
          this.resolve = res;
          this.reject = rej;
        });
      }
    }
    return this.promise;
  }

  then<R1 = TOut, R2 = never>(onOk?: ((v: TOut) => R1 | PromiseLike<R1>) | null, onErr?: ((e: any) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.settled().then(onOk, onErr);
  }

  catch<R = never>(onErr?: ((e: any) => R | PromiseLike<R>) | null): Promise<TOut | R> {
    return this.settled().catch(onErr);
  }

  finally(onFinally?: (() => void) | null): Promise<TOut> {
    return this.settled().finally(onFinally);
  }

  listen(signal: AbortSignal): void {
    this.signal = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  /** The abort listener (the Execution itself, so no closure is kept per run). */
  handleEvent(): void {
    this.cancel(this.signal?.reason);
  }

  settle(status: ExecutionStatus, value: unknown): void {
    this.status = status;
    this.thread = null;
    if (this.signal !== null) {
      this.signal.removeEventListener('abort', this);
      this.signal = null;
    }
    const done = (): void => {
      this.outcome = value;
      this.final = true;
      if (status === 'succeeded') this.resolve?.(value as TOut);
      else this.reject?.(value);
    };
    const cleanups = this.run?.cleanups;
    if (cleanups == null || cleanups.size === 0) done();
    else {
      // Hold a pending promise until the cleanups finished, so awaiting callers wait for them.
      this.settled();
      void Promise.allSettled([...cleanups]).then(done);
    }
  }

  cancel(reason?: unknown): void {
    if (this.status !== 'running') return;
    const t = this.thread;
    this.status = 'cancelled';
    if (t !== null) cancelThread(t);
    this.settle('cancelled', cancelledError(reason));
  }

  threadDone(_t: Thread, args: readonly unknown[]): void {
    if (this.status === 'running') this.settle('succeeded', args[0]);
  }

  threadFailed(_t: Thread, error: Unwind): void {
    if (this.status !== 'running') return;
    const e = error instanceof FlowError ? error : new FlowError(Errors.InternalError, `${error.action}() outside of a matching loop`);
    this.settle('failed', e);
  }
}

/**
 * Runs a flow with `input`. Throws synchronously only for invalid arguments
 * (a TypeError); every other problem is a rejection of the Execution.
 * @example
 * ```ts
 * const execution = run(checkout, order, { timeout: 30_000, signal });
 * const receipt = await execution;
 * ```
 * @public
 */
export function run<TIn, TOut>(flow: FlowDefinition<TIn, TOut, NoSlots>, input: TIn, options: RunOptions = {}): Execution<TOut> {
  const graph = (flow as { graph?: GraphNode } | null)?.graph;
  if (graph === undefined || graph === null || typeof graph !== 'object' || typeof graph.kind !== 'string') {
    throw new TypeError('run(): the first argument must be a Flow (built with flow())');
  }
  if (flow.slots.length > 0) throw new TypeError(`run(): the flow is a template with unfilled slots: ${flow.slots.map((s) => `"${s}"`).join(', ')}`);
  checkOptions(options);
  const state = options.state;
  let value: unknown = input;
  const schema = flow.inputSchema;
  if (schema !== undefined) {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const info = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(input)'}: ${i.message}`).join('\n');
      const exec = new ExecutionImpl<TOut>(state, null);
      exec.settle('failed', new FlowError(Errors.InvalidRequest, info, { data: parsed.error.issues }));
      return exec;
    }
    value = parsed.data;
  }
  const scheduler = options.scheduler ?? realScheduler;
  const runState = new Run(state, scheduler, 'typed');
  const exec = new ExecutionImpl<TOut>(state, runState);
  if (options.onEvent !== undefined) attachEvents(runState, graph, options.onEvent);
  if (options.signal?.aborted) {
    exec.settle('cancelled', cancelledError(options.signal.reason));
    return exec;
  }
  const root = options.timeout === undefined ? graph : timeoutNode(graph, options.timeout);
  const t = new Thread(runState, exec);
  const base = new StepApi(root, null, t, [value]);
  t.base = base;
  t.top = base;
  exec.thread = t;
  if (options.signal !== undefined) exec.listen(options.signal);
  runNow(t);
  return exec;
}
