/**
 * Run events: start / success / error / cancel / retry / ignored per graph
 * node, with a stable node id (its position in the graph; for nodes added
 * at run time, the adding step's id, `>`, and the position in the added
 * graph, as deep as additions nest), the names of the enclosing named steps,
 * a label saying where in the run in words, scheduler time and, with value
 * capture, the step's input and output.
 */
import { nodeIds } from '../graph/node-ids.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { nodeName } from '../graph/nodes/step-node.js';
import type { FlowEvent } from '../typings/events.js';
import { captureValue, type CaptureOptions } from './capture.js';
import { FlowError, reportStray } from './errors.js';
import type { Frame } from './interpreter/frame.js';
import { labelOf, stepNames } from './interpreter/names.js';
import type { Run } from './interpreter/run.js';

export type { FlowEvent };

interface SpanInfo {
  readonly span: number;
  readonly parentSpan: number | undefined;
  readonly start: number;
}

/** What a step's next success or error event carries besides the usual fields (see {@link annotateStep}). */
export type StepAnnotation = Pick<FlowEvent, 'worker'>;

const annotations = new WeakMap<Frame, StepAnnotation>();

/**
 * Adds fields to the next success or error event of the step whose `as` is
 * given (used by worker steps for their queue and run times). Costs nothing
 * when the run has no event listener.
 * @internal
 */
export function annotateStep(as: unknown, fields: StepAnnotation): void {
  const f = as as Frame | undefined;
  if (f?.thread?.run?.events != null) annotations.set(f, fields);
}

/** The graph a node added at run time starts: an `as.run` node's flow, or the added node itself. */
const addedRoot = (node: GraphNode): GraphNode => (node.kind === 'run' ? node.body : node);

/**
 * Installs an event listener on a run; a listener that throws is reported,
 * never rethrown. With `capture.values`, start and success events carry the
 * step's input and output.
 */
export function attachEvents(run: Run, root: GraphNode, listener: (event: FlowEvent) => void, capture?: CaptureOptions): void {
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
  /** The id of a frame's node: its place in the graph, and below each node added at run time, its place in the added graph. */
  const idOf = (f: Frame): string | undefined => {
    const chain: Frame[] = [];
    let g: Frame | null = f;
    while (g !== null && !ids.has(g.node)) {
      chain.push(g);
      g = g.parent;
    }
    if (g === null) return undefined;
    let id = ids.get(g.node)!;
    let map = ids;
    let prefix = '';
    // The first part of ids in an added graph: which addition of its step it is (0, 1, …).
    let lead = '0';
    for (let i = chain.length - 1; i >= 0; i--) {
      const frame = chain[i]!;
      const node = frame.node;
      let rel = map.get(node);
      if (rel === undefined) {
        // Added at run time below the frame above: ids go on inside the added graph.
        prefix = `${id}>`;
        map = nodeIds(addedRoot(node));
        const added = frame.parent?.queue;
        const k = added === null || added === undefined ? -1 : added.indexOf(node);
        lead = k > 0 ? String(k) : '0';
        if (node.kind === 'run') continue;
        rel = map.get(node)!;
      }
      id = prefix + (lead === '0' ? rel : lead + rel.slice(1));
    }
    return id;
  };
  const values = capture?.values === true ? capture : undefined;
  const runId = run.id;
  run.events = (f, type, error, blockedMs) => {
    try {
      emit(f, type, error, blockedMs);
    } catch (e) {
      // Nothing about events may disturb the run.
      reportStray(e, 'a run event');
    }
  };
  const emit = (f: Frame, type: FlowEvent['type'], error: unknown, blockedMs: number | undefined): void => {
    const node = f.node;
    if (node.kind === 'sequence' || node.kind === 'value' || node.kind === 'run') return;
    const id = idOf(f);
    if (id === undefined) return;
    const time = run.scheduler.now();
    const info = type === 'start' ? open(f, time) : (spans.get(f) ?? open(f, time));
    const name = nodeName(node);
    const label = labelOf(f);
    const event: { -readonly [K in keyof FlowEvent]: FlowEvent[K] } = { type, run: runId, node: id, path: stepNames(f.parent, false), label, time, span: info.span };
    if (info.parentSpan !== undefined) event.parentSpan = info.parentSpan;
    if (name !== undefined) event.name = name;
    if (type === 'success' || type === 'error' || type === 'cancel') event.durationMs = time - info.start;
    if (error instanceof FlowError) event.error = error;
    if (blockedMs !== undefined) event.blockedMs = blockedMs;
    if (type === 'success' || type === 'error') {
      const extra = annotations.get(f);
      if (extra !== undefined) {
        annotations.delete(f);
        if (extra.worker !== undefined) event.worker = extra.worker;
      }
    }
    if (values !== undefined) {
      if (type === 'start') event.input = captureValue(values, valueOf(f.args), label, 'input');
      else if (type === 'success') event.output = captureValue(values, valueOf(f.thread.args), label, 'output');
    }
    try {
      listener(Object.freeze(event));
    } catch (e) {
      reportStray(e, 'an onEvent listener');
    }
  };
}

/** A step's value from its arguments: the typed DSL passes one; FTN12 any number (recorded as a list then). */
function valueOf(args: readonly unknown[]): unknown {
  return args.length <= 1 ? args[0] : args;
}
