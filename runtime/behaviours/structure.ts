/** Structural nodes: sequences, embedded flows, fixed values and slots. */
import type { EmbedNode } from '../../graph/nodes/embed-node.js';
import type { SequenceNode } from '../../graph/nodes/sequence-node.js';
import type { SlotNode } from '../../graph/nodes/slot-node.js';
import type { ValueNode } from '../../graph/nodes/value-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import { complete, proceed, pushChild, raise } from '../interpreter/moves.js';

export const sequenceBehaviour: Behaviour<SequenceNode> = {
  enter(f, node) {
    f.queue = node.steps;
    proceed(f, f.args);
  },
};

export const embedBehaviour: Behaviour<EmbedNode> = {
  enter(f, node) {
    pushChild(f, node.body, f.args);
  },
};

export const valueBehaviour: Behaviour<ValueNode> = {
  enter(f, node) {
    complete(f, node.args);
  },
};

export const slotBehaviour: Behaviour<SlotNode> = {
  enter(f, node) {
    raise(f, flowFailure(Errors.InternalError, `template slot "${node.name}" was not filled`));
  },
};
