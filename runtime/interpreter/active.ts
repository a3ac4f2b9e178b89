/**
 * The frame whose handler is on the JS stack right now (any run). Context
 * variables read it synchronously; FTN12 async_stack reads it too.
 */
import { asyncContext } from '../async-context.js';
import type { Frame } from './frame.js';

export const active: { frame: Frame | null } = { frame: null };

/**
 * Calls user code `fn(arg)` as frame `f`: `f` is the current frame while it
 * runs (what `contextVar.get()` reads synchronously) and, once the run has
 * entered a context scope, also the async-context store, so what the code
 * schedules sees the same values. Every callback the interpreter calls for
 * a frame goes through here — `select`, `choose`, counts, `sleep(fn)`,
 * `acquire`, `retryOn`, cancel handlers, cleanups, error handlers — and a
 * step handler does the same inline (`invokeStep`). A run that never
 * entered a scope pays two writes and no closure.
 */
export function inFrame<TArg, TResult>(f: Frame, fn: (arg: TArg) => TResult, arg: TArg): TResult {
  const prev = active.frame;
  active.frame = f;
  try {
    return f.thread.run.contextual && asyncContext !== null ? asyncContext.run(f, fn, arg) : fn(arg);
  } finally {
    active.frame = prev;
  }
}
