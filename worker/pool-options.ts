/** The options of `createWorkerPool()` and their checks. */
import { unknownOption } from '../errors/unknown-option.js';
import { availableParallelism } from 'node:os';

/**
 * Size, queue bound and timings of a {@link WorkerPool}.
 * @example
 * ```ts
 * const options: WorkerPoolOptions = { size: 4, maxQueue: 256, idleTimeoutMs: 30_000, cancelGraceMs: 500 };
 * const pool = createWorkerPool(options);
 * ```
 * @public
 */
export interface WorkerPoolOptions {
  /** Threads at most (default: the machine's available parallelism). Threads start on demand. */
  readonly size?: number;
  /** A thread idle this long exits (ms, default 10,000); the next task starts a new one. */
  readonly idleTimeoutMs?: number;
  /** Tasks waiting for a thread at most; one more fails its step with `DefenseRejected` (default 1,024). */
  readonly maxQueue?: number;
  /** How long a cancelled running task may take to stop on its own before its thread is terminated (ms, default 1,000). */
  readonly cancelGraceMs?: number;
  /** The old-generation heap limit of each thread, in MB; a thread that runs out fails its task with `WorkerCrashed`. */
  readonly maxHeapMb?: number;
  /** The pool's name in errors (default `worker pool #n`, or the module's file name for a module's own pool). */
  readonly name?: string;
}

export interface PoolSettings {
  readonly size: number;
  readonly idleTimeoutMs: number;
  readonly maxQueue: number;
  readonly cancelGraceMs: number;
  readonly maxHeapMb: number | undefined;
  readonly name: string;
}

function bad(name: string, expected: string, got: unknown): TypeError {
  return new TypeError(`createWorkerPool(): options.${name} must be ${expected}, got ${typeof got === 'number' ? got : typeof got}`);
}

function integer(o: WorkerPoolOptions, name: 'size' | 'maxQueue', min: number, fallback: number): number {
  const v = o[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !((Number.isInteger(v) && v >= min) || (name === 'maxQueue' && v === Infinity))) {
    throw bad(name, `an integer of at least ${min}${name === 'maxQueue' ? ' (Infinity for no bound)' : ''}`, v);
  }
  return v;
}

function ms(o: WorkerPoolOptions, name: 'idleTimeoutMs' | 'cancelGraceMs', fallback: number): number {
  const v = o[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0) || v > 2 ** 31 - 1) throw bad(name, 'a number of ms from 0 to 2^31 - 1', v);
  return v;
}

let pools = 0;

const POOL_OPTIONS = ['size', 'idleTimeoutMs', 'maxQueue', 'cancelGraceMs', 'maxHeapMb', 'name'];
const MIN_HEAP_MB = 8;

/** Checks the options and applies the defaults. */
export function poolSettings(options: WorkerPoolOptions, defaultName?: string): PoolSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('createWorkerPool(): options must be an object');
  const unknown = unknownOption(options, POOL_OPTIONS);
  if (unknown !== undefined) throw new TypeError(`createWorkerPool(): ${unknown}`);
  const heap = options.maxHeapMb;
  // A thread needs a few MB of heap to start at all: below that it dies before it can take a task.
  if (heap !== undefined && !(typeof heap === 'number' && heap >= MIN_HEAP_MB)) throw bad('maxHeapMb', `a number of MB of at least ${MIN_HEAP_MB} (a thread needs that much to start)`, heap);
  if (options.name !== undefined && typeof options.name !== 'string') throw bad('name', 'a string', options.name);
  return {
    size: integer(options, 'size', 1, Math.max(1, availableParallelism())),
    idleTimeoutMs: ms(options, 'idleTimeoutMs', 10_000),
    maxQueue: integer(options, 'maxQueue', 0, 1_024),
    cancelGraceMs: ms(options, 'cancelGraceMs', 1_000),
    maxHeapMb: heap,
    name: options.name ?? defaultName ?? `worker pool #${++pools}`,
  };
}
