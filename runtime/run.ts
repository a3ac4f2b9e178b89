/**
 * `run(flow, input, options)`: executes a flow's graph on the interpreter
 * and returns an awaitable Execution with cancel(), state and status.
 */
import type { GraphNode } from '../graph/node.js';
import { timeoutNode } from '../graph/timeout-node.js';
import type { FlowDefinition, NoSlots } from '../typings/flow-types.js';
import { cancelledError, Errors, FlowError } from './errors.js';
import { ExecutionRun } from './execution.js';
import { attachEvents, type FlowEvent } from './events.js';
import { runNow } from './machine.js';
import { realScheduler, type Scheduler } from './scheduler.js';
import { StepApi } from './step-api.js';
import { Thread } from './thread.js';

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
 * A running flow: a native promise of the output (await it) that can also be
 * cancelled from outside and tells its state and status.
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

/** The options of a run() called without them (shared, so the default allocates nothing). */
const NO_OPTIONS: RunOptions = Object.freeze({});

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
export function run<TIn, TOut>(flow: FlowDefinition<TIn, TOut, NoSlots>, input: TIn, options: RunOptions = NO_OPTIONS): Execution<TOut> {
  const graph = (flow as { graph?: GraphNode } | null)?.graph;
  if (graph === undefined || graph === null || typeof graph !== 'object' || typeof graph.kind !== 'string') {
    throw new TypeError('run(): the first argument must be a Flow (built with flow())');
  }
  if (flow.slots.length > 0) throw new TypeError(`run(): the flow is a template with unfilled slots: ${flow.slots.map((s) => `"${s}"`).join(', ')}`);
  if (options !== NO_OPTIONS) checkOptions(options);
  const state = options.state ?? {};
  const runState = new ExecutionRun(state, options.scheduler ?? realScheduler);
  const exec = runState.handle<TOut>();
  let value: unknown = input;
  const schema = flow.inputSchema;
  if (schema !== undefined) {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const info = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(input)'}: ${i.message}`).join('\n');
      runState.settle('failed', new FlowError(Errors.InvalidRequest, info, { data: parsed.error.issues }));
      return exec;
    }
    value = parsed.data;
  }
  if (options.onEvent !== undefined) attachEvents(runState, graph, options.onEvent);
  if (options.signal?.aborted) {
    runState.settle('cancelled', cancelledError(options.signal.reason));
    return exec;
  }
  const root = options.timeout === undefined ? graph : timeoutNode(graph, options.timeout);
  const t = new Thread(runState, runState);
  const base = new StepApi(root, null, t, [value]);
  t.base = base;
  t.top = base;
  runState.thread = t;
  if (options.signal !== undefined) runState.listen(options.signal);
  runNow(t);
  return exec;
}
