/**
 * A frame is one executing graph node: FTN12's "step on the async stack".
 * Frames of one thread form a chain through `parent`; a branch thread's base
 * frame points at the parallel frame in its parent thread.
 */
import { nodeName } from '../../graph/nodes/step-node.js';
import type { StepApi } from '../step-api/step-frame.js';

/** What a frame is doing now. */
export const Phase = {
  /** Created, not entered yet, or running its children. */
  Idle: 0,
  /** Its step handler is on the JS stack. */
  Handler: 1,
  /** Its error handler is on the JS stack. */
  ErrorHandler: 2,
  /** Suspended until an external success/error, a timer or a promise. */
  Waiting: 3,
  /** Completed, failed or cancelled: its step API is out of service. */
  Done: 4,
} as const;

/** Arguments of an empty success. Shared, frozen. */
export const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * The runtime state of one executing node. A frame is its own step API (the
 * `as` handlers receive), so frames and step APIs are one class: one
 * allocation and one constructor per step.
 */
export type Frame = StepApi;

/** Names of the named steps and flows from the outermost frame down to `f` (FlowError.steps, event paths). */
export function stepNames(f: Frame | null): string[] {
  const names: string[] = [];
  for (let g = f; g !== null; g = g.parent) {
    const name = nodeName(g.node);
    if (name !== undefined) names.push(name);
  }
  return names.reverse();
}
