/**
 * The timed node kinds of a flow document: durations (`JsonMs`, where
 * `'Infinity'` means never), `timeout`, `retry` with its backoff, `sleep`
 * and `wait`.
 */
import type { Jitter } from '../nodes/retry-node.js';
import type { BodyJson } from './json-types.js';

/**
 * A delay in milliseconds; `'Infinity'` (never) where JSON numbers cannot say it.
 * @example
 * ```ts
 * const forever: JsonMs = 'Infinity';
 * ```
 * @public
 */
export type JsonMs = number | 'Infinity';
/**
 * `timeout`: a time limit on the body.
 * @example
 * ```ts
 * const limited: TimeoutJson = { kind: 'timeout', ms: 5000, body: { kind: 'step', name: 'charge' } };
 * ```
 * @public
 */
export interface TimeoutJson extends BodyJson {
  readonly kind: 'timeout';
  readonly ms: JsonMs;
}
/**
 * `retry`: `retryOn` is a list of codes, or the name of a predicate handler.
 * @example
 * ```ts
 * const retried: RetryJson = { kind: 'retry', attempts: 3, backoff: { initialMs: 100, factor: 2, maxMs: 30_000, jitter: 'full' }, body: { kind: 'step', name: 'call' } };
 * ```
 * @public
 */
export interface RetryJson extends BodyJson {
  readonly kind: 'retry';
  readonly attempts: number;
  readonly backoff: { readonly initialMs: JsonMs; readonly factor: number; readonly maxMs: JsonMs; readonly jitter: Jitter };
  readonly retryOn?: readonly string[] | string | undefined;
}

/**
 * `sleep`: a pause of `ms`, or until the time the `until` handler gives.
 * @example
 * ```ts
 * const nap: SleepJson = { kind: 'sleep', ms: 60_000 };
 * ```
 * @public
 */
export interface SleepJson {
  readonly kind: 'sleep';
  readonly ms?: JsonMs | undefined;
  readonly until?: string | undefined;
}

/**
 * `wait`: waits for a signal sent to the run; its value is the output.
 * @example
 * ```ts
 * const approval: WaitJson = { kind: 'wait', signal: 'approved', timeout: 86_400_000 };
 * ```
 * @public
 */
export interface WaitJson {
  readonly kind: 'wait';
  readonly signal: string;
  readonly timeout?: JsonMs | undefined;
}
