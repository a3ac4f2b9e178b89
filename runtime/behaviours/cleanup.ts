/**
 * Running cleanup handlers (`finally`, resource release) that may be async,
 * before a frame's outcome moves on.
 */
import type { Unwind } from '../errors.js';
import { reportStray } from '../errors.js';
import { Phase, type Frame } from '../frame.js';
import { complete, isWaiting, propagate, resumeDone, resumePropagate, suspend } from '../machine.js';
import { isThenable, thrownUnwind } from './call-handler.js';

/** How the frame goes on once its cleanup finished. */
export type Continuation = { readonly ok: true; readonly args: readonly unknown[] } | { readonly ok: false; readonly error: Unwind };

/**
 * Calls `cleanup`; then completes or fails the frame as `next` says. A
 * cleanup that throws (or rejects) fails the frame with that error instead.
 */
export function cleanupThen(f: Frame, cleanup: () => unknown, next: Continuation): void {
  let r: unknown;
  try {
    r = cleanup();
  } catch (e) {
    propagate(f, thrownUnwind(f, e));
    return;
  }
  if (isThenable(r)) {
    suspend(f);
    r.then(
      () => {
        if (!isWaiting(f)) return;
        f.phase = Phase.Idle;
        if (next.ok) resumeDone(f, next.args);
        else resumePropagate(f, next.error);
      },
      (e: unknown) => {
        if (!isWaiting(f)) return;
        f.phase = Phase.Idle;
        resumePropagate(f, thrownUnwind(f, e));
      },
    );
    return;
  }
  if (next.ok) complete(f, next.args);
  else propagate(f, next.error);
}

/** Calls a cleanup while the frame is cancelled; async work is tracked by the run. */
export function cleanupOnCancel(f: Frame, cleanup: () => unknown): void {
  try {
    const r = cleanup();
    if (isThenable(r)) {
      f.thread.run.track(
        Promise.resolve(r).then(undefined, (e: unknown) => {
          f.thread.run.noteCleanupError(e);
        }),
      );
    }
  } catch (e) {
    f.thread.run.noteCleanupError(e);
    reportStray(e);
  }
}
