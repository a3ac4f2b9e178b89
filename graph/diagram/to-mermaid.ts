/**
 * Flows as Mermaid flowcharts: one renderer per node kind (a
 * {@link NodeVisitor}), each returning the fragment's entry and exits so
 * that sequences, forks, joins and loops can be wired up; a run trace
 * colours every node by how far it got.
 */
import type { FlowDefinition } from '../../typings/flow-types.js';
import { FLOW_JSON_LIMITS } from '../json/json-guard.js';
import { MermaidDiagram, type Shape } from './mermaid-diagram.js';
import type { GraphNode } from '../nodes/node.js';
import { nodeIds } from '../node-ids.js';
import { STATUS_STYLES, traceStatuses, type NodeStatus, type TraceEvent } from './trace-status.js';
import { visitNode, type NodeVisitor } from '../visitor.js';

interface Exit {
  readonly id: string;
  readonly label?: string;
}

interface Fragment {
  readonly entry: string;
  readonly exits: readonly Exit[];
}

interface Ctx {
  /** The diagram id of the node being drawn; its helper nodes add a suffix. */
  readonly id: string;
  readonly depth: number;
  readonly d: MermaidDiagram;
  /** Diagram elements that show a graph node, for trace colouring. */
  readonly marks: Array<readonly [GraphNode, string]>;
  readonly counter: { next: number };
}
const nameOf = (fn: unknown): string => (typeof fn === 'function' && fn.name ? fn.name : 'anonymous');
const objName = (obj: object): string => {
  const own = (obj as { name?: unknown }).name;
  return typeof own === 'string' && own !== '' ? own : (obj.constructor?.name ?? 'object');
};

