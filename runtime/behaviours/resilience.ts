/** Retries with backoff, and resource scopes. */
import type { Backoff, RetryNode } from '../../graph/nodes/retry-node.js';
import type { UsingNode } from '../../graph/nodes/using-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, FlowError } from '../errors.js';
import { isWaiting, propagate, pushChild, raise, resumeEnter, resumePropagate, suspend } from '../interpreter/moves.js';
import { isThenable, thrownUnwind } from './call-handler.js';
import { cleanupOnCancel, cleanupThen } from './cleanup.js';
import { setTimer } from '../timers.js';

/** The wait before try `attempt + 1` (DESIGN: min(maxMs, initialMs * factor^(attempt-1)), then jitter). */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const d = Math.min(backoff.maxMs, backoff.initialMs * Math.pow(backoff.factor, attempt - 1));
  if (backoff.jitter === 'none' || d === Infinity) return d;
  if (backoff.jitter === 'equal') return d / 2 + random() * (d / 2);
  return random() * d;
}

/** Does the policy retry `error`? A `retryOn` predicate that throws gives the error to fail with instead. */
function retryable(node: RetryNode, error: FlowError): boolean | FlowError {
  if (error.code === Errors.Cancelled) return false;
  const on = node.retryOn;
  if (on === undefined) return true;
  if (typeof on !== 'function') return on.includes(error.code);
  try {
    return Boolean(on(error));
  } catch (e) {
    return new FlowError(Errors.InternalError, `retry: the retryOn predicate threw while deciding on ${error.code}`, { cause: e, data: error });
  }
}

export const retryBehaviour: Behaviour<RetryNode> = {
  enter(f, node) {
    f.data = 1;
    pushChild(f, node.body, f.args);
  },
  unwind(f, node, error) {
    const attempt = f.data as number;
    if (!(error instanceof FlowError) || attempt >= node.attempts) return propagate(f, error);
    const retry = retryable(node, error);
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

interface Held {
  value: unknown;
  released: boolean;
}

export const usingBehaviour: Behaviour<UsingNode> = {
  enter(f, node) {
    let r: unknown;
    try {
      r = node.resource.acquire(f.args[0]);
    } catch (e) {
      raise(f, thrownUnwind(f, e));
      return;
    }
    if (!isThenable(r)) {
      f.data = { value: r, released: false } satisfies Held;
      pushChild(f, node.body, f.args);
      return;
    }
    suspend(f);
    r.then(
      (value) => {
        if (!isWaiting(f)) {
          // Cancelled while acquiring: release what arrived late.
          cleanupOnCancel(f, () => node.resource.release(value, { status: 'cancelled' }));
          return;
        }
        f.data = { value, released: false } satisfies Held;
        resumeEnter(f, node.body, f.args);
      },
      (e: unknown) => {
        if (isWaiting(f)) resumePropagate(f, thrownUnwind(f, e));
      },
    );
  },
  childDone(f, node, args) {
    const held = f.data as Held;
    held.released = true;
    cleanupThen(f, () => node.resource.release(held.value, { status: 'success', value: args[0] }), { ok: true, args });
  },
  unwind(f, node, error) {
    const held = f.data as Held | undefined;
    if (held === undefined || held.released) return propagate(f, error);
    held.released = true;
    const outcome = error instanceof FlowError ? { status: 'error', error } : { status: 'success', value: undefined };
    cleanupThen(f, () => node.resource.release(held.value, outcome), { ok: false, error });
  },
  cancel(f, node) {
    const held = f.data as Held | undefined;
    if (held === undefined || held.released) return;
    held.released = true;
    cleanupOnCancel(f, () => node.resource.release(held.value, { status: 'cancelled' }));
  },
};
