/** Structural nodes: sequences, embedded flows, fixed values and slots. */
import type { EmbedNode } from '../../graph/nodes/embed-node.js';
import type { SequenceNode } from '../../graph/nodes/sequence-node.js';
import type { SlotNode } from '../../graph/nodes/slot-node.js';
import type { ValueNode } from '../../graph/nodes/value-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import { complete, proceed, pushChild, raise } from '../interpreter/moves.js';
import { parseInput } from '../input.js';

export const sequenceBehaviour: Behaviour<SequenceNode> = {
  enter(f, node) {
    f.queue = node.steps;
    proceed(f, f.args);
  },
};

export const embedBehaviour: Behaviour<EmbedNode> = {
  enter(f, node) {
    if (node.input === undefined) return pushChild(f, node.body, f.args);
    // An embedded flow(schema): its input is validated (and transformed) as a run's is.
    const parsed = parseInput(node.input, f.args[0]);
    if (parsed.ok) pushChild(f, node.body, [parsed.value]);
    else raise(f, parsed.error);
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
