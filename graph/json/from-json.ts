/**
 * Flow documents back to graphs: guard scan, zod validation, then one reader
 * per node kind that resolves names and checks the rules the schema cannot
 * express. Every problem is collected as a `path: message` line.
 */
import { catchNode } from '../nodes/catch-node.js';
import { chooseNode } from '../nodes/choose-node.js';
import { contextNode, type ContextKey } from '../nodes/context-node.js';
import { embedNode } from '../nodes/embed-node.js';
import type { InputSchema } from '../../typings/flow-types.js';
import { finallyNode } from '../nodes/finally-node.js';
import type { AnyHandler } from '../nodes/handler.js';
import { FLOW_JSON_LIMITS, scanDocument } from './json-guard.js';
import { formatPath, joinPath, PROTOTYPE_KEYS } from './json-path.js';
import { RefResolver } from './json-refs.js';
import { flowJsonSchema } from './json-schema.js';
import type { FlowJson, JsonMs, NodeJson } from './json-types.js';
import { loopNode } from '../nodes/loop-node.js';
import { mapNode } from '../nodes/map-node.js';
import type { GraphNode, NodeKind } from '../nodes/node.js';
import { parallelNode } from '../nodes/parallel-node.js';
import { retryNode } from '../nodes/retry-node.js';
import { sequenceNode } from '../nodes/sequence-node.js';
import { slotNode } from '../nodes/slot-node.js';
import { stepNode } from '../nodes/step-node.js';
import { syncNode, type SyncPrimitive } from '../nodes/sync-node.js';
import { timeoutNode } from '../nodes/timeout-node.js';
import { sleepNode } from '../nodes/sleep-node.js';
import { waitNode } from '../nodes/wait-node.js';
import { usingNode, type ResourceDef } from '../nodes/using-node.js';
import { valueNode } from '../nodes/value-node.js';

/**
 * The result of {@link graphFromJSON}: the graph and the flow's name, or
 * one `path: message` line per problem.
 * @example
 * ```ts
 * const result: GraphFromJson = graphFromJSON(doc, handlers);
 * if (!result.ok) console.log(result.problems.join('\n'));
 * ```
 * @public
 */
