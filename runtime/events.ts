/**
 * Run events: start / success / error / cancel / retry per graph node, with
 * a stable node id (its position in the graph), the names of the enclosing
 * named steps and flows, and scheduler time.
 */
import { nodeIds } from '../graph/node-ids.js';
import type { GraphNode } from '../graph/node.js';
import type { FlowFailure } from '../typings/errors.js';
import { FlowError, reportStray } from './errors.js';
import type { Frame } from './frame.js';
import type { Run } from './thread.js';

/**
 * One run event, passed to the `onEvent` option of `run()` when a step
 * starts, succeeds, fails, is cancelled or retried.
 * @example
 * ```ts
 * run(checkout, order, { onEvent: (e: FlowEvent) => log.info(e.type, e.path.join('/'), e.durationMs) });
 * ```
 * @public
 */
export interface FlowEvent {
  readonly type: 'start' | 'success' | 'error' | 'cancel' | 'retry';
  /** Stable id of the graph node: its position, like `0.2.1`. */
  readonly node: string;
  /** The node's own name (named steps and flows). */
  readonly name?: string;
  /** Names of the enclosing named steps and flows, outermost first. */
  readonly path: readonly string[];
  /** Scheduler time in milliseconds. */
  readonly time: number;
  /** For success/error/cancel: time since the node started. */
  readonly durationMs?: number;
  /** For error and retry: the error. */
  readonly error?: FlowFailure;
}

const startTimes = new WeakMap<Frame, number>();

function enclosingNames(f: Frame): string[] {
  const names: string[] = [];
  for (let g = f.parent; g !== null; g = g.parent) {
    const n = g.node;
    if ((n.kind === 'step' || n.kind === 'embed') && n.name !== undefined) names.push(n.name);
  }
  return names.reverse();
}

/** Installs an event listener on a run; a listener that throws is reported, never rethrown. */
export function attachEvents(run: Run, root: GraphNode, listener: (event: FlowEvent) => void): void {
  const ids = nodeIds(root);
  run.events = (f, type, error) => {
    const node = f.node;
    if (node.kind === 'sequence' || node.kind === 'value') return;
    const id = ids.get(node);
    if (id === undefined) return;
    const time = run.scheduler.now();
    if (type === 'start') startTimes.set(f, time);
    const name = node.kind === 'step' || node.kind === 'embed' ? node.name : undefined;
    const event: { -readonly [K in keyof FlowEvent]: FlowEvent[K] } = { type, node: id, path: enclosingNames(f), time };
    if (name !== undefined) event.name = name;
    if (type !== 'start' && type !== 'retry') event.durationMs = time - (startTimes.get(f) ?? time);
    if (error instanceof FlowError) event.error = error;
    try {
      listener(Object.freeze(event));
    } catch (e) {
      reportStray(e);
    }
  };
}
