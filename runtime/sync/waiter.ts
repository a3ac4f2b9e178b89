/** A flow waiting in a primitive's queue: resumed with its arguments when admitted. */
import { unknownOption } from '../../errors/unknown-option.js';
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

/**
 * Checks a count option: an integer, at least `min` (a limit of 0 would
 * admit no flow, and each would wait for ever), or, when `allowNull`, none.
 */
export function checkCount(owner: string, name: string, value: unknown, allowNull: boolean, min = 0): void {
  if (allowNull && (value === null || value === undefined)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`${owner}: ${name} must be an integer of at least ${min}${allowNull ? ' (or null for no limit)' : ''}, got ${describe(value)}`);
  }
}

/** Checks a period option: a positive, finite number of ms (a window of 0 or Infinity admits no rate). */
export function checkPeriod(owner: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${owner}: ${name} must be a positive, finite number of ms, got ${describe(value)}`);
  }
}

/** Checks that an options argument is an object naming only `known` options (a misspelt one would be ignored). */
export function checkOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${owner}: options must be an object, got ${describe(options)}`);
  const unknown = unknownOption(options, known);
  if (unknown !== undefined) throw new TypeError(`${owner}: ${unknown}`);
}
