/**
 * Parking: a durable run whose every thread waits for time or a signal —
 * a sleep, a `waitFor`, a retry's backoff — and that holds no resource can
 * leave memory. Its cursor says how each wait goes on, and the store wakes
 * it at the earliest wake time (a sleep, a backoff, a wait's or a timeout's
 * deadline) or when a signal it waits for arrives. Dropping a run forgets
 * it without running any handler: the next process to claim it carries on.
 */
import { Phase, type Frame } from '../interpreter/frame.js';
import type { Run } from '../interpreter/run.js';
import type { Thread } from '../interpreter/thread.js';
import type { BranchJoin } from '../behaviours/branch-join.js';
import type { Held } from '../behaviours/using.js';
import type { SleepState } from '../behaviours/sleep.js';
import type { WaitState } from '../behaviours/wait.js';
import { clearTimer } from '../interpreter/cancel.js';
import { markLeft } from '../interpreter/left-runs.js';
import { abortFrame } from '../interpreter/abort.js';
import { dueOf } from './codecs.js';
import type { UsingNode } from '../../graph/nodes/using-node.js';
import { reportStray } from '../errors.js';
import { isThenable } from '../interpreter/user-code.js';

/** When a parked run is due, and the signals it waits for. */
export interface ParkedWait {
  readonly wakeAt: number | null;
  readonly signals: readonly string[];
  /** The earliest wake time of the branches that wait for time only (a sleep, a backoff), not for a signal. */
  readonly timeOnlyAt?: number | null;
}

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** The wait of a run that could park now, or null when something in it is busy (or holds a resource). */
export function parkableWait(run: Run): ParkedWait | null {
  let wakeAt: number | null = null;
  let timeOnlyAt: number | null = null;
  const signals: string[] = [];
  const visit = (t: Thread): boolean => {
    const top = t.top;
    if (top === null || top.phase !== Phase.Waiting) return false;
    for (let g: Frame | null = top; g !== null && g !== t.base!.parent; g = g.parent) {
      const kind = g.node.kind;
      if (kind === 'using' && (g.data as Held | undefined)?.released === false) return false;
      if (kind === 'timeout') wakeAt = earliest(wakeAt, dueOf(g.timer));
    }
    switch (top.node.kind) {
      case 'sleep':
        wakeAt = earliest(wakeAt, (top.data as SleepState).wakeAt);
        timeOnlyAt = earliest(timeOnlyAt, (top.data as SleepState).wakeAt);
        return true;
      case 'retry':
        wakeAt = earliest(wakeAt, dueOf(top.timer));
        timeOnlyAt = earliest(timeOnlyAt, dueOf(top.timer));
        return true;
      case 'wait': {
        const w = top.data as WaitState;
        signals.push(w.signal);
        wakeAt = earliest(wakeAt, w.deadline);
        return true;
      }
      case 'parallel':
      case 'map': {
        const join = top.data as BranchJoin | undefined;
        // A map waiting on an async iterator's next() is busy, not parked.
        if (join === undefined || join.source?.async === true) return false;
        return join.progress().running.every(visit);
      }
      default:
        return false;
    }
  };
  const root = run.thread;
  if (root === null || !visit(root)) return null;
  return { wakeAt, signals, timeOnlyAt };
}

/**
 * Forgets a run's threads: timers cleared, frames out of service, no step,
 * cancel or finally handler called; resources held by `using` frames are
 * released (with a cancelled outcome: the run left this process, and a
 * resume acquires them again). With a `reason`, the signals of steps still
 * running are aborted with it (their process no longer owns the run).
 */
export function dropRun(run: Run, reason?: unknown): void {
  const drop = (t: Thread): void => {
    if (t.ended) return;
    const joins: BranchJoin[] = [];
    for (let g: Frame | null = t.top; g !== null && g !== t.base!.parent; g = g.parent) {
      if ((g.node.kind === 'parallel' || g.node.kind === 'map') && g.data !== undefined) joins.push(g.data as BranchJoin);
      clearTimer(g);
      if (g.node.kind === 'using') releaseHeld(g as Frame<Held>, g.node);
      if (reason !== undefined) abortFrame(g, reason);
      g.onCancel = null;
      g.phase = Phase.Done;
    }
    t.ended = true;
    t.top = null;
    for (const j of joins) j.progress().running.forEach(drop);
  };
  const root = run.thread;
  run.thread = null;
  if (reason !== undefined) markLeft(run);
  if (root !== null) drop(root);
}

/** Releases what a `using` frame holds, once; a failing release is reported, never thrown. */
function releaseHeld(f: Frame<Held>, node: UsingNode): void {
  const held = f.data;
  if (held === undefined || held.released) return;
  held.released = true;
  try {
    const p = node.resource.release(held.value, { status: 'cancelled' });
    if (isThenable(p)) p.then(undefined, (e: unknown) => reportStray(e, 'a resource release'));
  } catch (e) {
    reportStray(e, 'a resource release');
  }
}
