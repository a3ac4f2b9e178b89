/**
 * Running cleanup handlers (`finally`, resource release) that may be async,
 * before a frame's outcome moves on.
 */
import type { Unwind } from '../errors.js';
import { reportStray, toFlowError } from '../errors.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { complete, propagate, resumeDone, resumePropagate } from '../interpreter/moves.js';
import { callThunk, callUser, inContext, isThenable, THREW, thrownUnwind, whenSettled } from '../interpreter/user-code.js';

/** How the frame goes on once its cleanup finished. */
export type Continuation = { readonly ok: true; readonly args: readonly unknown[] } | { readonly ok: false; readonly error: Unwind };

/**
 * Calls `cleanup`; then completes or fails the frame as `next` says. A
 * cleanup that throws (or rejects) fails the frame with that error instead.
 */
export function cleanupThen(f: Frame, cleanup: () => unknown, next: Continuation): void {
  const r = callUser(f, callThunk, cleanup, propagate);
  if (r === THREW) return;
  if (isThenable(r)) {
    // Tracked while it runs: a cancel of an enclosing scope waits for it before that scope's own cleanups.
    f.thread.run.track(Promise.resolve(r), f);
    whenSettled(
      f,
      r,
      (g) => {
        g.phase = Phase.Idle;
        if (next.ok) resumeDone(g, next.args);
        else resumePropagate(g, next.error);
      },
      (g, e) => {
        g.phase = Phase.Idle;
        resumePropagate(g, thrownUnwind(g, e));
      },
    );
    return;
  }
  if (next.ok) complete(f, next.args);
  else propagate(f, next.error);
}

/** Calls a cleanup while the frame is cancelled, once the async cleanups inside it settled; async work is tracked by the run. */
export function cleanupOnCancel(f: Frame, cleanup: () => unknown): void {
  const run = f.thread.run;
  const events = run.events;
  const since = events === null ? 0 : run.scheduler.now();
  const failed = (e: unknown): void => {
    // A cancel stays a cancel: the throw is reported as an error event, of a span of the cleanup's own below the frame's.
    if (events !== null) events(f, 'cleanupError', toFlowError(e, run.style), since);
    else reportStray(e);
  };
  // Async cleanups still running inside this scope (an inner resource's release) finish first: innermost first.
  const inner = run.cleanupsInside(f);
  if (inner !== null) {
    run.track(inner.then(() => inContext(f, cleanup)).then(undefined, failed), f);
    return;
  }
  try {
    const r = inContext(f, cleanup);
    if (isThenable(r)) run.track(Promise.resolve(r).then(undefined, failed), f);
  } catch (e) {
    failed(e);
  }
}
