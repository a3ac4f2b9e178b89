/**
 * A flow graph as nested boxes for the inspector: one box per node (a
 * {@link NodeVisitor}, so a new node kind fails to compile until it is
 * drawn), plus boxes for the handlers on the recovery path (catch, finally,
 * a step's onError). Boxes come out flat, parents before children, each
 * naming its parent by index, so neither building nor drawing recurses per
 * level beyond the document depth limit.
 */
import type { GraphNode } from '../nodes/node.js';
import { FLOW_JSON_LIMITS } from '../json/json-guard.js';
import { brief, nameOf, objName } from '../diagram/describe.js';
import { visitNode, type NodeVisitor } from '../visitor.js';
import { childId } from '../node-ids.js';

/** How a box lays out its children. */
export type BoxLayout = 'stack' | 'row' | 'leaf';

/** One box of the drawn flow. */
export interface Box {
  /** The graph node id (as run events name it), or '' for a handler box. */
  readonly id: string;
  /** The node kind, or `catch-handler`, `finally-handler`, `on-error`, `added` (seen only in the trace), `cut`. */
  readonly kind: string;
  readonly title: string;
  readonly detail?: string;
  /** Index of the enclosing box, -1 for the root. */
  readonly parent: number;
  /** What the box is to its parent: a branch key, a case key, `try`, `each item`… */
  readonly tag?: string;
  readonly layout: BoxLayout;
  /** For a handler box: the id of the node whose handler it is. */
  readonly of?: string;
}

interface Ctx {
  readonly boxes: Box[];
  /** The node id of the place being drawn (a shared node has one per place). */
  readonly nid: string;
  readonly parent: number;
  readonly depth: number;
  readonly tag: string | undefined;
}

type Fields = Omit<Box, 'id' | 'kind' | 'parent' | 'tag'>;

function add(ctx: Ctx, box: Omit<Box, 'parent' | 'tag'>, tag = ctx.tag): number {
  const full: Box = { ...box, parent: ctx.parent, ...(tag === undefined ? {} : { tag }) };
  ctx.boxes.push(full);
  return ctx.boxes.length - 1;
}

function own(node: GraphNode, ctx: Ctx, fields: Fields): number {
  return add(ctx, { id: ctx.nid, kind: node.kind, ...fields });
}

function draw(node: GraphNode, ctx: Ctx): void {
  if (ctx.depth > FLOW_JSON_LIMITS.maxDepth) {
    add(ctx, { id: '', kind: 'cut', title: '… deeper levels not drawn', layout: 'leaf' });
    return;
  }
  visitNode(node, drawers, ctx);
}

/** The context of the boxes inside box `parent`; `index`: the position (in `childrenOf` order) of the child drawn there. */
const inside = (ctx: Ctx, parent: number, tag?: string, index = 0): Ctx => ({ ...ctx, parent, depth: ctx.depth + 1, tag, nid: childId(ctx.nid, index) });

/** A wrapper: its own box, the body inside. */
function wrap(node: GraphNode & { body: GraphNode }, ctx: Ctx, title: string, detail?: string, tag?: string): number {
  const at = own(node, ctx, { title, ...(detail === undefined ? {} : { detail }), layout: 'stack' });
  draw(node.body, inside(ctx, at, tag));
  return at;
}

const ms = (n: number): string => (n === Infinity ? 'never' : `${n} ms`);

