/** Dispatch from a node to the behaviour of its kind. */
import type { GraphNode } from '../graph/node.js';
import type { Behaviour } from './behaviour.js';
import { behaviours } from './behaviours/index.js';

/**
 * The behaviour of a node's kind. A switch on the interned kind strings with
 * static property reads is much cheaper on the hot path than a keyed lookup;
 * the table stays the single, exhaustively typed source of behaviours.
 */
export function behaviourOf(node: GraphNode): Behaviour<GraphNode> {
  switch (node.kind) {
    case 'step':
      return behaviours.step as Behaviour<GraphNode>;
    case 'sequence':
      return behaviours.sequence as Behaviour<GraphNode>;
    case 'embed':
      return behaviours.embed as Behaviour<GraphNode>;
    case 'value':
      return behaviours.value as Behaviour<GraphNode>;
    case 'slot':
      return behaviours.slot as Behaviour<GraphNode>;
    case 'catch':
      return behaviours.catch as Behaviour<GraphNode>;
    case 'finally':
      return behaviours.finally as Behaviour<GraphNode>;
    case 'timeout':
      return behaviours.timeout as Behaviour<GraphNode>;
    case 'choose':
      return behaviours.choose as Behaviour<GraphNode>;
    case 'context':
      return behaviours.context as Behaviour<GraphNode>;
    case 'retry':
      return behaviours.retry as Behaviour<GraphNode>;
    case 'using':
      return behaviours.using as Behaviour<GraphNode>;
    case 'loop':
      return behaviours.loop as Behaviour<GraphNode>;
    case 'parallel':
      return behaviours.parallel as Behaviour<GraphNode>;
    case 'map':
      return behaviours.map as Behaviour<GraphNode>;
    case 'sync':
      return behaviours.sync as Behaviour<GraphNode>;
  }
}
