import { freezeNode } from './freeze.js';

/**
 * A named hole in a template, to be filled with a flow before it runs.
 * @example
 * ```ts
 * if (node.kind === 'slot') console.log('open slot', node.name);
 * ```
 * @public
 */
export interface SlotNode {
  readonly kind: 'slot';
  readonly name: string;
}

/** Creates a frozen {@link SlotNode}. */
export function slotNode(name: string): SlotNode {
  return freezeNode({ kind: 'slot', name });
}
