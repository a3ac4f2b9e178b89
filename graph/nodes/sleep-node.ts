import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';

/**
 * A pause: `ms` milliseconds, or until the time `until(input)` gives (a
 * Date, epoch milliseconds, or a delay in ms). The input passes through. In
 * a durable run the wake time is wall-clock and the run, once every branch
 * waits, is parked in its store holding no memory.
 * @example
 * ```ts
 * if (node.kind === 'sleep') console.log(node.ms ?? 'until a computed time');
 * ```
 * @public
 */
export interface SleepNode {
  readonly kind: 'sleep';
  /** A fixed delay in ms, or undefined when `until` computes the wake time. */
  readonly ms: number | undefined;
  /** `(input) => Date | number`: a Date or epoch ms to wake at, or a delay in ms (below 1e12). */
  readonly until: AnyHandler | undefined;
}

/** Creates a frozen {@link SleepNode}. */
export function sleepNode(ms: number | undefined, until: AnyHandler | undefined): SleepNode {
  return freezeNode({ kind: 'sleep', ms, until });
}
