/**
 * Run events: start / success / error / cancel / retry / ignored per graph
 * node, with a stable node id (its position in the graph, by path; for
 * nodes added at run time, the adding step's id, `>`, the number of the
 * addition and the position in the added graph, as deep as additions nest:
 * see event-ids.ts), the names of the enclosing named steps,
 * a label saying where in the run in words, scheduler time and, with value
 * capture, the step's input and output.
 */
import type { GraphNode } from '../graph/nodes/node.js';
import { nodeName } from '../graph/nodes/step-node.js';
import type { FlowEvent } from '../typings/events.js';
import { captureValue, type CaptureOptions } from './capture.js';
import { frameIds } from './event-ids.js';
import { FlowError, LoopSignal, reportStray, runFailure } from './errors.js';
import type { Frame } from './interpreter/frame.js';
import { labelOf, stepNames } from './interpreter/names.js';
import type { Run } from './interpreter/run.js';

export type { FlowEvent };

interface SpanInfo {
  readonly span: number;
  readonly parentSpan: number | undefined;
  readonly start: number;
  /** It had its outcome event. */
  ended: boolean;
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
    const info: SpanInfo = { span: ++nextSpan, parentSpan, start: time, ended: false };
    spans.set(f, info);
    return info;
  };
  const idOf = frameIds(root);
  const values = capture?.values === true ? capture : undefined;
  const runId = run.id;
  run.events = (f, type, error, extra) => {
    try {
      if (type === 'cleanupError') reportCleanupThrow(f, error, extra ?? run.scheduler.now());
      else if (error instanceof LoopSignal) {
        // Left by break / continue: a success (it did what the loop control asked, and has no output) when a loop
        // above takes the signal; when none does (the run, or the awaited as.run, fails with it), an error.
        const failure = loopFailure(f, error);
        emit(f, failure === null ? 'success' : 'error', failure, extra, true);
      } else emit(f, type, error, extra, false);
    } catch (e) {
      // Nothing about events may disturb the run.
      reportStray(e, 'a run event');
    }
  };
  const eventOf = (f: Frame, type: FlowEvent['type'], info: SpanInfo, id: string, time: number): { -readonly [K in keyof FlowEvent]: FlowEvent[K] } => {
    const event: { -readonly [K in keyof FlowEvent]: FlowEvent[K] } = { type, run: runId, node: id, path: stepNames(f.parent, false), label: labelOf(f), time, span: info.span };
    if (info.parentSpan !== undefined) event.parentSpan = info.parentSpan;
    const name = nodeName(f.node);
    if (name !== undefined) event.name = name;
    if (type === 'success' || type === 'error' || type === 'cancel') event.durationMs = time - info.start;
    return event;
  };
  const send = (event: FlowEvent): void => {
    try {
      listener(Object.freeze(event));
    } catch (e) {
      reportStray(e, 'an onEvent listener');
    }
  };
  const emit = (f: Frame, type: FlowEvent['type'], error: unknown, blockedMs: number | undefined, leftByLoop: boolean): void => {
    const node = f.node;
    if (node.kind === 'sequence' || node.kind === 'value' || node.kind === 'run') return;
    const id = idOf(f);
    if (id === undefined) return;
    const time = run.scheduler.now();
    const info = type === 'start' ? open(f, time) : (spans.get(f) ?? open(f, time));
    const terminal = type === 'success' || type === 'error' || type === 'cancel';
    if (terminal) {
      // A span ends once.
      if (info.ended) return;
      info.ended = true;
    }
    const event = eventOf(f, type, info, id, time);
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
      if (type === 'start') event.input = captureValue(values, valueOf(f.args), event.label!, 'input');
      else if (type === 'success' && !leftByLoop) event.output = captureValue(values, valueOf(f.thread.args), event.label!, 'output');
    }
    send(event);
  };
  /** What a loop signal leaving `f` ends in: null when a loop above takes it, else the error it fails with (the same for every frame it leaves). */
  const loopFailures = new WeakMap<LoopSignal, FlowError | null>();
  const loopFailure = (f: Frame, signal: LoopSignal): FlowError | null => {
    let failure = loopFailures.get(signal);
    if (failure === undefined) loopFailures.set(signal, (failure = takenByLoop(f, signal) ? null : runFailure(signal)));
    return failure;
  };
  /**
   * A cleanup (a finally handler, a resource's release) threw while its
   * frame was cancelled: the frame's span ends as cancelled (its cancel
   * event follows, or came first when the cleanup was async), and the throw
   * is the error of a span of its own below it (the cleanup's run, from
   * `since`), so every span gets exactly one outcome.
   */
  const reportCleanupThrow = (f: Frame, error: unknown, since: number): void => {
    const id = idOf(f);
    if (id === undefined) return;
    const own = spans.get(f);
    const info: SpanInfo = { span: ++nextSpan, parentSpan: own?.span, start: since, ended: true };
    send(eventOf(f, 'start', info, id, since));
    const event = eventOf(f, 'error', info, id, run.scheduler.now());
    if (error instanceof FlowError) event.error = error;
    send(event);
  };
}

/** Does a loop above `f` take the loop signal (before an awaited `as.run`, which fails with it, or the root)? */
function takenByLoop(f: Frame, signal: LoopSignal): boolean {
  for (let g = f.parent; g !== null; g = g.parent) {
    const node = g.node;
    if (node.kind === 'loop' && g.data !== undefined && (signal.label === undefined || signal.label === node.label)) return true;
    if (node.kind === 'run' && (node as GraphNode & { readonly awaited?: boolean }).awaited === true) return false;
  }
  return false;
}

/** A step's value from its arguments: the typed DSL passes one; FTN12 any number (recorded as a list then). */
function valueOf(args: readonly unknown[]): unknown {
  return args.length <= 1 ? args[0] : args;
}
