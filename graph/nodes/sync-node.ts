import { freezeNode } from './freeze.js';
import type { AnyHandler } from './handler.js';
import type { GraphNode } from './node.js';

/**
 * The synchronisation protocol of FTN12 §1.11.3: an object that adds the
 * given step to `as` under its own protection.
 * @example
 * ```ts
 * const guard: SyncPrimitive = new Mutex();
 * ```
 * @public
 */
export interface SyncPrimitive {
  sync(as: any, step: AnyHandler, onError?: AnyHandler): void;
}

/**
 * A body run in the critical section of a Mutex, Throttle, Limiter,
 * CircuitBreaker or any other {@link SyncPrimitive}.
 * @example
 * ```ts
 * if (node.kind === 'sync') console.log(node.primitive);
 * ```
 * @public
 */
export interface SyncNode {
  readonly kind: 'sync';
  readonly primitive: SyncPrimitive;
  readonly body: GraphNode;
}

/** Creates a frozen {@link SyncNode}. */
export function syncNode(primitive: SyncPrimitive, body: GraphNode): SyncNode {
  return freezeNode(runSyncNode(primitive, body));
}

/** Creates the sync node of an FTN12 `sync()` call while a flow runs: private to that run, not frozen (see `runStepNode`). */
export function runSyncNode(primitive: SyncPrimitive, body: GraphNode): SyncNode {
  return { kind: 'sync', primitive, body };
}
