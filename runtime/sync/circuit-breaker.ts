/**
 * CircuitBreaker: closed, it counts consecutive failed bodies; at the
 * threshold it opens and rejects entries with `DefenseRejected` ("Circuit
 * open"); after `resetTimeoutMs` it admits up to `halfOpenMax` trial
 * entries; a trial success closes it, a trial failure opens it again. A
 * cancelled body is not a failure, nor one left by `break`/`continue`. It needs no timer: time is read from the
 * scheduler of the run that enters.
 */
import type { ErrorCallback, ExecuteCallback } from '../ftn12/step-api.js';
import { frameOf } from '../step-api/step-frame.js';
import type { StepApi } from '../ftn12/step-api.js';
import { ISync, type SyncTarget } from './isync.js';
import { checkCount, checkDelay, checkOptions } from './waiter.js';
import { rejected } from './section.js';
import { Errors } from '../errors.js';

/** The info of every rejection by an open or half-open circuit; the details are in the error's `data`. */
const CIRCUIT_OPEN = 'Circuit open';

/**
 * Options of the {@link CircuitBreaker} constructor: when it opens, how long
 * it stays open, and how many trial entries it admits.
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = { failureThreshold: 3, resetTimeoutMs: 10_000, halfOpenMax: 2 };
 * const breaker = new CircuitBreaker(options);
 * ```
 * @public
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before trial entries (default 30 000). */
  readonly resetTimeoutMs?: number;
  /** Trial entries admitted at once while half-open (default 1). */
  readonly halfOpenMax?: number;
}

/**
 * The states of a {@link CircuitBreaker}.
 * @example
 * ```ts
 * const state: CircuitState = breaker.state;
 * if (state === 'open') showDegradedBanner();
 * ```
 * @public
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One body admitted: in which period, as a trial or not, and whether its outcome was counted. */
interface Entry {
  readonly period: number;
  trial: boolean;
  settled: boolean;
}

/**
 * Stops calling a failing dependency for a while.
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 10_000 });
 * flow<Req>().sync(breaker, (as, req) => fetchQuote(req));
 * ```
 * @public
 */
export class CircuitBreaker extends ISync {
  private mode: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trials = 0;
  /** Counts the state changes: an entry counts only in the period it was admitted in. */
  private period = 0;
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenMax: number;

  constructor(options: CircuitBreakerOptions = {}) {
    super();
    checkOptions('CircuitBreaker', options, ['failureThreshold', 'resetTimeoutMs', 'halfOpenMax']);
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    this.halfOpenMax = options.halfOpenMax ?? 1;
    checkCount('CircuitBreaker', 'failureThreshold', this.failureThreshold, false, 1);
    checkDelay('CircuitBreaker', 'resetTimeoutMs', this.resetTimeoutMs);
    checkCount('CircuitBreaker', 'halfOpenMax', this.halfOpenMax, false, 1);
  }

  /** The current state (an open circuit past its reset timeout reports `half-open` once entered). */
  get state(): CircuitState {
    return this.mode;
  }

  /** Moves to `mode`; the entries admitted before no longer count (their outcome tells of a state that ended). */
  private enter(mode: CircuitState, now: number): void {
    this.mode = mode;
    this.period++;
    this.trials = 0;
    if (mode === 'open') this.openedAt = now;
  }

  private settle(entry: Entry, outcome: 'success' | 'failure' | 'cancel', now: number): void {
    if (entry.settled) return;
    entry.settled = true;
    // A body admitted in an earlier state (closed before it opened, a trial of an earlier half-open period) tells nothing now.
    if (entry.period !== this.period) return;
    if (entry.trial) this.trials--;
    if (outcome === 'cancel') return;
    if (outcome === 'success') {
      this.failures = 0;
      if (entry.trial) this.enter('closed', now);
      return;
    }
    this.failures++;
    if (entry.trial || this.failures >= this.failureThreshold) this.enter('open', now);
  }

  /** FTN12 synchronisation protocol. */
  override sync(as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
    as.add((outer: StepApi, ...args: unknown[]) => {
      const clock = frameOf(outer).thread.run.scheduler;
      const now = clock.now();
      if (this.mode === 'open') {
        const left = this.resetTimeoutMs - (now - this.openedAt);
        if (left > 0) throw rejected(frameOf(outer), CIRCUIT_OPEN, { state: 'open', retryInMs: left });
        this.enter('half-open', now);
      }
      const entry: Entry = { period: this.period, trial: false, settled: false };
      if (this.mode === 'half-open') {
        if (this.trials >= this.halfOpenMax) throw rejected(frameOf(outer), CIRCUIT_OPEN, { state: 'half-open', trials: this.trials });
        this.trials++;
        entry.trial = true;
      }
      outer.setCancel(() => this.settle(entry, 'cancel', clock.now()));
      outer.add(
        (body: StepApi) => {
          body.successStep(...args);
          body.add(step, onerror);
        },
        // A break or continue leaving the body is a control transfer, no failure of what it calls: counted as neither.
        (_as: StepApi, code: string) => this.settle(entry, code === Errors.LoopBreak || code === Errors.LoopCont ? 'cancel' : 'failure', clock.now()),
      );
      outer.add((done: StepApi, ...result: unknown[]) => {
        this.settle(entry, 'success', clock.now());
        done.success(...result);
      });
    });
  }
}
