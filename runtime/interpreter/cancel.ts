/**
 * Cancellation: frames are cancelled innermost first, each running its
 * behaviour's cleanup, clearing its timer, aborting its signal and calling
 * its cancel handler exactly once. A cleanup that throws is reported, never
 * rethrown.
 */
import { abortFrame } from './abort.js';
import { inFrame } from './active.js';
import { behaviourOf } from './dispatch.js';
import { cancelledError, reportStray } from '../errors.js';
import { Phase, type Frame } from './frame.js';
import type { Thread } from './thread.js';
import { clearTimer as clearSchedulerTimer } from '../timers.js';

/** Marks a frame finished: its step API goes out of service. */
export function finishFrame(f: Frame): void {
  f.phase = Phase.Done;
  clearTimer(f);
  f.onCancel = null;
}

export function clearTimer(f: Frame): void {
  if (f.timer !== null) {
    clearSchedulerTimer(f.thread.run.scheduler, f.timer);
    f.timer = null;
  }
}

/**
 * Releases what ties a frame to the outside when it is cancelled or an error
 * unwinds through it: its timer, its AbortSignal (aborted with `reason`, or
 * what `reason()` gives) and its cancel handler, which runs exactly once.
 */
export function releaseFrame(f: Frame, reason: unknown): void {
  clearTimer(f);
  abortFrame(f, reason);
  const cancel = f.onCancel;
  if (cancel !== null) {
    f.onCancel = null;
    safeCall(cancel, f);
  }
}

/** Cancels one frame: its behaviour's cleanup, then its timer, signal and cancel handler. */
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
  f.phase = Phase.Done;
  if (f.thread.run.events !== null) f.thread.run.events(f, 'cancel');
  releaseFrame(f, cancelledError);
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

/** The cancel handler now being called, and its frame (FTN12's `async_stack` ends with it). */
export const cancelling: { frame: Frame | null; handler: ((as: any) => void) | null } = { frame: null, handler: null };

/** Calls a cleanup callback as `f` (in its context); an exception is reported, never rethrown. */
export function safeCall(fn: (as: any) => void, f: Frame): void {
  const { frame, handler } = cancelling;
  cancelling.frame = f;
  cancelling.handler = fn;
  try {
    inFrame(f, fn, f);
  } catch (e) {
    reportStray(e);
  } finally {
    cancelling.frame = frame;
    cancelling.handler = handler;
  }
}
