/**
 * `sleep`: pauses for a delay, or until a time, on the frame's timer; the
 * input passes through. The frame keeps its wake time (the scheduler's
 * clock: wall-clock in durable runs, so it survives a restart).
 */
import type { SleepNode } from '../../graph/nodes/sleep-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import { isWaiting, raise, resumeDone, suspend } from '../interpreter/moves.js';
import { callUser, THREW } from '../interpreter/user-code.js';
import { setTimer } from '../timers.js';
import { describe } from '../../errors/describe.js';

/** When the sleep ends, on the run's scheduler clock. */
export interface SleepState {
  readonly wakeAt: number;
}

/** Epoch milliseconds from here on are points in time; smaller numbers are delays. */
const EPOCH_FLOOR = 1e12;

/** The wake time for what `until(input)` gave: a Date, epoch ms, or a delay. */
function wakeTimeOf(value: unknown, now: number, wallNow: number): number | undefined {
  if (value instanceof Date) return now + (value.getTime() - wallNow);
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) return undefined;
  return value >= EPOCH_FLOOR && value !== Infinity ? now + (value - wallNow) : now + value;
}

/** Sleeps until `wakeAt` (also how a restored sleep goes on). */
export function sleepUntil(f: Frame<SleepState>, wakeAt: number): void {
  f.data = { wakeAt };
  const run = f.thread.run;
  suspend(f);
  f.timer = setTimer(run.scheduler, () => {
    f.timer = null;
    if (isWaiting(f)) resumeDone(f, f.args);
  }, Math.max(0, wakeAt - run.scheduler.now()));
}

export const sleepBehaviour: Behaviour<SleepNode, SleepState> = {
  enter(f, node) {
    const now = f.thread.run.scheduler.now();
    if (node.until === undefined) return sleepUntil(f, now + node.ms!);
    const until = callUser(f, node.until, f.args[0]);
    if (until === THREW) return;
    const wakeAt = wakeTimeOf(until, now, Date.now());
    if (wakeAt === undefined) return raise(f, flowFailure(Errors.InternalError, `sleep: until() must give a Date, epoch ms or a delay in ms, got ${describe(until)}`));
    sleepUntil(f, wakeAt);
  },
};
