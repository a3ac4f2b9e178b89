/**
 * What a join is and where it is: its mode, and the progress a durable
 * checkpoint keeps of it (see `BranchJoin.progress` and `resumeFrom`).
 */
import type { ParallelMode } from '../../graph/nodes/parallel-node.js';
import type { Unwind } from '../errors.js';

/** How a join decides: a parallel mode, or `map`. */
export type JoinMode = ParallelMode | 'map';

/** Where a join is: what a durable checkpoint keeps of it. */
export interface JoinProgress {
  /** Branches started so far (map: items pulled). */
  readonly started: number;
  /** Finished branches, in the order they finished. */
  readonly order: readonly number[];
  /** Their results (allSettled: settlement records), by branch index. */
  readonly results: readonly unknown[];
  /** any: the errors of failed branches, by branch index. */
  readonly errors: readonly Unwind[] | null;
  /** The continuation values finished branches ended with, by branch index. */
  readonly finals: readonly (ReadonlyMap<object, unknown> | null)[];
  /** map: the source ran out. */
  readonly exhausted: boolean;
}

/**
 * A keyed join's output: each key an own property of a plain object, defined
 * rather than assigned, so no key (`__proto__`) can become its prototype.
 */
export function keyedResults(keys: readonly string[], results: readonly unknown[]): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    Object.defineProperty(rec, k, { value: results[i], writable: true, enumerable: true, configurable: true });
  });
  return rec;
}
