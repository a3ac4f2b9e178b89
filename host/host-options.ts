/**
 * The options of `createHost()` and their checks: every limit and deadline
 * is refused at creation with a TypeError naming the option and the value.
 */
import { unknownOption } from '../errors/unknown-option.js';
import type { DebugOptions } from '../runtime/debug.js';
import type { FlowEvent } from '../typings/events.js';
import { schedulerProblem, type Scheduler } from '../runtime/scheduler.js';
import { describe } from '../errors/describe.js';
import { checkOptions } from '../runtime/typed/run.js';

/**
 * Limits and deadlines of a {@link Host}.
 * @example
 * ```ts
 * const options: HostOptions = { maxRunning: 64, maxQueued: 1_000, drainTimeoutMs: 20_000, cancelTimeoutMs: 5_000 };
 * const host = createHost(options);
 * ```
 * @public
 */
export interface HostOptions {
  /** Runs executing at once; more wait in a FIFO queue, not started (default: Infinity). */
  readonly maxRunning?: number;
  /** Runs waiting in the queue; one more is refused with `DefenseRejected` (default: Infinity). */
  readonly maxQueued?: number;
  /** How long `close()` lets running and queued runs finish before it cancels them (ms, default 30,000). */
  readonly drainTimeoutMs?: number;
  /** How long `close()` waits for cancelled runs to settle (their cancel handlers and `finally`) (ms, default 5,000). */
  readonly cancelTimeoutMs?: number;
  /** How long `close()` waits for each resource registered with `onClose` (ms, default 5,000). */
  readonly closeTimeoutMs?: number;
  /** Debug mode for every run (slow steps, unbounded waits, late settles); a run's own `debug` option wins. */
  readonly debug?: DebugOptions;
  /** Receives the events of every run, besides a run's own `onEvent`. */
  readonly onEvent?: (event: FlowEvent) => void;
  /** Where the host's deadlines, and runs without their own scheduler, take time from (default: real time). */
  readonly scheduler?: Scheduler;
  /**
   * Follow each run's steps through its events, so close reports can name
   * the step a run was in (default true). Events cost a few µs per run;
   * without them reports name runs only.
   */
  readonly trackSteps?: boolean;
}

/** The options with their defaults applied. */
export interface HostSettings {
  readonly maxRunning: number;
  readonly maxQueued: number;
  readonly drainTimeoutMs: number;
  readonly cancelTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly debug: DebugOptions | undefined;
  readonly onEvent: ((event: FlowEvent) => void) | undefined;
  readonly scheduler: Scheduler | undefined;
  readonly trackSteps: boolean;
}

const HOST_OPTIONS = ['maxRunning', 'maxQueued', 'drainTimeoutMs', 'cancelTimeoutMs', 'closeTimeoutMs', 'debug', 'onEvent', 'scheduler', 'trackSteps'];

function bad(name: string, expected: string, got: unknown): TypeError {
  return new TypeError(`createHost(): options.${name} must be ${expected}, got ${describe(got)}`);
}

function count(o: HostOptions, name: 'maxRunning' | 'maxQueued', min: number): number {
  const v = o[name];
  if (v === undefined) return Infinity;
  if (typeof v !== 'number' || !(v === Infinity || (Number.isInteger(v) && v >= min))) {
    throw bad(name, `${min === 0 ? 'a non-negative' : 'a positive'} integer (Infinity for no limit)`, v);
  }
  return v;
}

function delay(o: HostOptions, name: 'drainTimeoutMs' | 'cancelTimeoutMs' | 'closeTimeoutMs', fallback: number): number {
  const v = o[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0)) throw bad(name, 'a non-negative number of ms (Infinity for none)', v);
  return v;
}

/** Checks the options of `createHost()` and applies the defaults. */
export function hostSettings(options: HostOptions): HostSettings {
  if (options === null || typeof options !== 'object') throw new TypeError(`createHost(): options must be an object, got ${describe(options)}`);
  const unknown = unknownOption(options, HOST_OPTIONS);
  if (unknown !== undefined) throw new TypeError(`createHost(): ${unknown}`);
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw bad('onEvent', 'a function', options.onEvent);
  // The debug settings every run gets are checked here, as run() checks them: a bad one would fail every run later.
  if (options.debug !== undefined) checkOptions({ debug: options.debug }, 'createHost()');
  if (options.trackSteps !== undefined && typeof options.trackSteps !== 'boolean') throw bad('trackSteps', 'a boolean', options.trackSteps);
  const scheduler = options.scheduler === undefined ? undefined : schedulerProblem(options.scheduler);
  if (scheduler !== undefined) throw new TypeError(`createHost(): options.scheduler must be ${scheduler}`);
  return {
    maxRunning: count(options, 'maxRunning', 1),
    maxQueued: count(options, 'maxQueued', 0),
    drainTimeoutMs: delay(options, 'drainTimeoutMs', 30_000),
    cancelTimeoutMs: delay(options, 'cancelTimeoutMs', 5_000),
    closeTimeoutMs: delay(options, 'closeTimeoutMs', 5_000),
    debug: options.debug,
    onEvent: options.onEvent,
    scheduler: options.scheduler,
    trackSteps: options.trackSteps ?? true,
  };
}
