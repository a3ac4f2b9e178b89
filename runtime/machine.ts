/**
 * The driver: runs threads as explicit state machines. Each loop turn looks
 * at a thread's signal and its top frame and calls the node kind's
 * behaviour; behaviours set the next signal. Nothing recurses on the JS
 * stack per step, per iteration or per nesting level, synchronous steps run
 * back to back, and a burst budget yields to the event loop now and then.
 */
import type { GraphNode } from '../graph/node.js';
import type { Behaviour } from './behaviour.js';
import { behaviours } from './behaviours/index.js';
import { cancelledError, FlowError, LoopSignal, reportStray, type Unwind } from './errors.js';
import { EMPTY, Phase, type Frame } from './frame.js';
import { ReadyQueue } from './ready-queue.js';
import { StepApi } from './step-api.js';
import { Signal, Thread, type ThreadOwner } from './thread.js';

/** Steps entered per burst before yielding to the event loop. */
const BURST = 4096;

const ready = new ReadyQueue<Thread>();
let pumping = false;
let pumpQueued = false;

/**
 * The behaviour of a node's kind. A switch on the interned kind strings with
 * static property reads is much cheaper on the hot path than a keyed lookup;
 * the table stays the single, exhaustively typed source of behaviours.
 */
function behaviourOf(node: GraphNode): Behaviour<GraphNode> {
  switch (node.kind) {
    case 'step':
      return behaviours.step as Behaviour<GraphNode>;
    case 'sequence':
      return behaviours.sequence as Behaviour<GraphNode>;
    case 'embed':
      return behaviours.embed as Behaviour<GraphNode>;
    case 'value':
      return behaviours.value as Behaviour<GraphNode>;
    case 'slot':
      return behaviours.slot as Behaviour<GraphNode>;
    case 'catch':
      return behaviours.catch as Behaviour<GraphNode>;
    case 'finally':
      return behaviours.finally as Behaviour<GraphNode>;
    case 'timeout':
      return behaviours.timeout as Behaviour<GraphNode>;
    case 'choose':
      return behaviours.choose as Behaviour<GraphNode>;
    case 'context':
      return behaviours.context as Behaviour<GraphNode>;
    case 'retry':
      return behaviours.retry as Behaviour<GraphNode>;
    case 'using':
      return behaviours.using as Behaviour<GraphNode>;
    case 'loop':
      return behaviours.loop as Behaviour<GraphNode>;
    case 'parallel':
      return behaviours.parallel as Behaviour<GraphNode>;
    case 'map':
      return behaviours.map as Behaviour<GraphNode>;
    case 'sync':
      return behaviours.sync as Behaviour<GraphNode>;
  }
}

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
  while (!t.ended) {
    const f = t.top!;
    switch (t.signal) {
      case Signal.Enter:
        if (--budget < 0) {
          schedule(t);
          return 0;
        }
        if (t.run.events !== null) t.run.events(f, 'start');
        behaviourOf(f.node).enter(f, f.node);
        break;
      case Signal.Next:
        nextChild(f, t.args);
        break;
      case Signal.Done:
        if (t.run.events !== null) t.run.events(f, 'success');
        finishFrame(f);
        if (f === t.base) {
          endThread(t);
          t.owner.threadDone(t, t.args);
          return budget;
        }
        t.top = f.parent;
        {
          const p = f.parent!;
          const b = behaviourOf(p.node);
          if (b.childDone) b.childDone(p, p.node, t.args);
          else nextChild(p, t.args);
        }
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
  if (error instanceof FlowError && error.steps.length === 0) error.steps = stepNames(f);
  if (f.abort !== null) safeCall(() => f.abort!.abort(error), f);
  clearTimer(f);
  const cancel = f.onCancel;
  if (cancel !== null) {
    f.onCancel = null;
    safeCall(cancel, f);
  }
  const b = behaviourOf(f.node);
  if (b.unwind) b.unwind(f, f.node, error);
  else propagate(f, error);
}

function endThread(t: Thread): void {
  t.ended = true;
  t.top = null;
}

// ---- helpers for behaviours: each leaves the thread with a signal --------

/** Runs the frame's next queued sub-step with `args`, or completes the frame with them. */
export function nextChild(f: Frame, args: readonly unknown[]): void {
  const q = f.queue;
  if (q !== null && f.qi < q.length) {
    pushChild(f, q[f.qi++]!, args);
  } else {
    f.queue = null;
    complete(f, args);
  }
}

/** Starts running the frame's sub-steps, the first getting `args`. */
export function proceed(f: Frame, args: readonly unknown[]): void {
  f.phase = Phase.Idle;
  const t = f.thread;
  t.args = args;
  t.signal = Signal.Next;
}

/** Enters `node` as a new child frame of `f` with input `args`. */
export function pushChild(f: Frame, node: GraphNode, args: readonly unknown[]): void {
  const t = f.thread;
  t.top = new StepApi(node, f, t, args);
  t.signal = Signal.Enter;
}

/** Starts `node` as a new thread (a parallel branch) whose base frame hangs below `f`. */
export function startBranch(f: Frame, node: GraphNode, args: readonly unknown[], owner: ThreadOwner, index: number): Thread {
  const t = new Thread(f.thread.run, owner);
  t.index = index;
  t.cvars = f.thread.cvars;
  const base = new StepApi(node, f, t, args);
  t.base = base;
  t.top = base;
  schedule(t);
  return t;
}

/** The frame completed with `args`. */
export function complete(f: Frame, args: readonly unknown[]): void {
  const t = f.thread;
  t.args = args;
  t.signal = Signal.Done;
}

/** `error` starts unwinding at the frame (its handlers apply). */
export function raise(f: Frame, error: Unwind): void {
  const t = f.thread;
  t.error = error;
  t.signal = Signal.Fail;
}

/** The frame is done; `error` unwinds on from its parent. */
export function propagate(f: Frame, error: Unwind): void {
  const t = f.thread;
  if (t.run.events !== null && error instanceof FlowError) t.run.events(f, 'error', error);
  finishFrame(f);
  if (f === t.base) {
    endThread(t);
    t.owner.threadFailed(t, error);
    return;
  }
  t.top = f.parent;
  t.error = error;
  t.signal = Signal.Fail;
}

/** The frame waits for an external event. */
export function suspend(f: Frame): void {
  f.phase = Phase.Waiting;
  f.thread.signal = Signal.Wait;
}

/** Is the frame still the live top of a live thread, waiting for an event? */
export function isWaiting(f: Frame): boolean {
  return f.phase === Phase.Waiting && f.thread.top === f && !f.thread.ended;
}

// ---- external events: set a signal on a waiting frame and schedule -------

/** A waiting frame completed with `args` from outside the driver. */
export function resumeDone(f: Frame, args: readonly unknown[]): void {
  f.phase = Phase.Idle;
  clearTimer(f);
  f.onCancel = null;
  complete(f, args);
  schedule(f.thread);
}

/** A waiting frame (or one of its ancestors' scope) fails from outside the driver. */
export function resumeFail(f: Frame, error: Unwind): void {
  cancelAbove(f);
  f.phase = Phase.Idle;
  raise(f, error);
  schedule(f.thread);
}

/** A waiting frame continues with its queued sub-steps, the first getting `args`. */
export function resumeNext(f: Frame, args: readonly unknown[]): void {
  proceed(f, args);
  schedule(f.thread);
}

/** A waiting frame enters `node` as its child. */
export function resumeEnter(f: Frame, node: GraphNode, args: readonly unknown[]): void {
  f.phase = Phase.Idle;
  pushChild(f, node, args);
  schedule(f.thread);
}

/** A waiting frame propagates `error` to its parent from outside the driver. */
export function resumePropagate(f: Frame, error: Unwind): void {
  propagate(f, error);
  if (!f.thread.ended) schedule(f.thread);
}

// ---- cancellation ---------------------------------------------------------

/** Marks a frame finished: its step API goes out of service. */
export function finishFrame(f: Frame): void {
  f.phase = Phase.Done;
  clearTimer(f);
  f.onCancel = null;
}

function clearTimer(f: Frame): void {
  if (f.timer !== null) {
    f.thread.run.scheduler.clearTimer(f.timer);
    f.timer = null;
  }
}

/** Cancels one frame: its behaviour's cleanup, its timer, its cancel handler. */
function cancelFrame(f: Frame): void {
  if (f.phase === Phase.Done) return;
  const b = behaviourOf(f.node);
  if (b.cancel) {
    try {
      b.cancel(f, f.node);
    } catch (e) {
      reportStray(e);
    }
  }
  clearTimer(f);
  const cancel = f.onCancel;
  f.onCancel = null;
  f.phase = Phase.Done;
  if (f.thread.run.events !== null) f.thread.run.events(f, 'cancel');
  if (f.abort !== null) safeCall(() => f.abort!.abort(cancelledError()), f);
  if (cancel !== null) safeCall(cancel, f);
}

/** Cancels every frame above `f` in its thread, innermost first; `f` becomes the top. */
export function cancelAbove(f: Frame): void {
  const t = f.thread;
  for (let g = t.top; g !== null && g !== f; g = g.parent) cancelFrame(g);
  t.top = f;
}

/** Cancels a whole thread, innermost first. Its owner is not told. */
export function cancelThread(t: Thread): void {
  if (t.ended) return;
  t.ended = true;
  const stop = t.base === null ? null : t.base.parent;
  for (let g = t.top; g !== null && g !== stop; g = g.parent) cancelFrame(g);
  t.top = null;
}

/** Calls a cleanup callback; an exception is reported, never rethrown. */
export function safeCall(fn: (as: any) => void, f: Frame): void {
  try {
    fn(f);
  } catch (e) {
    reportStray(e);
  }
}

/** Names of the named steps and flows from the outermost down to `f`. */
export function stepNames(f: Frame | null): string[] {
  const names: string[] = [];
  for (let g = f; g !== null; g = g.parent) {
    const n = g.node;
    if ((n.kind === 'step' || n.kind === 'embed') && n.name !== undefined) names.push(n.name);
  }
  return names.reverse();
}

export { EMPTY, LoopSignal };
