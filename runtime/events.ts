/**
 * Run events: start / success / error / cancel / retry per graph node, with
 * a stable node id (its position in the graph; for steps added at run time,
 * the adding step's id, `>`, and the position in the added graph), the names
 * of the enclosing named steps and flows, and scheduler time.
 */
import { nodeIds } from '../graph/node-ids.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { nodeName } from '../graph/nodes/step-node.js';
import type { FlowEvent } from '../typings/events.js';

export type { FlowEvent };
import { FlowError, reportStray } from './errors.js';
import { stepNames, type Frame } from './interpreter/frame.js';
import type { Run } from './interpreter/run.js';

interface SpanInfo {
  readonly span: number;
  readonly parentSpan: number | undefined;
  readonly start: number;
}

/** Installs an event listener on a run; a listener that throws is reported, never rethrown. */
export function attachEvents(run: Run, root: GraphNode, listener: (event: FlowEvent) => void): void {
  const spans = new WeakMap<Frame, SpanInfo>();
  let nextSpan = 0;
  const open = (f: Frame, time: number): SpanInfo => {
    let parentSpan: number | undefined;
    for (let g = f.parent; g !== null; g = g.parent) {
      const p = spans.get(g);
      if (p !== undefined) {
        parentSpan = p.span;
        break;
      }
    }
    const info = { span: ++nextSpan, parentSpan, start: time };
    spans.set(f, info);
    return info;
  };
  const ids = nodeIds(root);
  /**
   * Ids of nodes a step added at run time (`as.run(flow)`, `as.add`): the
   * calling step's id, `>`, and the node's position in the added graph.
   */
  const dynamicId = (f: Frame): string | undefined => {
    let child = f;
    let g = f.parent;
    while (g !== null && !ids.has(g.node)) {
      child = g;
      g = g.parent;
    }
    if (g === null) return undefined;
    // An as.run() node is new for every call: ids start at the flow it runs.
    const added = child.node.kind === 'run' ? child.node.body : child.node;
    const rel = nodeIds(added).get(f.node);
    return rel === undefined ? undefined : `${ids.get(g.node)!}>${rel}`;
  };
  run.events = (f, type, error) => {
    try {
      emit(f, type, error);
    } catch (e) {
      // Nothing about events may disturb the run.
      reportStray(e);
    }
  };
  const emit = (f: Frame, type: FlowEvent['type'], error: unknown): void => {
    const node = f.node;
    if (node.kind === 'sequence' || node.kind === 'value' || node.kind === 'run') return;
    const id = ids.get(node) ?? dynamicId(f);
    if (id === undefined) return;
    const time = run.scheduler.now();
    const info = type === 'start' ? open(f, time) : (spans.get(f) ?? open(f, time));
    const name = nodeName(node);
    const event: { -readonly [K in keyof FlowEvent]: FlowEvent[K] } = { type, node: id, path: stepNames(f.parent), time, span: info.span };
    if (info.parentSpan !== undefined) event.parentSpan = info.parentSpan;
    if (name !== undefined) event.name = name;
    if (type === 'success' || type === 'error' || type === 'cancel') event.durationMs = time - info.start;
    if (error instanceof FlowError) event.error = error;
    try {
      listener(Object.freeze(event));
    } catch (e) {
      reportStray(e);
    }
  };
}
