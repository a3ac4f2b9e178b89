/**
 * Graphs to flow documents: one writer per node kind (a {@link NodeVisitor},
 * so a new kind fails to compile until it has one), names for every handler
 * and object, and the same limits `fromJSON` enforces.
 */
import type { FlowDefinition } from '../../typings/flow-types.js';
import type { AnyHandler, StepStyle } from '../nodes/handler.js';
import { FLOW_JSON_LIMITS } from './json-guard.js';
import { Namer, type RefRole, type ToJsonOptions } from './json-names.js';
import { joinPath, PROTOTYPE_KEYS, shortPath } from './json-path.js';
import type { FlowJson, JsonMs, JsonValue, NodeJson } from './json-types.js';
import type { GraphNode } from '../nodes/node.js';
import { visitNode, type NodeVisitor } from '../visitor.js';

interface Ctx {
  readonly path: string;
  readonly depth: number;
  readonly state: { readonly namer: Namer; nodes: number };
  /** Names of the enclosing named flows, outermost first (for messages). */
  readonly where: readonly string[];
}

/** What each handler reference is, for the TypeError of a nameless one. */
const ROLES = {
  step: { what: 'the handler of an unnamed .step()', example: 'validate', alt: "name the step (.step('validate', fn))" },
  onError: { what: "the onError handler of .step(name, handler, onError)", example: 'onValidateError' },
  catch: { what: 'the .catch() handler', example: 'recover' },
  finally: { what: 'the .finally() handler', example: 'cleanUp' },
  mapSelect: { what: 'the .map() selector', example: 'itemsOf' },
  chooseSelector: { what: 'the .choose() selector', example: 'pickCase' },
  count: { what: 'the .repeat() count function', example: 'countOf' },
  forEachSelect: { what: 'the .forEach() selector', example: 'entriesOf' },
  retryOn: { what: 'the .retry() retryOn predicate', example: 'isTransient' },
  compute: { what: 'the .with() value function', example: 'tenantOf' },
  until: { what: 'the .sleep() wake-time function', example: 'wakeAt' },
  primitive: { what: 'the .sync() primitive', example: 'ordersLock' },
  resource: { what: 'the .using() resource', example: 'db' },
  variable: { what: 'the .with() variable', example: 'tenant' },
  input: { what: 'the input schema of an embedded flow(schema)', example: 'orderSchema' },
  flowInput: { what: 'the input schema of the flow(schema)', example: 'orderSchema' },
} as const satisfies Record<string, RefRole>;

const at = joinPath;

function write(node: GraphNode, ctx: Ctx): NodeJson {
  const { maxDepth, maxNodes } = FLOW_JSON_LIMITS;
  if (ctx.depth > maxDepth) throw new RangeError(`toJSON(): ${shortPath(ctx.path)}: graph nodes nested deeper than ${maxDepth} levels`);
  if (++ctx.state.nodes > maxNodes) throw new RangeError(`toJSON(): the graph has more than ${maxNodes} nodes`);
  return visitNode(node, writers, ctx);
}

const child = (node: GraphNode, ctx: Ctx, ...keys: Array<string | number>): NodeJson =>
  write(node, { ...ctx, path: keys.reduce<string>((p, k) => at(p, k), ctx.path), depth: ctx.depth + 1 });
const whereOf = (ctx: Ctx): string | undefined => (ctx.where.length === 0 ? undefined : ctx.where.map((n) => JSON.stringify(n)).join(' > '));
const ref = (fn: AnyHandler, ctx: Ctx, field: string, role: RefRole, fixed?: string): string => ctx.state.namer.name(fn, at(ctx.path, field), fixed, role, whereOf(ctx));
const objRef = (obj: object, ctx: Ctx, field: string, role: RefRole): { ref: string } => ({ ref: ctx.state.namer.name(obj, at(ctx.path, field), undefined, role, whereOf(ctx)) });
const styled = (style: StepStyle): { style?: StepStyle } => (style === 'typed' ? {} : { style });
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

/** A delay as JSON: `Infinity` (never) becomes `'Infinity'`. */
const jsonMs = (ms: number): JsonMs => (ms === Infinity ? 'Infinity' : ms);