const drawers: NodeVisitor<void, Ctx> = {
  step: (n, ctx) => {
    const fn = nameOf(n.handler);
    const detail = n.name === undefined ? (fn === 'anonymous' ? 'anonymous handler' : undefined) : fn !== 'anonymous' && fn !== n.name ? `handler ${fn}` : undefined;
    const at = own(n, ctx, { title: n.name ?? (fn === 'anonymous' ? 'step' : fn), ...(detail === undefined ? {} : { detail }), layout: 'stack' });
    if (n.onError !== undefined) add(inside(ctx, at), { id: '', kind: 'on-error', title: `onError: ${nameOf(n.onError)}`, layout: 'stack', of: ctx.nid }, 'on error');
  },
  sequence: (n, ctx) => {
    const at = own(n, ctx, { title: n.steps.length === 0 ? 'empty' : '', layout: 'stack' });
    n.steps.forEach((s, i) => draw(s, inside(ctx, at, undefined, i)));
  },
  embed: (n, ctx) => void wrap(n, ctx, n.name ?? 'flow', 'flow'),
  run: (n, ctx) => void wrap(n, ctx, 'as.run', 'sub-flow'),
  value: (n, ctx) => void own(n, ctx, { title: `value ${brief(n.args)}`, layout: 'leaf' }),
  slot: (n, ctx) => void own(n, ctx, { title: `slot: ${n.name}`, detail: 'unfilled', layout: 'leaf' }),
  sleep: (n, ctx) => void own(n, ctx, { title: n.until === undefined ? `sleep ${ms(n.ms!)}` : `sleep until ${nameOf(n.until)}(input)`, layout: 'leaf' }),
  wait: (n, ctx) => void own(n, ctx, { title: `wait for "${n.signal}"`, ...(n.timeout === undefined ? {} : { detail: `timeout ${ms(n.timeout)}` }), layout: 'leaf' }),
  catch: (n, ctx) => {
    const at = wrap(n, ctx, 'catch', n.codes === undefined ? 'any error' : n.codes.join(', '), 'try');
    add(inside(ctx, at), { id: '', kind: 'catch-handler', title: `catch: ${nameOf(n.handler)}`, layout: 'stack', of: ctx.nid }, n.codes === undefined ? 'on any error' : `on ${n.codes.join(', ')}`);
  },
  finally: (n, ctx) => {
    const at = wrap(n, ctx, 'finally', 'after success, error or cancel', 'try');
    add(inside(ctx, at), { id: '', kind: 'finally-handler', title: `finally: ${nameOf(n.handler)}`, layout: 'stack', of: ctx.nid }, 'always');
  },
  timeout: (n, ctx) => void wrap(n, ctx, `timeout ${ms(n.ms)}`),
  retry: (n, ctx) => {
    const b = n.backoff;
    const on = n.retryOn === undefined ? 'any error' : typeof n.retryOn === 'function' ? `errors ${nameOf(n.retryOn)} accepts` : n.retryOn.join(', ');
    wrap(n, ctx, `retry: ${n.attempts} attempts`, `on ${on}; backoff ${ms(b.initialMs)} ×${b.factor} ≤ ${ms(b.maxMs)}, jitter ${b.jitter}`);
  },
  sync: (n, ctx) => void wrap(n, ctx, `sync: ${objName(n.primitive)}`),
  using: (n, ctx) => void wrap(n, ctx, `using: ${n.resource.name}`),
  context: (n, ctx) => void wrap(n, ctx, `with ${n.variable.name}`, `= ${n.compute ? `${nameOf(n.compute)}(input)` : brief(n.value)}`),
  parallel: (n, ctx) => {
    const what = n.mode === 'all' ? 'parallel' : n.mode;
    const at = own(n, ctx, { title: what, ...(n.concurrency === undefined ? {} : { detail: `concurrency ${n.concurrency}` }), layout: 'row' });
    n.branches.forEach((b, i) => draw(b, inside(ctx, at, n.keys?.[i] ?? `[${i}]`, i)));
  },
  map: (n, ctx) => void wrap(n, ctx, `map: ${nameOf(n.select)}`, n.concurrency === undefined ? 'unbounded' : `concurrency ${n.concurrency}`, 'each item'),
  choose: (n, ctx) => {
    const at = own(n, ctx, { title: `choose: ${nameOf(n.selector)}`, layout: 'row' });
    const keys = Object.keys(n.cases);
    keys.forEach((key, i) => draw(n.cases[key]!, inside(ctx, at, key, i)));
    if (n.otherwise !== undefined) draw(n.otherwise, inside(ctx, at, 'otherwise', keys.length));
  },
  loop: (n, ctx) => {
    const what =
      n.loop === 'repeat' ? `repeat ${typeof n.count === 'function' ? `${nameOf(n.count)}(input)` : String(n.count)} times` : n.loop === 'forEach' ? `forEach: ${nameOf(n.select)}` : 'loop';
    wrap(n, ctx, what, n.label === undefined ? undefined : `label ${n.label}`, n.loop === 'forEach' ? 'each item' : 'each iteration');
  },
};

/** The boxes of a graph, parents before children. */
export function flowBoxes(root: GraphNode): Box[] {
  const boxes: Box[] = [];
  draw(root, { boxes, nid: '0', parent: -1, depth: 1, tag: undefined });
  return boxes;
}
