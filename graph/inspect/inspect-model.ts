/**
 * The inspector's data: the flow's boxes with what the trace says about
 * each (status, attempts, retries, timeouts), boxes for steps seen only in
 * the trace (added at run time: `as.run` sub-flows, `as.add`), and the spans
 * in timeline order with attempts numbered. Everything is plain JSON, built
 * in time linear in the size of the graph and the trace.
 */
import type { GraphNode } from '../nodes/node.js';
import { walkIds } from '../node-ids.js';
import { childSpans, recoveryStatuses, type HandlerStatus, type RecoveryNode } from '../diagram/recovery-status.js';
import type { RunSpan } from '../diagram/trace-spans.js';
import { addedNodes, lastSegment } from '../diagram/added-nodes.js';
import { flowBoxes, type Box } from './inspect-boxes.js';

/** A status as the inspector shows it. */
export type BoxStatus = HandlerStatus;

/** A captured value as embedded. */
export interface ValueData {
  readonly json: string;
  readonly bytes: number;
  readonly truncated: boolean;
}

/** A box with what the trace says about it. */
export interface BoxData extends Box {
  status?: BoxStatus;
  /** Indices of its spans (its attempts), in start order. */
  spans?: number[];
  retries?: number;
  timeouts?: number;
}

/** One span as embedded (times in ms from the start of the trace). */
export interface SpanData {
  readonly node: string;
  /** The box that shows its node. */
  readonly box: number;
  /** Index of the parent span, -1 for none. */
  readonly parent: number;
  readonly depth: number;
  readonly title: string;
  readonly label: string;
  readonly start: number;
  readonly end?: number;
  readonly status: RunSpan['status'];
  readonly error?: { readonly code: string; readonly message: string; readonly info: string };
  /** Retries it made (absent: none). */
  readonly retries?: number;
  /** When it decided each retry (absent: none). */
  readonly retryTimes?: readonly number[];
  /** The attempt of the nearest retry it runs in, when that retry retried. */
  readonly attempt?: number;
  readonly attempts?: number;
  /** It failed with code `Timeout` (absent: it did not). */
  readonly timedOut?: true;
  readonly input?: ValueData;
  readonly output?: ValueData;
}

/** Everything the page shows. */
export interface InspectData {
  readonly title: string;
  readonly boxes: readonly BoxData[];
  readonly spans: readonly SpanData[];
  /** Span indices in timeline order (each parent before its children). */
  readonly order: readonly number[];
  readonly traced: boolean;
  readonly events: number;
  /** The run's outcome (its first top-level span), when traced. */
  readonly run?: { readonly status: RunSpan['status']; readonly durationMs: number; readonly spans: number };
}

/** Text of an unknown value for the page (never throws). */
export function textOf(value: unknown, max = 20_000): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      try {
        text = String(value);
      } catch {
        text = '(cannot be shown)';
      }
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function valueData(v: unknown): ValueData | undefined {
  if (v === undefined) return undefined;
  if (v !== null && typeof v === 'object' && typeof (v as ValueData).json === 'string') {
    const c = v as ValueData;
    return { json: c.json, bytes: typeof c.bytes === 'number' ? c.bytes : c.json.length, truncated: c.truncated === true };
  }
  const json = textOf(v);
  return { json, bytes: json.length, truncated: false };
}

/** Boxes for nodes seen only in the trace, under the box of the node that added them (a catch or finally: its handler's box). */
function addedBoxes(boxes: BoxData[], spans: readonly RunSpan[], boxOf: Map<string, number>, handlerOf: ReadonlyMap<string, number>): void {
  for (const a of addedNodes(spans, (id) => boxOf.has(id))) {
    const parent = a.parent === a.root ? (handlerOf.get(a.parent) ?? boxOf.get(a.parent)) : boxOf.get(a.parent);
    if (parent === undefined) continue;
    boxes.push({ id: a.id, kind: 'added', title: a.title, detail: 'added at run time', parent, layout: 'stack' });
    boxOf.set(a.id, boxes.length - 1);
  }
}

