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
import { childId } from '../node-ids.js';
import type { TraceEvent } from './trace-status.js';
import { visitNode, type NodeVisitor } from '../visitor.js';
import type { AddedNode } from './added-nodes.js';
import { brief, nameOf, objName } from './describe.js';
import { addedLabel, colourDiagram, mermaidTrace, type HandlerMark, type MermaidTrace } from './mermaid-trace.js';

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
  /** The node id (as run events name it) of the place being drawn: a shared node has one per place. */
  readonly nid: string;
  readonly depth: number;
  readonly d: MermaidDiagram;
  /** Diagram elements that show a graph node (its kind, its node id), for trace colouring. */
  readonly marks: Array<readonly [GraphNode['kind'], string, string]>;
  readonly counter: { next: number };
  /** Handlers on the recovery path, for their own style. */
  readonly handlers: HandlerMark[];
  /** The run trace, read once, when there is one. */
  readonly trace: MermaidTrace | undefined;
  /** Diagram elements that show nodes added at run time. */
  readonly added: Array<readonly [AddedNode, string]>;
}
function render(node: GraphNode, ctx: Ctx): Fragment {
  if (ctx.depth > FLOW_JSON_LIMITS.maxDepth) {
    const id = ctx.d.node(ctx.id, 'rect', '… (deeper levels not drawn)');
    return { entry: id, exits: [{ id }] };
  }
  return visitNode(node, renderers, ctx);
}

/** Draws the child at `index` (in `childrenOf` order) of the node being drawn. */
function child(node: GraphNode, ctx: Ctx, index: number): Fragment {
  return render(node, { ...ctx, id: `n${++ctx.counter.next}`, nid: childId(ctx.nid, index), depth: ctx.depth + 1 });
}

function connect(d: MermaidDiagram, exits: readonly Exit[], to: string): void {
  for (const exit of exits) d.edge(exit.id, to, { label: exit.label });
}

/** Declares a node for `node` itself and marks it for trace colouring. */
function own(node: GraphNode, ctx: Ctx, shape: Shape, label: string, suffix = ''): string {
  const id = ctx.d.node(ctx.id + suffix, shape, label);
  ctx.marks.push([node.kind, ctx.nid, id]);
  return id;
}

/** Draws the body of a wrapper node inside a subgraph titled `title`. */
function scope(node: GraphNode & { body: GraphNode }, ctx: Ctx, title: string): Fragment {
  ctx.marks.push([node.kind, ctx.nid, ctx.id]);
  return ctx.d.subgraph(ctx.id, title, () => child(node.body, ctx, 0));
}

const single = (id: string): Fragment => ({ entry: id, exits: [{ id }] });

/** Declares a handler node on the recovery path. */
function handler(ctx: Ctx, role: HandlerMark['role'], id: string, shape: Shape, label: string): string {
  ctx.d.node(id, shape, label);
  ctx.handlers.push({ id, role, nid: ctx.nid });
  return id;
}

/** Draws added nodes in the current subgraph, each with its own added nodes nested inside, siblings chained in the order they ran. */
function addedGroup(ctx: Ctx, kids: readonly AddedNode[], depth: number): void {
  let prev: string | undefined;
  for (const a of kids) {
    const id = `n${++ctx.counter.next}`;
    const inner = ctx.trace?.added.get(a.id);
    if (inner !== undefined && depth < FLOW_JSON_LIMITS.maxDepth) ctx.d.subgraph(id, addedLabel(a), () => addedGroup(ctx, inner, depth + 1));
    else ctx.d.node(id, 'rect', addedLabel(a));
    ctx.added.push([a, id]);
    if (prev !== undefined) ctx.d.edge(prev, id);
    prev = id;
  }
}

/** Draws the nodes a trace shows below `parentId` (added at run time) in an "at run time" subgraph, linked from `anchor` by a dashed edge. */
function runTime(ctx: Ctx, parentId: string, anchor: string): void {
  const kids = ctx.trace?.added.get(parentId);
  if (kids === undefined) return;
  const sub = `${anchor}_rt`;
  ctx.d.subgraph(sub, 'at run time', () => addedGroup(ctx, kids, ctx.depth));
  ctx.d.edge(anchor, sub, { dashed: true, label: 'ran' });
}

