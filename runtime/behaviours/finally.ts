/**
 * `finally`: a handler run exactly once after its body succeeded, failed or
 * was cancelled (it may be async); the outcome passes on, unless the
 * handler throws (then its error replaces a success or an error; a cancel
 * stays a cancel). The frame keeps whether the handler ran.
 */
import type { FinallyNode } from '../../graph/nodes/finally-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { propagate, pushChild } from '../interpreter/moves.js';
import { cleanupOnCancel, cleanupThen } from './cleanup.js';

/** Has the handler run? */
type Ran = boolean;

export const finallyBehaviour: Behaviour<FinallyNode, Ran> = {
  enter(f, node) {
    f.data = false;
    pushChild(f, node.body, f.args);
  },
  childDone(f, node, args) {
    f.data = true;
    cleanupThen(f, () => node.handler(f, { status: 'success', value: args[0] }), { ok: true, args });
  },
  unwind(f, node, error) {
    if (f.data === true) return propagate(f, error);
    f.data = true;
    const outcome = error instanceof FlowError ? { status: 'error', error } : { status: 'success', value: undefined };
    cleanupThen(f, () => node.handler(f, outcome), { ok: false, error });
  },
  cancel(f, node) {
    if (f.data === true) return;
    f.data = true;
    cleanupOnCancel(f, () => node.handler(f, { status: 'cancelled' }));
  },
};
