/**
 * Runs that left this process while their handlers may still run: a
 * durable run whose worker closed or lost its lease is dropped here and
 * goes on elsewhere. What a handler of it still calls is ignored, and the
 * report says why.
 */
import type { Run } from './run.js';

const left = new WeakSet<Run>();

/** Notes that `run` left this process. */
export function markLeft(run: Run): void {
  left.add(run);
}

/** Did `run` leave this process? */
export function hasLeft(run: Run): boolean {
  return left.has(run);
}