const renderers: NodeVisitor<Fragment, Ctx> = {
  step: (n, ctx) => {
    const id = own(n, ctx, 'rect', n.name ?? nameOf(n.handler));
    runTime(ctx, ctx.nid, id);
    if (n.onError === undefined) return single(id);
    const err = handler(ctx, 'onError', `${id}_err`, 'round', `onError: ${nameOf(n.onError)}`);
    ctx.d.edge(id, err, { dashed: true, label: 'error' });
    return { entry: id, exits: [{ id }, { id: err }] };
  },
  sequence: (n, ctx) => {
    if (n.steps.length === 0) return single(ctx.d.node(ctx.id, 'circle', 'empty'));
    const parts = n.steps.map((s, i) => child(s, ctx, i));
    for (let i = 1; i < parts.length; i++) connect(ctx.d, parts[i - 1]!.exits, parts[i]!.entry);
    return { entry: parts[0]!.entry, exits: parts[parts.length - 1]!.exits };
  },
  embed: (n, ctx) => scope(n, ctx, n.name ?? 'flow'),
  run: (n, ctx) => scope(n, ctx, 'as.run'),
  value: (n, ctx) => single(own(n, ctx, 'flag', `value ${brief(n.args)}`)),
  slot: (n, ctx) => single(own(n, ctx, 'flag', `slot: ${n.name}`)),
  catch: (n, ctx) => {
    const body = scope(n, ctx, 'try');
    const h = handler(ctx, 'catch', `${ctx.id}_catch`, 'round', `catch: ${nameOf(n.handler)}`);
    ctx.d.edge(ctx.id, h, { dashed: true, label: n.codes ? n.codes.join(', ') : 'any error' });
    runTime(ctx, ctx.nid, h);
    return { entry: body.entry, exits: [...body.exits, { id: h }] };
  },
  finally: (n, ctx) => {
    const body = scope(n, ctx, 'try');
    const h = handler(ctx, 'finally', `${ctx.id}_finally`, 'stadium', `finally: ${nameOf(n.handler)}`);
    connect(ctx.d, body.exits, h);
    ctx.d.edge(ctx.id, h, { dashed: true, label: 'error / cancel' });
    runTime(ctx, ctx.nid, h);
    return { entry: body.entry, exits: [{ id: h }] };
  },
  timeout: (n, ctx) => scope(n, ctx, `timeout ${n.ms} ms`),
  sleep: (n, ctx) => single(own(n, ctx, 'round', n.until === undefined ? `sleep ${n.ms} ms` : `sleep until ${nameOf(n.until)}(input)`)),
  wait: (n, ctx) => single(own(n, ctx, 'round', `wait for ${n.signal}${n.timeout === undefined ? '' : ` (${n.timeout} ms)`}`)),
  retry: (n, ctx) => {
    const b = n.backoff;
    const on = n.retryOn === undefined ? 'error' : typeof n.retryOn === 'function' ? `error if ${nameOf(n.retryOn)}` : n.retryOn.join(', ');
    const body = scope(n, ctx, `retry: backoff ${b.initialMs} ms ×${b.factor} ≤ ${b.maxMs} ms, jitter ${b.jitter}`);
    const again = handler(ctx, 'retry', `${ctx.id}_retry`, 'round', `retry: ${n.attempts} attempts`);
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
      const part = child(b, ctx, i);
      ctx.d.edge(fork, part.entry, { label: n.keys?.[i] });
      connect(ctx.d, part.exits, join);
    });
    return { entry: fork, exits: [{ id: join }] };
  },
  map: (n, ctx) => {
    const head = own(n, ctx, 'subroutine', `map: ${nameOf(n.select)}${n.concurrency === undefined ? '' : ` (concurrency ${n.concurrency})`}`);
    const join = own(n, ctx, 'join', 'results in order', '_join');
    const body = child(n.body, ctx, 0);
    ctx.d.edge(head, body.entry, { label: 'each item' });
    connect(ctx.d, body.exits, join);
    return { entry: head, exits: [{ id: join }] };
  },
  choose: (n, ctx) => {
    const head = own(n, ctx, 'rhombus', `choose: ${nameOf(n.selector)}`);
    const keys = Object.keys(n.cases);
    const exits: Exit[] = [];
    const branch = (node: GraphNode, label: string, index: number): void => {
      const part = child(node, ctx, index);
      ctx.d.edge(head, part.entry, { label });
      exits.push(...part.exits);
    };
    keys.forEach((k, i) => branch(n.cases[k]!, k, i));
    if (n.otherwise) branch(n.otherwise, 'otherwise', keys.length);
    return { entry: head, exits: exits.length > 0 ? exits : [{ id: head }] };
  },
  loop: (n, ctx) => {
    const what = n.loop === 'repeat' ? `repeat ${typeof n.count === 'function' ? `${nameOf(n.count)}(input)` : String(n.count)} times` : n.loop === 'forEach' ? `forEach: ${nameOf(n.select)}` : 'loop';
    const head = own(n, ctx, 'hexagon', n.label === undefined ? what : `${n.label}: ${what}`);
    const body = child(n.body, ctx, 0);
    ctx.d.edge(head, body.entry);
    const back = n.label === undefined ? n.loop : `${n.loop} ${n.label}`;
    for (const exit of body.exits) ctx.d.edge(exit.id, head, { label: back });
    return { entry: head, exits: [{ id: head, label: 'done' }] };
  },
};

/**
 * Draws a flow as a Mermaid `flowchart TD`: steps by name, sequences as
 * chains, parallel blocks as fork and join (edges labelled with record
 * keys), `map` and `choose` (edges labelled with case keys), loops with a
 * back edge labelled with the loop kind and label, `catch` as a dashed edge
 * labelled with its codes, `finally`, and timeouts, retries, sync sections,
 * resources, context scopes and named flows as titled subgraphs; slots as
 * flags. Handlers on the recovery path (catch, finally, a step's onError,
 * a retry's way back) are reached by dashed edges and get the class
 * `recovery`. With a `trace` (the events of a run of this flow), every node
 * gets a class by its last event: `succeeded`, `failed`, `cancelled`,
 * `started` (no outcome event: still running), or `notReached` (no event at all); recovery handlers get
 * `recovery_<status>` by whether they ran and how (a catch handler when its
 * scope failed with a code it catches, a finally when its scope ended, a
 * retry when it retried); edges into unreached nodes are greyed
 * (`linkStyle`); and steps the run added (`as.run` sub-flows, `as.add`,
 * their events' ids reading `0.1>0.0`) are drawn in an "at run time"
 * subgraph linked from the step, catch or finally that ran them.
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
  const ctx: Ctx = { id: 'n0', nid: '0', depth: 1, d, marks: [], counter: { next: 0 }, handlers: [], trace: trace && mermaidTrace(flow.graph, trace), added: [] };
  const start = d.node('flow_start', 'circle', 'start');
  const body = render(flow.graph, ctx);
  const end = d.node('flow_end', 'circle', 'end');
  d.edge(start, body.entry);
  connect(d, body.exits, end);
  colourDiagram(d, ctx.marks, ctx.handlers, ctx.added, ctx.trace);
  return d.toString();
}
