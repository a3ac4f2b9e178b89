/**
 * The moves behaviours make: each helper leaves the frame's thread with the
 * signal the driver acts on next. The `resume*` helpers do the same from
 * outside the driver (callbacks, timers, promises) and queue the thread.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { cancelAbove, finishFrame, clearTimer } from './cancel.js';
import type { Unwind } from '../errors.js';
import { Phase, type Frame } from './frame.js';
import { endThread, schedule } from './driver.js';
import { Signal } from './thread.js';

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
  t.top = new t.run.frames(node, f, t, args);
  t.signal = Signal.Enter;
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
  // Also for a loop signal: the events tell a frame a loop's break / continue left from one it failed.
  if (t.run.events !== null) t.run.events(f, 'error', error);
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

// External events: set a signal on a waiting frame and schedule its thread.

/** A waiting frame completed with `args` while the driver turn that suspended it is still on the stack: the driver acts on it next. */
export function settleDone(f: Frame, args: readonly unknown[]): void {
  f.phase = Phase.Idle;
  clearTimer(f);
  f.onCancel = null;
  complete(f, args);
}

/** A waiting frame completed with `args` from outside the driver. */
export function resumeDone(f: Frame, args: readonly unknown[]): void {
  settleDone(f, args);
  schedule(f.thread);
}

/**
 * A waiting frame (or one of its ancestors' scope) fails while the driver
 * turn that suspended it is still on the stack. What runs above it is
 * cancelled first; when that started async cleanups (an async `finally`, a
 * resource's `release`), the error moves on once they settled.
 */
export function settleFail(f: Frame, error: Unwind): void {
  if (cancelAboveFor(f, error)) raise(f, error);
}

/** A waiting frame (or one of its ancestors' scope) fails from outside the driver (see {@link settleFail}). */
export function resumeFail(f: Frame, error: Unwind): void {
  if (!cancelAboveFor(f, error)) return;
  raise(f, error);
  schedule(f.thread);
}

/**
 * Cancels what runs above `f`, which fails with `error`: true when the error
 * can be raised now; false when it waits for the async cleanups the cancel
 * started, and is raised (and the thread scheduled) once they settled. Until
 * then the frame is neither waiting nor done, so its step API takes no
 * success or error, and a cancel of the run still finds it.
 */
function cancelAboveFor(f: Frame, error: Unwind): boolean {
  cancelAbove(f);
  const pending = f.thread.run.cleanupsInside(f);
  f.phase = Phase.Idle;
  if (pending === null) return true;
  const t = f.thread;
  t.signal = Signal.Wait;
  clearTimer(f);
  void pending.then(() => {
    if (t.ended || t.top !== f || f.phase !== Phase.Idle || t.signal !== Signal.Wait) return;
    raise(f, error);
    schedule(t);
  });
  return false;
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