function brief(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function render(node: GraphNode, ctx: Ctx): Fragment {
  if (ctx.depth > FLOW_JSON_LIMITS.maxDepth) {
    const id = ctx.d.node(ctx.id, 'rect', '… (deeper levels not drawn)');
    return { entry: id, exits: [{ id }] };
  }
  return visitNode(node, renderers, ctx);
}

function child(node: GraphNode, ctx: Ctx): Fragment {
  return render(node, { ...ctx, id: `n${++ctx.counter.next}`, depth: ctx.depth + 1 });
}

function connect(d: MermaidDiagram, exits: readonly Exit[], to: string): void {
  for (const exit of exits) d.edge(exit.id, to, { label: exit.label });
}

/** Declares a node for `node` itself and marks it for trace colouring. */
function own(node: GraphNode, ctx: Ctx, shape: Shape, label: string, suffix = ''): string {
  const id = ctx.d.node(ctx.id + suffix, shape, label);
  ctx.marks.push([node, id]);
  return id;
}

/** Draws the body of a wrapper node inside a subgraph titled `title`. */
function scope(node: GraphNode & { body: GraphNode }, ctx: Ctx, title: string): Fragment {
  ctx.marks.push([node, ctx.id]);
  return ctx.d.subgraph(ctx.id, title, () => child(node.body, ctx));
}

const single = (id: string): Fragment => ({ entry: id, exits: [{ id }] });

const renderers: NodeVisitor<Fragment, Ctx> = {
  step: (n, ctx) => {
    const id = own(n, ctx, 'rect', n.name ?? nameOf(n.handler));
    if (n.onError === undefined) return single(id);
    const err = ctx.d.node(`${id}_err`, 'round', `onError: ${nameOf(n.onError)}`);
    ctx.d.edge(id, err, { dashed: true, label: 'error' });
    return { entry: id, exits: [{ id }, { id: err }] };
  },
  sequence: (n, ctx) => {
    if (n.steps.length === 0) return single(ctx.d.node(ctx.id, 'circle', 'empty'));
    const parts = n.steps.map((s) => child(s, ctx));
    for (let i = 1; i < parts.length; i++) connect(ctx.d, parts[i - 1]!.exits, parts[i]!.entry);
    return { entry: parts[0]!.entry, exits: parts[parts.length - 1]!.exits };
  },
  embed: (n, ctx) => scope(n, ctx, n.name ?? 'flow'),
  run: (n, ctx) => scope(n, ctx, 'as.run'),
  value: (n, ctx) => single(own(n, ctx, 'flag', `value ${brief(n.args)}`)),
  slot: (n, ctx) => single(own(n, ctx, 'flag', `slot: ${n.name}`)),
  catch: (n, ctx) => {
    const body = scope(n, ctx, 'try');
    const handler = ctx.d.node(`${ctx.id}_catch`, 'round', `catch: ${nameOf(n.handler)}`);
    ctx.d.edge(ctx.id, handler, { dashed: true, label: n.codes ? n.codes.join(', ') : 'any error' });
    return { entry: body.entry, exits: [...body.exits, { id: handler }] };
  },
  finally: (n, ctx) => {
    const body = scope(n, ctx, 'try');
    const handler = ctx.d.node(`${ctx.id}_finally`, 'stadium', `finally: ${nameOf(n.handler)}`);
    connect(ctx.d, body.exits, handler);
    ctx.d.edge(ctx.id, handler, { dashed: true, label: 'error / cancel' });
    return { entry: body.entry, exits: [{ id: handler }] };
  },
  timeout: (n, ctx) => scope(n, ctx, `timeout ${n.ms} ms`),
  sleep: (n, ctx) => single(own(n, ctx, 'round', n.until === undefined ? `sleep ${n.ms} ms` : `sleep until ${nameOf(n.until)}(input)`)),
  wait: (n, ctx) => single(own(n, ctx, 'round', `wait for ${n.signal}${n.timeout === undefined ? '' : ` (${n.timeout} ms)`}`)),
  retry: (n, ctx) => {
    const b = n.backoff;
    const on = n.retryOn === undefined ? 'error' : typeof n.retryOn === 'function' ? `error if ${nameOf(n.retryOn)}` : n.retryOn.join(', ');
    const body = scope(n, ctx, `retry: backoff ${b.initialMs} ms ×${b.factor} ≤ ${b.maxMs} ms, jitter ${b.jitter}`);
    const again = ctx.d.node(`${ctx.id}_retry`, 'round', `retry: ${n.attempts} attempts`);
    ctx.d.edge(ctx.id, again, { dashed: true, label: on });
    ctx.d.edge(again, body.entry, { dashed: true });
    return body;
  },
  sync: (n, ctx) => scope(n, ctx, `sync: ${objName(n.primitive)}`),
  using: (n, ctx) => scope(n, ctx, `using: ${n.resource.name}`),
  context: (n, ctx) => scope(n, ctx, `with ${n.variable.name} = ${n.compute ? `${nameOf(n.compute)}(input)` : brief(n.value)}`),
  parallel: (n, ctx) => {
    const what = n.mode === 'all' ? 'parallel' : n.mode;
    const fork = own(n, ctx, 'fork', n.concurrency === undefined ? what : `${what} (concurrency ${n.concurrency})`);
    const joinLabel = { all: 'join: all', allSettled: 'join: all settled', race: 'join: first to settle', any: 'join: first success' }[n.mode];
    const join = own(n, ctx, 'join', joinLabel, '_join');
    if (n.branches.length === 0) ctx.d.edge(fork, join);
    n.branches.forEach((b, i) => {
      const part = child(b, ctx);
      ctx.d.edge(fork, part.entry, { label: n.keys?.[i] });
      connect(ctx.d, part.exits, join);
    });
    return { entry: fork, exits: [{ id: join }] };
  },
  map: (n, ctx) => {
    const head = own(n, ctx, 'subroutine', `map: ${nameOf(n.select)}${n.concurrency === undefined ? '' : ` (concurrency ${n.concurrency})`}`);
    const join = own(n, ctx, 'join', 'results in order', '_join');
    const body = child(n.body, ctx);
    ctx.d.edge(head, body.entry, { label: 'each item' });
    connect(ctx.d, body.exits, join);
    return { entry: head, exits: [{ id: join }] };
  },
  choose: (n, ctx) => {
    const head = own(n, ctx, 'rhombus', `choose: ${nameOf(n.selector)}`);
    const keys = Object.keys(n.cases);
    const exits: Exit[] = [];
    const branch = (node: GraphNode, label: string): void => {
      const part = child(node, ctx);
      ctx.d.edge(head, part.entry, { label });
      exits.push(...part.exits);
    };
    for (const k of keys) branch(n.cases[k]!, k);
    if (n.otherwise) branch(n.otherwise, 'otherwise');
    return { entry: head, exits: exits.length > 0 ? exits : [{ id: head }] };
  },
  loop: (n, ctx) => {
    const what = n.loop === 'repeat' ? `repeat ${typeof n.count === 'function' ? `${nameOf(n.count)}(input)` : String(n.count)} times` : n.loop === 'forEach' ? `forEach: ${nameOf(n.select)}` : 'loop';
    const head = own(n, ctx, 'hexagon', n.label === undefined ? what : `${n.label}: ${what}`);
    const body = child(n.body, ctx);
    ctx.d.edge(head, body.entry);
    const back = n.label === undefined ? n.loop : `${n.loop} ${n.label}`;
    for (const exit of body.exits) ctx.d.edge(exit.id, head, { label: back });
    return { entry: head, exits: [{ id: head, label: 'done' }] };
  },
};

function colour(d: MermaidDiagram, root: GraphNode, marks: Ctx['marks'], trace: readonly TraceEvent[]): void {
  const statuses = traceStatuses(trace);
  const ids = nodeIds(root);
  const groups = new Map<NodeStatus, string[]>();
  for (const [node, id] of marks) {
    if (node.kind === 'value') continue; // value nodes emit no run events
    const status = statuses.get(ids.get(node) ?? '') ?? 'notReached';
    groups.set(status, [...(groups.get(status) ?? []), id]);
  }
  for (const [name, css] of Object.entries(STATUS_STYLES)) d.classDef(name, css);
  for (const [status, members] of groups) d.assign(members, status);
}

/**
 * Draws a flow as a Mermaid `flowchart TD`: steps by name, sequences as
 * chains, parallel blocks as fork and join (edges labelled with record
 * keys), `map` and `choose` (edges labelled with case keys), loops with a
 * back edge labelled with the loop kind and label, `catch` as a dashed edge
 * labelled with its codes, `finally`, and timeouts, retries, sync sections,
 * resources, context scopes and named flows as titled subgraphs; slots as
 * flags. With a `trace` (the events of a run of this flow), every node gets
 * a class by its last event: `succeeded`, `failed`, `cancelled`, `started`
 * (no outcome event: left by `break`/`continue`, or still running), or
 * `notReached` (no event at all).
 * @example
 * ```ts
 * const trace: FlowEvent[] = [];
 * await run(checkout, order, { onEvent: (e) => trace.push(e) }).catch(() => {});
 * writeFileSync('checkout.mmd', toMermaid(checkout, trace));
 * ```
 * @public
 */
export function toMermaid(flow: FlowDefinition, trace?: readonly TraceEvent[]): string {
  if (flow === null || typeof flow !== 'object' || !('graph' in flow)) throw new TypeError('toMermaid(): flow must be a Flow');
  if (trace !== undefined && !Array.isArray(trace)) throw new TypeError('toMermaid(): trace must be an array of run events');
  const d = new MermaidDiagram();
  const marks: Ctx['marks'] = [];
  const start = d.node('flow_start', 'circle', 'start');
  const body = render(flow.graph, { id: 'n0', depth: 1, d, marks, counter: { next: 0 } });
  const end = d.node('flow_end', 'circle', 'end');
  d.edge(start, body.entry);
  connect(d, body.exits, end);
  if (trace !== undefined) colour(d, flow.graph, marks, trace);
  return d.toString();
}
