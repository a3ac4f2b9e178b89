import { freezeNode } from './freeze.js';

/**
 * Waits for a signal named `signal` sent to the run (durable runs:
 * `engine.signal(id, name, value)`); its output is the signal's value. A
 * signal sent before the run gets here is buffered. With `timeout`, no
 * signal in time fails with `Timeout`.
 * @example
 * ```ts
 * if (node.kind === 'wait') console.log('waits for', node.signal);
 * ```
 * @public
 */
export interface WaitNode {
  readonly kind: 'wait';
  readonly signal: string;
  /** How long to wait, in ms (undefined: no limit). */
  readonly timeout: number | undefined;
}

/** Creates a frozen {@link WaitNode}. */
export function waitNode(signal: string, timeout: number | undefined): WaitNode {
  return freezeNode({ kind: 'wait', signal, timeout });
}