export type GraphFromJson =
  | { readonly ok: true; readonly graph: GraphNode; readonly name: string | undefined; readonly input?: InputSchema | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

const MAX_PROBLEMS = 100;

interface Reader {
  readonly refs: RefResolver;
  readonly problems: string[];
  readonly slots: Set<string>;
  read(node: NodeJson, path: string): GraphNode;
}

// A run node exists only while a flow runs: JSON never holds one.
type JsonReaders = { readonly [K in Exclude<NodeKind, 'run'>]: (n: Extract<NodeJson, { kind: K }>, path: string, r: Reader) => GraphNode };

const at = joinPath;
const body = (n: { body: NodeJson }, path: string, r: Reader): GraphNode => r.read(n.body, at(path, 'body'));
const msOf = (ms: JsonMs): number => (ms === 'Infinity' ? Infinity : ms);

const readers: JsonReaders = {
  step: (n, path, r) => {
    const ref = n.handler ?? n.name;
    if (ref === undefined) r.problems.push(`${path}: a step needs a name or a handler`);
    const handler = ref === undefined ? () => undefined : r.refs.handler(ref, at(path, n.handler === undefined ? 'name' : 'handler'));
    const onError = n.onError === undefined ? undefined : r.refs.handler(n.onError, at(path, 'onError'));
    return stepNode(handler, onError, n.style ?? 'typed', n.name);
  },
  sequence: (n, path, r) => sequenceNode(n.steps.map((s, i) => r.read(s, at(at(path, 'steps'), i)))),
  embed: (n, path, r) =>
    embedNode(body(n, path, r), n.name, n.input === undefined ? undefined : r.refs.object<InputSchema>('input schema', n.input.ref, at(at(path, 'input'), 'ref'))),
  value: (n) => valueNode(n.args),
  catch: (n, path, r) => catchNode(body(n, path, r), r.refs.handler(n.handler, at(path, 'handler')), n.codes, n.style ?? 'typed'),
  finally: (n, path, r) => finallyNode(body(n, path, r), r.refs.handler(n.handler, at(path, 'handler'))),
  parallel: (n, path, r) => {
    if (n.keys !== undefined) {
      if (n.keys.length !== n.branches.length) r.problems.push(`${at(path, 'keys')}: ${n.keys.length} keys for ${n.branches.length} branches`);
      n.keys.forEach((k, i) => {
        if (PROTOTYPE_KEYS.has(k)) r.problems.push(`${at(at(path, 'keys'), i)}: "${k}" is a prototype key, not allowed as a result key`);
        else if (n.keys!.indexOf(k) !== i) r.problems.push(`${at(at(path, 'keys'), i)}: duplicate key "${k}"`);
      });
    }
    if (n.mode === 'race' && n.branches.length === 0) r.problems.push(`${at(path, 'branches')}: a race needs at least one branch (a race of none would never settle)`);
    const branches = n.branches.map((b, i) => r.read(b, at(at(path, 'branches'), i)));
    return parallelNode(n.mode, branches, { keys: n.keys, concurrency: n.concurrency, style: n.style ?? 'typed' });
  },
  map: (n, path, r) => mapNode(r.refs.handler(n.select, at(path, 'select')), body(n, path, r), n.concurrency),
  choose: (n, path, r) => {
    const cases: Record<string, GraphNode> = {};
    for (const key of Object.keys(n.cases)) cases[key] = r.read(n.cases[key]!, at(at(path, 'cases'), key));
    const otherwise = n.otherwise === undefined ? undefined : r.read(n.otherwise, at(path, 'otherwise'));
    return chooseNode(r.refs.handler(n.selector, at(path, 'selector')), cases, otherwise);
  },
  loop: (n, path, r) => {
    const needs: readonly string[] = { loop: [], repeat: ['count'], forEach: ['select'] }[n.loop];
    for (const field of ['count', 'select'] as const) {
      const has = n[field] !== undefined;
      if (has !== needs.includes(field)) r.problems.push(`${at(path, field)}: ${has ? 'not allowed' : 'required'} for a "${n.loop}" loop`);
    }
    const count = typeof n.count === 'string' ? r.refs.handler(n.count, at(path, 'count')) : n.count;
    const select = n.select === undefined ? undefined : r.refs.handler(n.select, at(path, 'select'));
    return loopNode(n.loop, body(n, path, r), { label: n.label, ...(count === undefined ? {} : { count }), ...(select ? { select } : {}), style: n.style ?? 'typed' });
  },
  sync: (n, path, r) => syncNode(r.refs.object<SyncPrimitive>('sync primitive', n.primitive.ref, at(at(path, 'primitive'), 'ref')), body(n, path, r)),
  timeout: (n, path, r) => timeoutNode(body(n, path, r), msOf(n.ms)),
  sleep: (n, path, r) => {
    if ((n.ms === undefined) === (n.until === undefined)) r.problems.push(`${path}: a sleep needs either ms or until`);
    return sleepNode(n.ms === undefined ? undefined : msOf(n.ms), n.until === undefined ? undefined : r.refs.handler(n.until, at(path, 'until')));
  },
  wait: (n) => waitNode(n.signal, n.timeout === undefined ? undefined : msOf(n.timeout)),
  retry: (n, path, r) => {
    const retryOn = typeof n.retryOn === 'string' ? r.refs.handler(n.retryOn, at(path, 'retryOn')) : n.retryOn;
    const b = n.backoff;
    return retryNode(body(n, path, r), n.attempts, { ...b, initialMs: msOf(b.initialMs), maxMs: msOf(b.maxMs) }, retryOn);
  },
  using: (n, path, r) => usingNode(r.refs.object<ResourceDef>('resource', n.resource.ref, at(at(path, 'resource'), 'ref')), body(n, path, r)),
  context: (n, path, r) => {
    if (n.compute !== undefined && n.value !== undefined) r.problems.push(`${path}: give either a value or compute, not both`);
    const variable = r.refs.object<ContextKey>('context variable', n.variable.ref, at(at(path, 'variable'), 'ref'));
    const compute: AnyHandler | undefined = n.compute === undefined ? undefined : r.refs.handler(n.compute, at(path, 'compute'));
    return contextNode(variable, body(n, path, r), n.value, compute);
  },
  slot: (n, path, r) => {
    if (r.slots.has(n.name)) r.problems.push(`${at(path, 'name')}: duplicate slot name "${n.name}"`);
    r.slots.add(n.name);
    return slotNode(n.name);
  },
};

function schemaProblems(doc: unknown): string[] | FlowJson {
  const parsed = flowJsonSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown property`)
      : [`${formatPath(issue.path)}: ${issue.message}`],
  );
}

function parseText(text: string, problems: string[]): unknown {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > FLOW_JSON_LIMITS.maxBytes) {
    problems.push(`(document): larger than ${FLOW_JSON_LIMITS.maxBytes} bytes`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push(`(document): not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

function fail(problems: string[]): GraphFromJson {
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) shown.push(`(document): ${problems.length - MAX_PROBLEMS} more problems`);
  return { ok: false, problems: Object.freeze(shown) };
}

/**
 * Rebuilds a graph from a flow document (an object, or its JSON text):
 * refuses prototype keys, oversized or too deeply nested documents, schema
 * violations, unknown or mistyped names and broken cross-field rules, and
 * reports every problem with its JSON path. `fromJSON` wraps it into a Flow.
 * @example
 * ```ts
 * const result = graphFromJSON(JSON.parse(text), { validate, charge });
 * if (result.ok) console.log(result.name, result.graph.kind);
 * else console.error(result.problems.join('\n'));
 * ```
 * @public
 */
export function graphFromJSON(doc: unknown, handlers: unknown): GraphFromJson {
  const problems: string[] = [];
  const recordOk = RefResolver.checkRecord(handlers, problems);
  const before = problems.length;
  const raw = typeof doc === 'string' ? parseText(doc, problems) : doc;
  if (problems.length === before) problems.push(...scanDocument(raw));
  if (problems.length > 0 || !recordOk) return fail(problems);
  const checked = schemaProblems(raw);
  if (Array.isArray(checked)) return fail(checked);
  const reader: Reader = {
    refs: new RefResolver(handlers, problems),
    problems,
    slots: new Set(),
    read: (node, path) => (readers[node.kind] as (n: NodeJson, p: string, r: Reader) => GraphNode)(node, path, reader),
  };
  const input = checked.input === undefined ? undefined : reader.refs.object<InputSchema>('input schema', checked.input.ref, 'input.ref');
  const graph = reader.read(checked.root, 'root');
  return problems.length > 0 ? fail(problems) : { ok: true, graph, name: checked.name, ...(input === undefined ? {} : { input }) };
}