/** A JSON copy of a value stored in the graph; a TypeError naming `path` when it is not JSON. */
function jsonValue(value: unknown, path: string, nesting = 0): JsonValue {
  if (nesting > FLOW_JSON_LIMITS.maxNesting) throw new RangeError(`toJSON(): ${shortPath(path)}: nested deeper than ${FLOW_JSON_LIMITS.maxNesting} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => jsonValue(v, at(path, i), nesting + 1));
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value as object)) {
      if (PROTOTYPE_KEYS.has(key)) throw new TypeError(`toJSON(): ${at(path, key)}: prototype key "${key}" cannot be stored`);
      out[key] = jsonValue((value as Record<string, unknown>)[key], at(path, key), nesting + 1);
    }
    return out;
  }
  throw new TypeError(`toJSON(): ${path}: ${typeof value === 'number' ? String(value) : typeof value} is not a JSON value`);
}

/**
 * Every writer takes its node apart field by field and checks that nothing
 * is left (`rest satisfies NoFields`): a field added to a node kind fails to
 * compile here until the document carries it.
 */
type NoFields = Record<string, never>;

const writers: NodeVisitor<NodeJson, Ctx> = {
  step: ({ kind, name, handler, onError, style, ...rest }, ctx) => {
    rest satisfies NoFields;
    const ref0 = ref(handler, ctx, 'handler', ROLES.step, name); // a named step's handler is referenced by the step's name
    return { kind, ...(name === undefined ? { handler: ref0 } : { name }), ...opt('onError', onError && ref(onError, ctx, 'onError', ROLES.onError)), ...styled(style) };
  },
  sequence: ({ kind, steps, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, steps: steps.map((s, i) => child(s, ctx, 'steps', i)) };
  },
  embed: ({ kind, name, body, input, ...rest }, ctx) => {
    rest satisfies NoFields;
    return {
      kind,
      ...opt('name', name),
      ...opt('input', input && objRef(input, ctx, 'input', ROLES.input)),
      body: child(body, name === undefined ? ctx : { ...ctx, where: [...ctx.where, name] }, 'body'),
    };
  },
  run: (_n, ctx) => {
    throw new TypeError(`toJSON(): ${ctx.path}: an as.run() node exists only while a flow runs`);
  },
  value: ({ kind, args, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, args: args.map((a, i) => jsonValue(a, at(at(ctx.path, 'args'), i))) };
  },
  catch: ({ kind, codes, handler, style, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, ...opt('codes', codes && [...codes]), handler: ref(handler, ctx, 'handler', ROLES.catch), ...styled(style), body: child(body, ctx, 'body') };
  },
  finally: ({ kind, handler, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, handler: ref(handler, ctx, 'handler', ROLES.finally), body: child(body, ctx, 'body') };
  },
  parallel: ({ kind, mode, keys, concurrency, style, branches, ...rest }, ctx) => {
    rest satisfies NoFields;
    return {
      kind,
      mode,
      ...opt('keys', keys && [...keys]),
      ...opt('concurrency', concurrency),
      ...styled(style),
      branches: branches.map((b, i) => child(b, ctx, 'branches', i)),
    };
  },
  map: ({ kind, select, concurrency, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, select: ref(select, ctx, 'select', ROLES.mapSelect), ...opt('concurrency', concurrency), body: child(body, ctx, 'body') };
  },
  choose: ({ kind, selector, cases, otherwise, ...rest }, ctx) => {
    rest satisfies NoFields;
    const out: Record<string, NodeJson> = {};
    for (const key of Object.keys(cases)) out[key] = child(cases[key]!, ctx, 'cases', key);
    return { kind, selector: ref(selector, ctx, 'selector', ROLES.chooseSelector), cases: out, ...opt('otherwise', otherwise && child(otherwise, ctx, 'otherwise')) };
  },
  loop: ({ kind, loop, label, count, select, style, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return {
      kind,
      loop,
      ...opt('label', label),
      ...opt('count', typeof count === 'function' ? ref(count, ctx, 'count', ROLES.count) : count),
      ...opt('select', select && ref(select, ctx, 'select', ROLES.forEachSelect)),
      ...styled(style),
      body: child(body, ctx, 'body'),
    };
  },
  sync: ({ kind, primitive, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, primitive: objRef(primitive, ctx, 'primitive', ROLES.primitive), body: child(body, ctx, 'body') };
  },
  timeout: ({ kind, ms, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, ms: jsonMs(ms), body: child(body, ctx, 'body') };
  },
  retry: ({ kind, attempts, backoff, retryOn, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    const { initialMs, factor, maxMs, jitter, ...more } = backoff;
    more satisfies NoFields;
    return {
      kind,
      attempts,
      backoff: { initialMs: jsonMs(initialMs), factor, maxMs: jsonMs(maxMs), jitter },
      ...opt('retryOn', typeof retryOn === 'function' ? ref(retryOn, ctx, 'retryOn', ROLES.retryOn) : retryOn && [...retryOn]),
      body: child(body, ctx, 'body'),
    };
  },
  using: ({ kind, resource, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, resource: objRef(resource, ctx, 'resource', ROLES.resource), body: child(body, ctx, 'body') };
  },
  context: ({ kind, variable, value, compute, body, ...rest }, ctx) => {
    rest satisfies NoFields;
    return {
      kind,
      variable: objRef(variable, ctx, 'variable', ROLES.variable),
      ...(compute ? { compute: ref(compute, ctx, 'compute', ROLES.compute) } : opt('value', value === undefined ? undefined : jsonValue(value, at(ctx.path, 'value')))),
      body: child(body, ctx, 'body'),
    };
  },
  slot: ({ kind, name, ...rest }) => {
    rest satisfies NoFields;
    return { kind, name };
  },
  sleep: ({ kind, ms, until, ...rest }, ctx) => {
    rest satisfies NoFields;
    return { kind, ...(until === undefined ? { ms: jsonMs(ms!) } : { until: ref(until, ctx, 'until', ROLES.until) }) };
  },
  wait: ({ kind, signal, timeout, ...rest }) => {
    rest satisfies NoFields;
    return { kind, signal, ...opt('timeout', timeout === undefined ? undefined : jsonMs(timeout)) };
  },
};

/**
 * A flow as a versioned, JSON-compatible document (`JSON.stringify` it as
 * is). `root` is the flow's body, `name` its name, `input` its input schema
 * (of `flow(schema)`) as `{ ref: name }`, like an embedded flow's.
 *
 * Naming rule: a named step's handler is referenced by the step's name;
 * every other handler (unnamed steps, `onError`, catch, finally, bodies,
 * selectors, counts, `retryOn` predicates, `compute`) by the name given in
 * `options.names`, else by the function's own `name`. Sync primitives,
 * context variables and resources are written as `{ ref: name }`, named by
 * `options.names`, else by their `name` property (a Mutex has none: name it
 * in `options.names`). `fromJSON` takes a record keyed by these names.
 * @throws TypeError naming the node's path (like `root.steps[2].handler`),
 * what the handler is and the named flows around it, when something has no
 * usable name (the message says how to fix it: name the function, or pass
 * `toJSON(flow, { names: new Map([[fn, 'name']]) })`), when one name would stand for two
 * different things, or when a stored value is not JSON; RangeError when the
 * graph exceeds the document limits (200 levels, 10,000 nodes).
 * @example
 * ```ts
 * const doc = toJSON(checkout, { names: new Map([[ordersLock, 'ordersLock']]) });
 * writeFileSync('checkout.json', JSON.stringify(doc));
 * ```
 * @public
 */
export function toJSON(flow: FlowDefinition, options: ToJsonOptions = {}): FlowJson {
  if (flow === null || typeof flow !== 'object' || !('graph' in flow)) throw new TypeError('toJSON(): flow must be a Flow');
  const graph = flow.graph;
  const root = flow.name !== undefined && graph.kind === 'embed' && graph.name === flow.name ? graph.body : graph;
  const state = { namer: new Namer(options.names), nodes: 0 };
  const where = flow.name === undefined ? [] : [flow.name];
  const schema = flow.inputSchema;
  const doc: FlowJson = {
    version: 1,
    ...opt('name', flow.name),
    ...opt('input', schema && objRef(schema, { path: '', depth: 0, state, where }, 'input', ROLES.flowInput)),
    root: write(root, { path: 'root', depth: 1, state, where }),
  };
  const bytes = JSON.stringify(doc).length;
  if (bytes > FLOW_JSON_LIMITS.maxBytes) throw new RangeError(`toJSON(): the document would be larger than ${FLOW_JSON_LIMITS.maxBytes} bytes`);
  return doc;
}
