/**
 * What a durable run did since its last checkpoint: the steps whose
 * completion a checkpoint stores, and whether a run now waiting in memory
 * has progress worth storing before it waits.
 */
import type { BranchJoin } from '../behaviours/branch-join.js';
import type { WaitState } from '../behaviours/wait.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import type { Run } from '../interpreter/run.js';
import { Signal, type Thread } from '../interpreter/thread.js';

/** The labels of the steps whose completion the threads are about to act on. */
export function completedSteps(run: Run): string[] {
  const steps: string[] = [];
  const visit = (t: Thread): void => {
    const top = t.top;
    if (top === null) return;
    if (t.signal === Signal.Done && top.node.kind === 'step') steps.push(labelOf(top));
    if ((top.node.kind === 'parallel' || top.node.kind === 'map') && top.data !== undefined) (top.data as BranchJoin).progress().running.forEach(visit);
  };
  if (run.thread !== null) visit(run.thread);
  return steps;
}

/**
 * Does a frame entered since the last checkpoint make the run, now waiting
 * in memory, worth storing? When it completed (synchronous steps ran up to
 * this wait: a crash in the wait would run them again), or it waits for a
 * wall-clock time (a sleep, a wait's timeout, a retry's backoff: a crash
 * would start the wait over).
 */
export function unstored(f: Frame): boolean {
  if (f.phase === Phase.Done) return true;
  if (f.phase !== Phase.Waiting) return false;
  const kind = f.node.kind;
  return kind === 'sleep' || (kind === 'wait' && (f.data as WaitState | undefined)?.deadline != null) || (kind === 'retry' && f.timer !== null);
}
