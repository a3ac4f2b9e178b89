/**
 * What `toMermaid` draws from a run trace beyond the graph: the outcome of
 * every node, of the handlers on the recovery path (catch, finally, a
 * step's onError, a retry's loop back), steps added at run time (`as.run`,
 * `as.add`) drawn under the step that ran them, and greyed edges into
 * paths the run never reached.
 */
import type { GraphNode } from '../nodes/node.js';
import { walkIds } from '../node-ids.js';
import { addedNodes, type AddedNode } from './added-nodes.js';
import type { MermaidDiagram } from './mermaid-diagram.js';
import { recoveryStatuses, type HandlerRun, type RecoveryNode } from './recovery-status.js';
import { traceSpans, type RunSpan } from './trace-spans.js';
import { STATUS_STYLES, traceStatuses, type NodeStatus, type TraceEvent } from './trace-status.js';

/** The trace as the renderers consult it. */
export interface MermaidTrace {
  readonly statuses: ReadonlyMap<string, NodeStatus>;
  readonly handlers: ReadonlyMap<string, HandlerRun>;
  /** Retries made, by retry node id. */
  readonly retries: ReadonlyMap<string, number>;
  /** Added nodes by the id of the node they sit under. */
  readonly added: ReadonlyMap<string, readonly AddedNode[]>;
}

/** A handler on the recovery path, as drawn. */
export interface HandlerMark {
  readonly id: string;
  readonly role: 'catch' | 'finally' | 'onError' | 'retry';
  /** The node id of the graph node it belongs to. */
  readonly nid: string;
}

const AS_NODE_STATUS: Readonly<Record<RunSpan['status'] | 'notReached', NodeStatus>> = {
  running: 'started',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  notReached: 'notReached',
};

/** Reads a trace of a run of the graph `root`. */
export function mermaidTrace(root: GraphNode, trace: readonly TraceEvent[]): MermaidTrace {
  // Events without times (hand-made traces) still colour nodes; spans need a time, so they get 0.
  const usable = trace.filter((e) => e !== null && typeof e === 'object' && typeof e.node === 'string');
  const spans = traceSpans(
    usable.map((e) => (typeof (e as { time?: unknown }).time === 'number' ? e : { ...e, time: 0 })),
    'toMermaid()',
  );
  const recovery: RecoveryNode[] = [];
  const known = new Set<string>();
  walkIds(root, (node, id) => {
    known.add(id);
    if (node.kind === 'catch') recovery.push({ kind: 'catch', id, codes: node.codes });
    else if (node.kind === 'finally') recovery.push({ kind: 'finally', id });
  });
  const retries = new Map<string, number>();
  for (const s of spans) if (s.retries > 0) retries.set(s.node, (retries.get(s.node) ?? 0) + s.retries);
  const added = new Map<string, AddedNode[]>();
  for (const a of addedNodes(spans, (id) => known.has(id))) {
    const list = added.get(a.parent);
    if (list === undefined) added.set(a.parent, [a]);
    else list.push(a);
  }
  return { statuses: traceStatuses(trace), handlers: recoveryStatuses(recovery, spans), retries, added };
}

/** The status of an added node: its last span's. */
export const addedStatus = (a: AddedNode): NodeStatus => AS_NODE_STATUS[a.spans[a.spans.length - 1]!.status];

function handlerStatus(mark: HandlerMark, t: MermaidTrace): NodeStatus | undefined {
  const id = mark.nid;
  const own = t.statuses.get(id) ?? 'notReached';
  switch (mark.role) {
    case 'catch':
    case 'finally':
      return AS_NODE_STATUS[t.handlers.get(id)?.status ?? 'notReached'];
    case 'retry':
      return (t.retries.get(id) ?? 0) > 0 ? own : 'notReached';
    case 'onError':
      // It runs only when its step fails; after a success the trace cannot tell.
      return own === 'notReached' || own === 'cancelled' ? 'notReached' : own === 'failed' ? 'failed' : undefined;
  }
}

const RECOVERY_CSS = 'stroke-dasharray:5 3,stroke-width:2px';

/**
 * Assigns the classes: graph nodes by status, recovery handlers by
 * `recovery_<status>` (or `recovery` without a trace or when the trace
 * cannot tell), added nodes by status; greys the edges into unreached nodes.
 */
export function colourDiagram(
  d: MermaidDiagram,
  marks: ReadonlyArray<readonly [GraphNode['kind'], string, string]>,
  handlers: readonly HandlerMark[],
  added: ReadonlyArray<readonly [AddedNode, string]>,
  t: MermaidTrace | undefined,
): void {
  const groups = new Map<string, string[]>();
  const put = (cls: string, id: string): void => {
    const list = groups.get(cls);
    if (list === undefined) groups.set(cls, [id]);
    else list.push(id);
  };
  const unreached = new Set<string>();
  if (t !== undefined) {
    for (const [kind, nid, id] of marks) {
      if (kind === 'value') continue; // value nodes emit no run events
      const status = t.statuses.get(nid) ?? 'notReached';
      put(status, id);
      if (status === 'notReached') unreached.add(id);
    }
    for (const [a, id] of added) put(addedStatus(a), id);
  }
  for (const h of handlers) {
    const status = t === undefined ? undefined : handlerStatus(h, t);
    put(status === undefined ? 'recovery' : `recovery_${status}`, h.id);
    if (status === 'notReached') unreached.add(h.id);
  }
  for (const [name, css] of Object.entries(STATUS_STYLES)) {
    if (t !== undefined) d.classDef(name, css);
    if (groups.has(`recovery_${name}`)) d.classDef(`recovery_${name}`, `${css.replace(/,stroke-dasharray:[^,]*/, '')},${RECOVERY_CSS}`);
  }
  if (groups.has('recovery')) d.classDef('recovery', `fill:#f1eafc,stroke:#6a3fb5,color:#3d1f73,${RECOVERY_CSS}`);
  for (const [cls, members] of groups) d.assign(members, cls);
  const grey = d.targets.flatMap((to, i) => (unreached.has(to) ? [i] : []));
  d.linkStyle(grey, 'stroke:#bdbdbd,stroke-dasharray:3 3');
}

/** A label for a node seen only in the trace. */
export const addedLabel = (a: AddedNode): string => `${a.title} (run time)`;
