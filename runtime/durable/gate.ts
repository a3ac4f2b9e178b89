/**
 * The scheduler of a durable run: wall-clock time (so wake times and
 * deadlines survive a restart), timers that know when they are due, and
 * every resume and yield held back until the run's checkpoint is
 * committed. So when an async step completes, nothing after it runs before
 * its completion is stored.
 */
import type { Scheduler } from '../scheduler.js';

/** A timer handle that knows its wall-clock due time. */
export class WallTimer {
  constructor(
    readonly due: number,
    readonly handle: ReturnType<typeof setTimeout>,
  ) {}
}

/** Who the gate asks before a held resume or yield goes on. */
export interface GateKeeper {
  /** `task` drains the run's ready threads; call it once the checkpoint is stored. `turn`: it is a yield to the event loop. */
  hold(task: () => void, turn: boolean): void;
}

/** A gated scheduler for one durable run. */
export function gateScheduler(keeper: () => GateKeeper): Scheduler {
  return {
    now: () => Date.now(),
    setTimer: (fn, ms) => new WallTimer(Date.now() + ms, setTimeout(fn, ms)),
    clearTimer: (t) => {
      if (t instanceof WallTimer) clearTimeout(t.handle);
    },
    yieldTurn: (fn) => keeper().hold(fn, true),
    resume: (fn) => keeper().hold(fn, false),
  };
}
