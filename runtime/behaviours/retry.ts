/**
 * `retry`: runs its body again when it fails with an error the policy
 * retries, after a backoff wait on the frame's timer. The frame keeps the
 * number of the try in progress.
 */
import type { Backoff, RetryNode } from '../../graph/nodes/retry-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, FlowError, flowFailure } from '../errors.js';
import { isWaiting, propagate, pushChild, resumeEnter, suspend } from '../interpreter/moves.js';
import { setTimer } from '../timers.js';
import { inFrame } from '../interpreter/active.js';
import type { Frame } from '../interpreter/frame.js';

/** The wait before try `attempt + 1` (DESIGN: min(maxMs, initialMs * factor^(attempt-1)), then jitter). */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const d = Math.min(backoff.maxMs, backoff.initialMs * Math.pow(backoff.factor, attempt - 1));
  if (backoff.jitter === 'none' || d === Infinity) return d;
  if (backoff.jitter === 'equal') return d / 2 + random() * (d / 2);
  return random() * d;
}

/** Does the policy retry `error`? A `retryOn` predicate that throws gives the error to fail with instead. */
function retryable(f: Frame, node: RetryNode, error: FlowError): boolean | FlowError {
  if (error.code === Errors.Cancelled) return false;
  const on = node.retryOn;
  if (on === undefined) return true;
  if (typeof on !== 'function') return on.includes(error.code);
  try {
    return Boolean(inFrame(f, on, error));
  } catch (e) {
    return flowFailure(Errors.InternalError, `retry: the retryOn predicate threw while deciding on ${error.code}`, { cause: e, data: error });
  }
}

/** The try in progress, 1 for the first. */
type Attempt = number;

export const retryBehaviour: Behaviour<RetryNode, Attempt> = {
  enter(f, node) {
    f.data = 1;
    pushChild(f, node.body, f.args);
  },
  unwind(f, node, error) {
    const attempt = f.data!;
    if (!(error instanceof FlowError) || attempt >= node.attempts) return propagate(f, error);
    const retry = retryable(f, node, error);
    if (retry !== true) return propagate(f, retry === false ? error : retry);
    f.data = attempt + 1;
    f.thread.run.events?.(f, 'retry', error);
    const delay = backoffDelay(node.backoff, attempt);
    if (delay <= 0) return pushChild(f, node.body, f.args);
    suspend(f);
    f.timer = setTimer(f.thread.run.scheduler, () => {
      f.timer = null;
      if (isWaiting(f)) resumeEnter(f, node.body, f.args);
    }, delay);
  },
};

