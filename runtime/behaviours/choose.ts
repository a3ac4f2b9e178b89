/** `choose`: runs the case the selector names for the input, or `otherwise`. */
import type { ChooseNode } from '../../graph/nodes/choose-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import { pushChild, raise } from '../interpreter/moves.js';
import { callUser, THREW } from '../interpreter/user-code.js';
import { describe } from '../../errors/describe.js';

export const chooseBehaviour: Behaviour<ChooseNode> = {
  enter(f, node) {
    const key = callUser(f, node.selector, f.args[0]);
    if (key === THREW) return;
    const name = describe(key);
    const target = Object.prototype.hasOwnProperty.call(node.cases, name) ? node.cases[name] : node.otherwise;
    if (target === undefined) raise(f, flowFailure(Errors.InternalError, `choose: no case for key "${name}" and no otherwise`));
    else pushChild(f, target, f.args);
  },
};
