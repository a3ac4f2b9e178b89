/** A flow waiting in a primitive's queue: resumed with its arguments when admitted. */
import { isWaiting } from '../interpreter/moves.js';
import type { StepFrame } from '../step-api/step-frame.js';
import { isDelay } from '../timers.js';
import { describe } from '../../errors/describe.js';

export interface Waiter {
  readonly as: StepFrame;
  readonly args: readonly unknown[];
}

/** Admits a waiter if it still waits; false when it was cancelled meanwhile. */
export function admit(w: Waiter): boolean {
  if (!isWaiting(w.as)) return false;
  w.as.success(...w.args);
  return true;
}

/** Removes a waiter from a queue (a cancelled waiter leaves at once). */
export function leave(queue: Waiter[], w: Waiter): void {
  const i = queue.indexOf(w);
  if (i >= 0) queue.splice(i, 1);
}

/** Checks a time option: a non-negative number of ms, `Infinity` (never) included. */
export function checkDelay(owner: string, name: string, value: unknown): void {
  if (!isDelay(value)) throw new TypeError(`${owner}: ${name} must be a non-negative number of ms (Infinity for never), got ${describe(value)}`);
}

/** Checks an optional non-negative integer option. */
export function checkCount(owner: string, name: string, value: unknown, allowNull: boolean): void {
  if (allowNull && (value === null || value === undefined)) return;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TypeError(`${owner}: ${name} must be a non-negative number, got ${describe(value)}`);
  }
}
