/**
 * `with(variable, value, body)`: a context variable set for the body. The
 * frame keeps the value; lookups walk the frames up to the nearest scope,
 * so sub-steps and branches see what was current when they were started.
 */
import type { ContextNode } from '../../graph/nodes/context-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { pushChild } from '../interpreter/moves.js';
import { callUser, THREW } from '../interpreter/user-code.js';

/** The variable's value in this scope. */
export interface ContextScope {
  readonly value: unknown;
}

const fixed = (node: ContextNode): unknown => node.value;

export const contextBehaviour: Behaviour<ContextNode, ContextScope> = {
  enter(f, node) {
    f.thread.run.contextual = true;
    const value = node.compute === undefined ? fixed(node) : callUser(f, node.compute, f.args[0]);
    if (value === THREW) return;
    f.data = { value };
    pushChild(f, node.body, f.args);
  },
};
