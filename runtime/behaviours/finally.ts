/**
 * `finally`: a handler run exactly once after its body succeeded, failed or
 * was cancelled (it may be async); the outcome passes on, unless the
 * handler throws (then its error replaces a success or an error; a cancel
 * stays a cancel). The frame keeps whether the handler ran, and the outcome
 * that goes on after it.
 */
import type { FinallyNode } from '../../graph/nodes/finally-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { propagate, pushChild } from '../interpreter/moves.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { misuse } from '../step-api/checks.js';
import { realNow, reportIfSlow } from '../debug.js';
import { cleanupOnCancel, cleanupThen, type Continuation } from './cleanup.js';

/** `false` while the body runs; then how the frame goes on after the handler (`true`: it ran on a cancel). */
export type FinallyState = false | true | Continuation;

/** What the handler is told about the outcome `next`. */
export function finallyOutcome(next: Continuation): unknown {
  if (next.ok) return { status: 'success', value: next.args[0] };
  return next.error instanceof FlowError ? { status: 'error', error: next.error } : { status: 'success', value: undefined };
}

/** Runs the handler for the outcome `next`, then goes on with it (also how a restored frame resumes mid-handler). */
export function runFinally(f: Frame<FinallyState>, node: FinallyNode, next: Continuation): void {
  f.data = next;
  cleanupThen(f, () => callFinally(f, node, next), next);
}

/**
 * Calls the handler with the frame as its `as`, which takes `error`,
 * `errorNoThrow`, `break` and `continue` as a step's does: what they raise
 * replaces the outcome, like a throw. A finally runs no steps, and its
 * `success` changes nothing: the outcome passes on.
 */
function callFinally(f: Frame<FinallyState>, node: FinallyNode, next: Continuation): unknown {
  f.phase = Phase.Handler;
  const debug = f.thread.run.debug;
  const started = debug === null ? 0 : realNow();
  let r: unknown;
  try {
    r = node.handler(f, finallyOutcome(next) as never);
  } finally {
    f.phase = Phase.Idle;
    if (debug !== null) reportIfSlow(f, debug, started);
  }
  const outcome = f.outcome;
  f.outcome = null;
  if (f.queue !== null) {
    f.queue = null;
    throw misuse('a finally handler added steps (as.add, as.run, …): a finally runs none; put them in a step');
  }
  if (outcome !== null && !Array.isArray(outcome)) throw outcome;
  return r;
}

export const finallyBehaviour: Behaviour<FinallyNode, FinallyState> = {
  enter(f, node) {
    f.data = false;
    pushChild(f, node.body, f.args);
  },
  childDone(f, node, args) {
    runFinally(f, node, { ok: true, args });
  },
  unwind(f, node, error) {
    if (f.data !== false) return propagate(f, error);
    runFinally(f, node, { ok: false, error });
  },
  cancel(f, node) {
    if (f.data !== false) return;
    f.data = true;
    cleanupOnCancel(f, () => node.handler(f, { status: 'cancelled' }));
  },
};
