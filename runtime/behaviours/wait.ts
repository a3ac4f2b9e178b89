/**
 * `waitFor(name)`: waits for a signal sent to the run; its value is the
 * output. Signals come from the run's hooks (durable runs buffer them, so
 * one sent before the run gets here is not lost); a run without a signal
 * box fails here with a clear error. With a timeout, no signal in time
 * fails with `Timeout`.
 */
import type { WaitNode } from '../../graph/nodes/wait-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import { complete, isWaiting, propagate, raise, resumeFail, suspend } from '../interpreter/moves.js';
import { setTimer } from '../timers.js';

/** What the frame waits for, and until when (the scheduler's clock), if it has a timeout. */
export interface WaitState {
  readonly signal: string;
  readonly deadline: number | null;
}

/** Waits for the signal, or takes one already there (also how a restored wait goes on). */
export function awaitSignal(f: Frame<WaitState>, signal: string, deadline: number | null): void {
  const run = f.thread.run;
  const box = run.hooks.signals;
  if (box === undefined) return raise(f, flowFailure(Errors.InternalError, `waitFor("${signal}"): signals reach durable runs only (start it with stepflow/durable)`));
  const taken = box.take(signal);
  if (taken !== undefined) return complete(f, [taken.value]);
  f.data = { signal, deadline };
  suspend(f);
  box.wait(f, signal);
  if (deadline === null) return;
  f.timer = setTimer(run.scheduler, () => {
    f.timer = null;
    if (!isWaiting(f)) return;
    box.unwait(f);
    resumeFail(f, flowFailure(Errors.Timeout, `no signal "${signal}" in time`));
  }, Math.max(0, deadline - run.scheduler.now()));
}

export const waitBehaviour: Behaviour<WaitNode, WaitState> = {
  enter(f, node) {
    const deadline = node.timeout === undefined || node.timeout === Infinity ? null : f.thread.run.scheduler.now() + node.timeout;
    awaitSignal(f, node.signal, deadline);
  },
  cancel(f) {
    f.thread.run.hooks.signals?.unwait(f);
  },
  unwind(f, _node, error) {
    f.thread.run.hooks.signals?.unwait(f);
    propagate(f, error);
  },
};
