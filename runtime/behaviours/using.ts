/**
 * `using`: acquires a resource before the body (read it with `as.get`) and
 * releases it exactly once, on success, error and cancel, before the
 * scope's outcome moves on. A resource that arrives after the scope was
 * cancelled is released at once.
 */
import type { UsingNode } from '../../graph/nodes/using-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { isWaiting, propagate, pushChild, resumeEnter, resumePropagate, suspend } from '../interpreter/moves.js';
import { callUser, isThenable, THREW, thrownUnwind } from '../interpreter/user-code.js';
import { cleanupOnCancel, cleanupThen, type Continuation } from './cleanup.js';

/** An acquired resource, whether it was released, and how the frame goes on once it is. */
export interface Held {
  readonly value: unknown;
  released: boolean;
  next?: Continuation;
}

export const usingBehaviour: Behaviour<UsingNode, Held> = {
  enter(f, node) {
    const r = callUser(f, node.resource.acquire, f.args[0]);
    if (r === THREW) return;
    if (!isThenable(r)) {
      f.data = { value: r, released: false } satisfies Held;
      pushChild(f, node.body, f.args);
      return;
    }
    suspend(f);
    Promise.resolve(r).then(
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
    const held = f.data!;
    held.released = true;
    const next = (held.next = { ok: true, args });
    cleanupThen(f, () => node.resource.release(held.value, { status: 'success', value: args[0] }), next);
  },
  unwind(f, node, error) {
    const held = f.data;
    if (held === undefined || held.released) return propagate(f, error);
    held.released = true;
    const outcome = error instanceof FlowError ? { status: 'error', error } : { status: 'success', value: undefined };
    const next = (held.next = { ok: false, error });
    cleanupThen(f, () => node.resource.release(held.value, outcome), next);
  },
  cancel(f, node) {
    const held = f.data;
    if (held === undefined || held.released) return;
    held.released = true;
    cleanupOnCancel(f, () => node.resource.release(held.value, { status: 'cancelled' }));
  },
};
