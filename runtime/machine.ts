/**
 * The driver: runs threads as explicit state machines. Each loop turn looks
 * at a thread's signal and its top frame and calls the node kind's
 * behaviour; behaviours set the next signal. Nothing recurses on the JS
 * stack per step, per iteration or per nesting level, synchronous steps run
 * back to back, and a burst budget yields to the event loop now and then.
 */
import { finishFrame, releaseFrame } from './cancel.js';
import { behaviourOf, childDone, enterNode } from './dispatch.js';
import { FlowError, type Unwind } from './errors.js';
import { NO_STEPS } from '../graph/flow-error.js';
import { stepNames, type Frame } from './frame.js';
import { ReadyQueue } from './ready-queue.js';
import { nextChild, propagate } from './signals.js';
import { Signal, type Thread } from './thread.js';

/** Steps entered per burst before yielding to the event loop. */
const BURST = 4096;

const ready = new ReadyQueue<Thread>();
let pumping = false;
let pumpQueued = false;

/** Queues a thread to be driven on a later turn (or later in this pump). */
export function schedule(thread: Thread): void {
  if (thread.queued || thread.ended) return;
  thread.queued = true;
  ready.push(thread);
  if (!pumping && !pumpQueued) {
    pumpQueued = true;
    queueMicrotask(pumpTask);
  }
}

function pumpTask(): void {
  pumpQueued = false;
  pump();
}

function pump(): void {
  if (pumping) return;
  pumping = true;
  let budget = BURST;
  try {
    while (ready.length > 0) {
      if (budget <= 0) {
        pumpQueued = true;
        ready.peek()!.run.scheduler.yieldTurn(pumpTask);
        return;
      }
      const thread = ready.shift()!;
      thread.queued = false;
      budget = drive(thread, budget);
    }
  } finally {
    pumping = false;
  }
}

/** Drives a thread right now (FTN12: the first step runs inside execute()). */
export function runNow(thread: Thread): void {
  const outer = pumping;
  pumping = true;
  try {
    drive(thread, BURST);
  } finally {
    pumping = outer;
  }
  if (!outer) pump();
}

/** Runs the thread until it waits, ends, or the budget is spent. Returns the budget left. */
function drive(t: Thread, budget: number): number {
  const events = t.run.events;
  while (!t.ended) {
    const f = t.top!;
    switch (t.signal) {
      case Signal.Enter:
        if (--budget < 0) {
          schedule(t);
          return 0;
        }
        if (events !== null) events(f, 'start');
        enterNode(f);
        break;
      case Signal.Next:
        nextChild(f, t.args);
        break;
      case Signal.Done:
        if (events !== null) events(f, 'success');
        finishFrame(f);
        if (f === t.base) {
          endThread(t);
          t.owner.threadDone(t, t.args);
          return budget;
        }
        t.top = f.parent;
        childDone(f.parent!, t.args);
        break;
      case Signal.Fail:
        failAt(f, t.error!);
        break;
      default:
        return budget;
    }
  }
  return budget;
}

function failAt(f: Frame, error: Unwind): void {
  // Once per error, where it starts unwinding (an error without named steps gets a new [] and is not re-walked).
  if (error instanceof FlowError && error.steps === NO_STEPS) error.steps = stepNames(f);
  releaseFrame(f, error);
  const b = behaviourOf(f.node);
  if (b.unwind) b.unwind(f, f.node, error);
  else propagate(f, error);
}

/** Marks a thread ended (it has no top frame any more). */
export function endThread(t: Thread): void {
  t.ended = true;
  t.top = null;
}
