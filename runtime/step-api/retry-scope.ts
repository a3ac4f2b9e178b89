/**
 * Is a step inside a `retry` node? Asked by steps whose input cannot be used
 * twice (a worker step that transfers its buffers to a thread): a retry
 * would run the step again with an input that was moved away.
 */
import type { Frame } from '../interpreter/frame.js';

/**
 * True when a `retry` node encloses the step whose `as` is given, across
 * sub-steps, embedded and awaited sub-flows and parallel branches.
 * @internal
 */
export function isInsideRetry(as: unknown): boolean {
  for (let f = (as as Frame | null | undefined)?.parent ?? null; f !== null; f = f.parent) if (f.node.kind === 'retry') return true;
  return false;
}
