/** Wrappers around a body: catch, finally, timeout, choose and context scopes. */
import type { CatchNode } from '../../graph/nodes/catch-node.js';
import type { ChooseNode } from '../../graph/nodes/choose-node.js';
import type { ContextNode } from '../../graph/nodes/context-node.js';
import type { FinallyNode } from '../../graph/nodes/finally-node.js';
import type { TimeoutNode } from '../../graph/nodes/timeout-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, FlowError } from '../errors.js';
import { propagate, pushChild, raise } from '../interpreter/moves.js';
import { onStepTimeout } from '../step-api/step-timeout.js';
import { setTimer } from '../timers.js';
import { callErrorHandler, thrownUnwind } from './call-handler.js';
import { cleanupOnCancel, cleanupThen } from './cleanup.js';

export const catchBehaviour: Behaviour<CatchNode> = {
  enter(f, node) {
    f.onError = node.handler;
    pushChild(f, node.body, f.args);
  },
  unwind(f, node, error) {
    const handler = f.onError;
    if (handler === undefined || !(error instanceof FlowError) || (node.codes !== undefined && !node.codes.includes(error.code))) {
      propagate(f, error);
    } else {
      callErrorHandler(f, handler, error, node.style);
    }
  },
};

export const finallyBehaviour: Behaviour<FinallyNode> = {
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

export const timeoutBehaviour: Behaviour<TimeoutNode> = {
  enter(f, node) {
    f.timer = setTimer(f.thread.run.scheduler, () => onStepTimeout(f), node.ms);
    pushChild(f, node.body, f.args);
  },
};

export const chooseBehaviour: Behaviour<ChooseNode> = {
  enter(f, node) {
    let key: unknown;
    try {
      key = node.selector(f.args[0]);
    } catch (e) {
      raise(f, thrownUnwind(f, e));
      return;
    }
    const name = String(key);
    const target = Object.prototype.hasOwnProperty.call(node.cases, name) ? node.cases[name] : node.otherwise;
    if (target === undefined) raise(f, new FlowError(Errors.InternalError, `choose: no case for key "${name}" and no otherwise`));
    else pushChild(f, target, f.args);
  },
};

export const contextBehaviour: Behaviour<ContextNode> = {
  enter(f, node) {
    f.thread.run.contextual = true;
    try {
      f.data = { value: node.compute === undefined ? node.value : node.compute(f.args[0]) };
    } catch (e) {
      raise(f, thrownUnwind(f, e));
      return;
    }
    pushChild(f, node.body, f.args);
  },
};