/** Builds the page data of a flow graph and, optionally, its trace spans. */
export function inspectData(title: string, root: GraphNode, trace: readonly RunSpan[] | undefined, events: number): InspectData {
  const boxes: BoxData[] = flowBoxes(root);
  if (trace === undefined) return { title, boxes, spans: [], order: [], traced: false, events: 0 };

  const boxOf = new Map<string, number>();
  const handlerOf = new Map<string, number>();
  boxes.forEach((b, i) => {
    if (b.of !== undefined && b.kind !== 'on-error') handlerOf.set(b.of, i);
    else if (b.id !== '' && !boxOf.has(b.id)) boxOf.set(b.id, i);
  });
  addedBoxes(boxes, trace, boxOf, handlerOf);

  // Spans: index, parent, depth, attempt.
  const index = new Map<number, number>();
  trace.forEach((s, i) => index.set(s.span, i));
  const bySpan = childSpans(trace);
  const origin = trace.reduce((m, s) => Math.min(m, s.start), Infinity);
  const parentOf = trace.map((s) => (s.parentSpan === undefined ? -1 : (index.get(s.parentSpan) ?? -1)));
  const kids: number[][] = trace.map(() => []);
  const order: number[] = [];
  const roots: number[] = [];
  parentOf.forEach((p, i) => (p >= 0 && p !== i ? kids[p]!.push(i) : roots.push(i)));
  const depth = new Array<number>(trace.length).fill(0);
  const attempt = new Array<[number, number] | undefined>(trace.length);
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    const s = trace[i]!;
    const seen = new Map<string, number>();
    for (const k of kids[i]!) {
      depth[k] = depth[i]! + 1;
      if (s.retries > 0) {
        const n = (seen.get(trace[k]!.node) ?? 0) + 1;
        seen.set(trace[k]!.node, n);
        attempt[k] = [n, s.retries + 1];
      } else attempt[k] = attempt[i];
    }
    for (let k = kids[i]!.length - 1; k >= 0; k--) stack.push(kids[i]![k]!);
  }

  const spans: SpanData[] = trace.map((s, i) => {
    const box = boxOf.get(s.node) ?? -1;
    const a = attempt[i];
    const rel = (t: number): number => Math.round((t - origin) * 1000) / 1000;
    return {
      node: s.node,
      box,
      parent: parentOf[i]!,
      depth: depth[i]!,
      title: s.name ?? lastSegment(s.label) ?? (box >= 0 ? boxes[box]!.title : s.node),
      label: s.label ?? s.node,
      start: rel(s.start),
      ...(s.end === undefined ? {} : { end: rel(s.end) }),
      status: s.status,
      ...(s.error === undefined ? {} : { error: { code: s.error.code, message: s.error.message, info: s.error.info === undefined ? '' : textOf(s.error.info) } }),
      ...(s.retries === 0 ? {} : { retries: s.retries }),
      ...(s.retryTimes.length === 0 ? {} : { retryTimes: s.retryTimes.map(rel) }),
      ...(a === undefined ? {} : { attempt: a[0], attempts: a[1] }),
      ...(s.status === 'failed' && s.error?.code === 'Timeout' ? { timedOut: true as const } : {}),
      ...(valueData(s.input) === undefined ? {} : { input: valueData(s.input)! }),
      ...(valueData(s.output) === undefined ? {} : { output: valueData(s.output)! }),
    };
  });

  // Box statuses: the last span's, or running while any span runs.
  // Boxes with the same node id show the same spans (ids follow the path, so a shared sub-flow's uses differ).
  const copies = new Map<number, number[]>();
  boxes.forEach((b, i) => {
    const first = b.id === '' ? undefined : boxOf.get(b.id);
    if (first === undefined) return;
    const list = copies.get(first);
    if (list === undefined) copies.set(first, [i]);
    else list.push(i);
  });
  spans.forEach((s, i) => {
    for (const at of copies.get(s.box) ?? []) {
      const b = boxes[at]!;
      (b.spans ??= []).push(i);
      if (s.retries !== undefined) b.retries = (b.retries ?? 0) + s.retries;
      if (s.timedOut) b.timeouts = (b.timeouts ?? 0) + 1;
      b.status = b.status === 'running' ? 'running' : s.status;
    }
  });
  const recovery: RecoveryNode[] = [];
  walkIds(root, (node, id) => {
    if (node.kind === 'catch') recovery.push({ kind: 'catch', id, codes: node.codes });
    else if (node.kind === 'finally') recovery.push({ kind: 'finally', id });
  });
  const handlers = recoveryStatuses(recovery, trace, bySpan);
  for (const b of boxes) {
    if (b.kind === 'sequence' || b.kind === 'value' || b.kind === 'cut') continue;
    if (b.kind === 'catch-handler' || b.kind === 'finally-handler') {
      const run = handlers.get(b.of!);
      b.status = run?.status ?? 'notReached';
      b.spans = run?.spans.map((s) => index.get(s.span)!) ?? [];
    } else if (b.kind === 'on-error') {
      const step = boxOf.get(b.of!);
      const st = step === undefined ? undefined : boxes[step]!.status;
      // onError runs only when its step fails; a recovered step looks like a success in the trace.
      if (st === undefined || st === 'notReached' || st === 'cancelled') b.status = 'notReached';
      else if (st === 'failed') b.status = 'failed';
    } else b.status ??= 'notReached';
  }
  const top = roots.length > 0 ? trace[order[0]!] : undefined;
  const last = trace.reduce((m, s) => Math.max(m, s.end ?? s.start), -Infinity);
  return {
    title,
    boxes,
    spans,
    order,
    traced: true,
    events,
    ...(top === undefined ? {} : { run: { status: top.status, durationMs: Math.round(((top.end ?? last) - top.start) * 1000) / 1000, spans: trace.length } }),
  };
}
