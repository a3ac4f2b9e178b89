/** Limiter (FTN12 §2.5): a Mutex for concurrency around a Throttle for rate. */
import type { ErrorCallback, ExecuteCallback, StepApi } from '../step-api.js';
import type { ISync, SyncTarget } from './isync.js';
import { Mutex } from './mutex.js';
import { Throttle } from './throttle.js';

/**
 * Limiter options. The FTN12 spellings `max_queue` and `period_ms` are
 * accepted too.
 * @example
 * ```ts
 * const options: LimiterOptions = { concurrent: 2, maxQueue: 50, rate: 10, periodMs: 1_000 };
 * const limits = new Limiter(options);
 * ```
 * @public
 */
export interface LimiterOptions {
  /** Flows allowed at once (default 1). */
  readonly concurrent?: number;
  /** Flows that may wait for a concurrency slot (default 0). */
  readonly maxQueue?: number;
  /** FTN12 spelling of `maxQueue`. */
  readonly max_queue?: number;
  /** Entries allowed per period (default 1). */
  readonly rate?: number;
  /** The rate period in milliseconds (default 1000). */
  readonly periodMs?: number;
  /** FTN12 spelling of `periodMs`. */
  readonly period_ms?: number;
  /** Flows that may wait for the rate (default 0). */
  readonly burst?: number;
}

/**
 * Combined concurrency and rate limits for request processing.
 * @example
 * ```ts
 * const limits = new Limiter({ concurrent: 4, maxQueue: 100, rate: 50, periodMs: 1000, burst: 20 });
 * flow<Req>().sync(limits, (as, req) => handle(req));
 * ```
 * @public
 */
export class Limiter implements ISync {
  private readonly mutex: Mutex;
  private readonly throttle: Throttle;

  constructor(options: LimiterOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('Limiter: options must be an object');
    this.mutex = new Mutex(options.concurrent ?? 1, options.maxQueue ?? options.max_queue ?? 0);
    this.throttle = new Throttle(options.rate ?? 1, options.periodMs ?? options.period_ms ?? 1000, options.burst ?? 0);
  }

  /** FTN12 synchronisation protocol. */
  sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    this.mutex.sync(as, (inner: StepApi, ...args: unknown[]) => {
      inner.successStep(...args);
      this.throttle.sync(inner, step, onerror);
    });
  }
}
