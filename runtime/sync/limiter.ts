/**
 * Limiter: a Mutex for concurrency around a Throttle for rate. The
 * `stepflow` Limiter limits only what its options name (no `rate`, no rate
 * limit; an unbounded queue unless `maxQueue`); the `stepflow/ftn12`
 * Limiter keeps the defaults of FTN12 §2.5.
 */
import type { ErrorCallback, ExecuteCallback } from '../ftn12/step-api.js';
import type { StepApi } from '../ftn12/step-api.js';
import { ISync, type SyncTarget } from './isync.js';
import { Mutex } from './mutex.js';
import { Throttle } from './throttle.js';
import { checkCount, checkOptions, checkPeriod } from './waiter.js';

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
  /** Flows that may wait for a concurrency slot (`stepflow`: unbounded by default; `stepflow/ftn12`: 0). */
  readonly maxQueue?: number;
  /** FTN12 spelling of `maxQueue`. */
  readonly max_queue?: number;
  /** Entries allowed per period (`stepflow`: no rate limit by default; `stepflow/ftn12`: 1). */
  readonly rate?: number;
  /** The rate period in milliseconds (default 1000). */
  readonly periodMs?: number;
  /** FTN12 spelling of `periodMs`. */
  readonly period_ms?: number;
  /** Flows that may wait for the rate (default 0). */
  readonly burst?: number;
}

/** What a Limiter assumes for an option it is not given. */
interface LimiterDefaults {
  readonly maxQueue: number | undefined;
  readonly rate: number | undefined;
}

/** The limits of a Limiter: a Mutex, and a Throttle when there is a rate. */
interface Limits {
  readonly mutex: Mutex;
  readonly throttle: Throttle | null;
}

const LIMITER_OPTIONS = ['concurrent', 'maxQueue', 'max_queue', 'rate', 'periodMs', 'period_ms', 'burst'] as const;

/** The limits the options ask for, each option checked under its own name (a Limiter's error names the Limiter). */
function limitsOf(owner: string, options: LimiterOptions, defaults: LimiterDefaults): Limits {
  checkOptions(owner, options, LIMITER_OPTIONS);
  const concurrent = options.concurrent ?? 1;
  const maxQueue = options.maxQueue ?? options.max_queue ?? defaults.maxQueue;
  const rate = options.rate ?? defaults.rate;
  const periodMs = options.periodMs ?? options.period_ms ?? 1000;
  const burst = options.burst ?? 0;
  checkCount(owner, 'concurrent', concurrent, false, 1);
  // `null` means "no limit" only where that is the default (the FTN12 Limiter's defaults are limits, §2.5).
  checkCount(owner, options.max_queue !== undefined && options.maxQueue === undefined ? 'max_queue' : 'maxQueue', maxQueue, defaults.maxQueue === undefined);
  checkCount(owner, 'rate', rate, defaults.rate === undefined, 1);
  checkPeriod(owner, options.period_ms !== undefined && options.periodMs === undefined ? 'period_ms' : 'periodMs', periodMs);
  checkCount(owner, 'burst', burst, false);
  return { mutex: new Mutex(concurrent, maxQueue), throttle: rate === undefined ? null : new Throttle(rate, periodMs, burst) };
}

/** FTN12 synchronisation protocol through the limits: the concurrency slot first, then the rate. */
function syncThrough(limits: Limits, as: SyncTarget, step: ExecuteCallback, onerror: ErrorCallback | undefined): void {
  const throttle = limits.throttle;
  if (throttle === null) return limits.mutex.sync(as, step, onerror);
  limits.mutex.sync(as, (inner: StepApi, ...args: unknown[]) => {
    inner.successStep(...args);
    throttle.sync(inner, step, onerror);
  });
}

/**
 * Concurrency and (optional) rate limits for request processing. It limits
 * only what its options name: `new Limiter({ concurrent: 4 })` admits four
 * flows at once and queues the rest without bound; add `rate` (per
 * `periodMs`) for a rate limit, `maxQueue` and `burst` to bound the queues
 * (`DefenseRejected` beyond them).
 * @example
 * ```ts
 * const limits = new Limiter({ concurrent: 4, maxQueue: 100, rate: 50, periodMs: 1000, burst: 20 });
 * flow<Req>().sync(limits, (as, req) => handle(req));
 * ```
 * @public
 */
export class Limiter extends ISync {
  private readonly limits: Limits;

  constructor(options: LimiterOptions = {}) {
    super();
    this.limits = limitsOf('Limiter', options, { maxQueue: undefined, rate: undefined });
  }

  /** FTN12 synchronisation protocol. */
  override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    syncThrough(this.limits, as, step, onerror);
  }
}

/**
 * The FTN12 Limiter (§2.5), with the spec's defaults: 1 concurrent flow, no
 * queue (`max_queue` 0), and a rate of 1 entry per 1000 ms with no burst.
 * @example
 * ```ts
 * const limits = new Limiter({ concurrent: 2, max_queue: 10, rate: 5, period_ms: 1000, burst: 5 });
 * $as().sync(limits, (as) => as.success()).execute();
 * ```
 * @public
 */
export class FTN12Limiter extends ISync {
  private readonly limits: Limits;

  constructor(options: LimiterOptions = {}) {
    super();
    this.limits = limitsOf('Limiter', options, { maxQueue: 0, rate: 1 });
  }

  /** FTN12 synchronisation protocol. */
  override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    syncThrough(this.limits, as, step, onerror);
  }
}
