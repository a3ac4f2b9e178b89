/** `choose`: runs the case the selector names for the input, or `otherwise`. */
import { OTHERWISE_TAKEN, type ChooseNode } from '../../graph/nodes/choose-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import { pushChild, raise } from '../interpreter/moves.js';
import { callUser, THREW } from '../interpreter/user-code.js';
import { describe } from '../../errors/describe.js';

/** The case taken (`otherwise` when none matched): one node may be the body of several cases, and ids tell them apart. */
export type ChooseState = string;

export const chooseBehaviour: Behaviour<ChooseNode, ChooseState> = {
  enter(f, node) {
    const key = callUser(f, node.selector, f.args[0]);
    if (key === THREW) return;
    const name = describe(key);
    const target = Object.prototype.hasOwnProperty.call(node.cases, name) ? node.cases[name] : node.otherwise;
    if (target === undefined) return raise(f, flowFailure(Errors.InternalError, `choose: no case for key "${name}" and no otherwise`));
    f.data = target === node.otherwise && !Object.prototype.hasOwnProperty.call(node.cases, name) ? OTHERWISE_TAKEN : name;
    pushChild(f, target, f.args);
  },
};
