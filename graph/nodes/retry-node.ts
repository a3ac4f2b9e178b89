import { freezeList, freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * Random spread applied to a backoff delay `d`: `none` waits exactly `d`,
 * `full` a uniform time in `0..d`, `equal` `d/2` plus a uniform `0..d/2`.
 * @example
 * ```ts
 * const jitter: Jitter = 'equal';
 * ```
 * @public
 */
export type Jitter = 'full' | 'equal' | 'none';

/**
 * Exponential backoff: the wait before try `k + 1` is
 * `min(maxMs, initialMs * factor^(k-1))`, spread by `jitter`.
 * @example
 * ```ts
 * const backoff: Backoff = { initialMs: 100, factor: 2, maxMs: 30_000, jitter: 'full' };
 * ```
 * @public
 */
export interface Backoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  readonly jitter: Jitter;
}

/**
 * Runs the body up to `attempts` times while it fails with an error that
 * `retryOn` accepts (codes, or a predicate; every error but a cancel when
 * absent).
 * @example
 * ```ts
 * if (node.kind === 'retry') console.log(node.attempts, node.backoff.maxMs);
 * ```
 * @public
 */
export interface RetryNode {
  readonly kind: 'retry';
  readonly body: GraphNode;
  readonly attempts: number;
  readonly backoff: Backoff;
  readonly retryOn: readonly string[] | AnyHandler | undefined;
}

/** Creates a frozen {@link RetryNode}. */
export function retryNode(body: GraphNode, attempts: number, backoff: Backoff, retryOn?: readonly string[] | AnyHandler): RetryNode {
  return freezeNode({
    kind: 'retry',
    body,
    attempts,
    backoff: freezeNode({ ...backoff }),
    retryOn: Array.isArray(retryOn) ? freezeList(retryOn) : (retryOn as AnyHandler | undefined),
  });
}
