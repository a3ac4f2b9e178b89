/**
 * `run(flow, input, options)`: executes a flow's graph on the interpreter
 * and returns an awaitable Execution with cancel(), state and status.
 */
import { unknownOption } from '../../errors/unknown-option.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { timeoutNode } from '../../graph/nodes/timeout-node.js';
import type { FlowDefinition, NoSlots } from '../../typings/flow-types.js';
import { cancelledError } from '../errors.js';
import { ExecutionRun } from './execution.js';
import { attachEvents, type FlowEvent } from '../events.js';
import type { CaptureOptions } from '../capture.js';
import type { DebugOptions } from '../debug.js';
import { startRun } from '../interpreter/start.js';
import { realScheduler, schedulerProblem, type Scheduler } from '../scheduler.js';
import { parseInput } from '../input.js';

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
  /** Receives step start / success / error / cancel / retry / ignored events. */
  readonly onEvent?: (event: FlowEvent) => void;
  /** With `{ values: true }`, events carry each step's input and output (size-limited, redactable); off by default. */
  readonly capture?: CaptureOptions;
  /** Debug mode: report steps that block the event loop, wait with no timeout, or settle after a cancel; off by default. */
  readonly debug?: DebugOptions;
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

function optionError(name: string, expected: string, got: unknown, who = 'run()'): TypeError {
  return new TypeError(`${who}: options.${name} must be ${expected}, got ${shown(got)}`);
}

/** A value as a message shows it: its type, and a primitive's value too (`number 0`, `string "30s"`). */
function shown(got: unknown): string {
  if (got === null || got === undefined) return String(got);
  if (typeof got === 'string') return `string ${JSON.stringify(got)}`;
  if (typeof got === 'object' || typeof got === 'function' || typeof got === 'symbol') return typeof got;
  return `${typeof got} ${String(got)}`;
}

/** What is missing from a would-be AbortSignal, or undefined when it is usable. */
function signalProblem(signal: unknown): string | undefined {
  if (signal === null || typeof signal !== 'object') return `an AbortSignal, got ${signal === null ? 'null' : typeof signal}`;
  const s = signal as Partial<AbortSignal>;
  const missing = [
    typeof s.aborted === 'boolean' ? undefined : 'aborted',
    typeof s.addEventListener === 'function' ? undefined : 'addEventListener',
    typeof s.removeEventListener === 'function' ? undefined : 'removeEventListener',
  ].filter((m) => m !== undefined);
  return missing.length > 0 ? `an AbortSignal (aborted, addEventListener, removeEventListener); missing: ${missing.join(', ')}` : undefined;
}

const RUN_OPTIONS: ReadonlySet<string> = new Set(['signal', 'timeout', 'state', 'scheduler', 'onEvent', 'capture', 'debug']);

/** Checks `run()` options (also `host.run()`'s, named by `who`): a TypeError naming the option; a misspelt one is not ignored. */
export function checkOptions(o: RunOptions, who = 'run()'): void {
  if (o === null || typeof o !== 'object') throw new TypeError(`${who}: options must be an object`);
  const unknown = unknownOption(o, RUN_OPTIONS);
  if (unknown !== undefined) throw new TypeError(`${who}: ${unknown}`);
  const signal = o.signal === undefined ? undefined : signalProblem(o.signal);
  if (signal !== undefined) throw new TypeError(`${who}: options.signal must be ${signal}`);
  if (o.timeout !== undefined && (typeof o.timeout !== 'number' || !(o.timeout > 0))) throw optionError('timeout', 'a positive number of ms (Infinity for none)', o.timeout, who);
  if (o.state !== undefined && (o.state === null || typeof o.state !== 'object')) throw optionError('state', 'an object', o.state, who);
  const scheduler = o.scheduler === undefined ? undefined : schedulerProblem(o.scheduler);
  if (scheduler !== undefined) throw new TypeError(`${who}: options.scheduler must be ${scheduler}`);
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') throw optionError('onEvent', 'a function', o.onEvent, who);
  const d = o.debug;
  if (d !== undefined) {
    if (d === null || typeof d !== 'object') throw optionError('debug', 'an object', d, who);
    if (d.slowStepMs !== undefined && !(typeof d.slowStepMs === 'number' && d.slowStepMs >= 0)) throw optionError('debug.slowStepMs', 'a non-negative number', d.slowStepMs, who);
    for (const k of ['unboundedWaits', 'lateSettles'] as const) if (d[k] !== undefined && typeof d[k] !== 'boolean') throw optionError(`debug.${k}`, 'a boolean', d[k], who);
  }
  const c = o.capture;
  if (c !== undefined) {
    if (c === null || typeof c !== 'object') throw optionError('capture', 'an object', c, who);
    if (c.maxBytes !== undefined && !(typeof c.maxBytes === 'number' && c.maxBytes >= 0)) throw optionError('capture.maxBytes', 'a non-negative number', c.maxBytes, who);
    if (c.redact !== undefined && typeof c.redact !== 'function') throw optionError('capture.redact', 'a function', c.redact, who);
    if (c.values !== undefined && typeof c.values !== 'boolean') throw optionError('capture.values', 'a boolean', c.values, who);
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
export function run<TIn, TOut>(flow: FlowDefinition<TIn, TOut, NoSlots>, input: TIn, options: RunOptions = NO_OPTIONS): Execution<TOut> {
  const graph = (flow as { graph?: GraphNode } | null)?.graph;
  if (graph === undefined || graph === null || typeof graph !== 'object' || typeof graph.kind !== 'string') {
    throw new TypeError('run(): the first argument must be a Flow (built with flow())');
  }
  if (flow.slots.length > 0) throw new TypeError(`run(): the flow is a template with unfilled slots: ${flow.slots.map((s) => `"${s}"`).join(', ')}`);
  if (options !== NO_OPTIONS) checkOptions(options);
  const state = options.state ?? {};
  const runState = new ExecutionRun(state, options.scheduler ?? realScheduler);
  let value: unknown = input;
  const schema = flow.inputSchema;
  if (schema !== undefined) {
    const parsed = parseInput(schema, input);
    if (!parsed.ok) {
      runState.settle('failed', parsed.error);
      return runState.handle<TOut>();
    }
    value = parsed.value;
  }
  if (options.onEvent !== undefined) attachEvents(runState, graph, options.onEvent, options.capture);
  if (options.debug !== undefined) runState.debug = options.debug;
  if (options.signal?.aborted) {
    runState.settle('cancelled', cancelledError(options.signal.reason));
    return runState.handle<TOut>();
  }
  const root = options.timeout === undefined || options.timeout === Infinity ? graph : timeoutNode(graph, options.timeout);
  if (options.signal !== undefined) runState.listen(options.signal);
  startRun(runState, root, [value]);
  return runState.handle<TOut>();
}
