/**
 * What a durable run did since its last checkpoint: the steps whose
 * completion a checkpoint stores, and whether a run now waiting in memory
 * has progress worth storing before it waits — synchronous steps that
 * completed (a crash in the wait would run them again), or a wait for a
 * wall-clock time that started (a sleep, a wait's timeout, a retry's
 * backoff: a crash would start it over).
 */
import type { BranchJoin } from '../behaviours/branch-join.js';
import type { SleepState } from '../behaviours/sleep.js';
import type { WaitState } from '../behaviours/wait.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import type { Run } from '../interpreter/run.js';
import { Signal, type Thread } from '../interpreter/thread.js';
import { StepFrame } from '../step-api/step-frame.js';
import { dueOf } from './codecs.js';

/** A run that keeps the frames entered since its last checkpoint. */
export interface Progress {
  entered: Frame[];
}

/** The frames of a durable run: each one, as it is made, is noted as entered. */
export class DurableFrame extends StepFrame {
  constructor(node: GraphNode, parent: Frame | null, thread: Thread, args: readonly unknown[]) {
    super(node, parent, thread, args);
    (thread.run as unknown as Progress).entered.push(this);
  }
}

/** Calls `visit` for each live thread of the run: the root, and the running branches of its parallel blocks and maps. */
function eachThread(run: Run, visit: (t: Thread, top: Frame) => void): void {
  const walk = (t: Thread): void => {
    const top = t.top;
    if (top === null || t.ended) return;
    visit(t, top);
    if ((top.node.kind === 'parallel' || top.node.kind === 'map') && top.data !== undefined) (top.data as BranchJoin).progress().running.forEach(walk);
  };
  if (run.thread !== null) walk(run.thread);
}

/** The labels of the steps whose completion the threads are about to act on. */
export function completedSteps(run: Run): string[] {
  const steps: string[] = [];
  eachThread(run, (t, top) => {
    if (t.signal === Signal.Done && top.node.kind === 'step') steps.push(labelOf(top));
  });
  return steps;
}

/** The threads that wait for a wall-clock time, by their waiting frame, with that time. */
export function timedWaits(run: Run): Map<Frame, number> {
  const waits = new Map<Frame, number>();
  eachThread(run, (_t, top) => {
    if (top.phase !== Phase.Waiting) return;
    const kind = top.node.kind;
    const due = kind === 'sleep' ? (top.data as SleepState | undefined)?.wakeAt : kind === 'wait' ? (top.data as WaitState | undefined)?.deadline : kind === 'retry' ? dueOf(top.timer) : null;
    if (typeof due === 'number') waits.set(top, due);
  });
  return waits;
}

/** Has the run made progress that its last checkpoint (which saw `waits`) does not hold? */
export function unstored(run: Run & Progress, waits: ReadonlyMap<Frame, number>): boolean {
  if (run.entered.some((f) => f.phase === Phase.Done)) return true;
  for (const [f, due] of timedWaits(run)) if (waits.get(f) !== due) return true;
  return false;
}

/** The labels of the steps among `frames` (made since the last checkpoint) that completed: a checkpoint stores them. */
export function doneSteps(frames: readonly Frame[]): string[] {
  const steps: string[] = [];
  for (const f of frames) if (f.phase === Phase.Done && f.node.kind === 'step') steps.push(labelOf(f));
  return steps;
}
