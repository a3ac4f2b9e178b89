/**
 * The one builder class behind every Flow: a frozen props bag and a method
 * per construct, each returning a new instance. Steps are kept as a linked
 * list so appending is O(1); the graph is materialised once, on demand.
 */
import { catchNode } from '../graph/nodes/catch-node.js';
import { chooseNode } from '../graph/nodes/choose-node.js';
import { contextNode } from '../graph/nodes/context-node.js';
import { embedNode, embeddedGraph } from '../graph/nodes/embed-node.js';
import { finallyNode } from '../graph/nodes/finally-node.js';
import type { AnyHandler } from '../graph/nodes/handler.js';
import { loopNode, type LoopKind } from '../graph/nodes/loop-node.js';
import { mapNode } from '../graph/nodes/map-node.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { parallelNode, type ParallelMode } from '../graph/nodes/parallel-node.js';
import { sequenceNode } from '../graph/nodes/sequence-node.js';
import { slotNode } from '../graph/nodes/slot-node.js';
import { stepNode } from '../graph/nodes/step-node.js';
import { syncNode } from '../graph/nodes/sync-node.js';
import { timeoutNode } from '../graph/nodes/timeout-node.js';
import { sleepNode } from '../graph/nodes/sleep-node.js';
import { waitNode } from '../graph/nodes/wait-node.js';
import { transformGraph } from '../graph/transform.js';
import { usingNode } from '../graph/nodes/using-node.js';
import type { InputSchema } from '../typings/flow-types.js';
import { argError, bodyNode, branchNodes, checkHandler, checkKnown, checkRunnable, concurrencyOption, isFlowDefinition, labelOption } from './body.js';
import { retryNodeFor } from './retry-policy.js';

interface Link {
  readonly node: GraphNode;
  readonly prev: Link | null;
}

interface Props {
  readonly name: string | undefined;
  readonly schema: InputSchema | undefined;
  readonly slots: readonly string[];
  readonly head: Link | null;
}

function checkName(method: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') throw argError(method, 'name', 'a non-empty string', name);
}

export class FlowImpl {
  readonly #p: Props;
  #graph: GraphNode | undefined;

  // Frozen: a flow is a value, none of its properties can be set or added (a `then` would make it a thenable).
  private constructor(p: Props) {
    this.#p = p;
    Object.freeze(this);
  }

  static create(name: string | undefined, schema: InputSchema | undefined): FlowImpl {
    if (name !== undefined) checkName('flow', name);
    return new FlowImpl(Object.freeze({ name, schema, slots: Object.freeze([]), head: null }));
  }

  /** A flow around an existing body (fromJSON): a sequence's steps become the flow's steps. */
  static fromGraph(body: GraphNode, name: string | undefined, slots: readonly string[], schema?: InputSchema): FlowImpl {
    let head: Link | null = null;
    for (const node of body.kind === 'sequence' ? body.steps : [body]) head = { node, prev: head };
    return new FlowImpl(Object.freeze({ name, schema, slots: Object.freeze([...slots]), head }));
  }

  get name(): string | undefined {
    return this.#p.name;
  }

  get slots(): readonly string[] {
    return this.#p.slots;
  }

  get inputSchema(): InputSchema | undefined {
    return this.#p.schema;
  }

  /** The frozen graph: the steps as a sequence, inside an embed node when named. */
  get graph(): GraphNode {
    if (this.#graph === undefined) {
      const body = this.body();
      this.#graph = this.#p.name === undefined ? body : embedNode(body, this.#p.name);
    }
    return this.#graph;
  }

  private steps(): GraphNode[] {
    const out: GraphNode[] = [];
    for (let l = this.#p.head; l !== null; l = l.prev) out.push(l.node);
    return out.reverse();
  }

  /** The steps so far as one sequence node (always a sequence: a Flow body is never mistaken for a handler). */
  private body(): GraphNode {
    return sequenceNode(this.steps());
  }

  private append(node: GraphNode, slots = this.#p.slots): FlowImpl {
    return new FlowImpl(Object.freeze({ ...this.#p, slots, head: { node, prev: this.#p.head } }));
  }

  private wrap(make: (body: GraphNode) => GraphNode): FlowImpl {
    return new FlowImpl(Object.freeze({ ...this.#p, head: { node: make(this.body()), prev: null } }));
  }

  step(a: unknown, b?: unknown, c?: unknown): FlowImpl {
    if (arguments.length > 3) throw argError('step', 'a fourth argument', 'absent (a step takes a name, a handler and an onError)', arguments[3]);
    if (typeof a === 'string') {
      checkName('step', a);
      if (isFlowDefinition(b)) {
        if (c !== undefined) throw argError('step', 'onError', 'absent when embedding a Flow', c);
        checkRunnable('step', 'flow', b);
        return this.append(embedNode(embeddedGraph(b), a));
      }
      checkHandler('step', 'handler', b);
      if (c !== undefined) checkHandler('step', 'onError', c);
      return this.append(stepNode(b, c as AnyHandler | undefined, 'typed', a));
    }
    if (b !== undefined) throw argError('step', 'the first argument', 'a step name when more arguments follow', a);
    return this.append(bodyNode('step', 'handler', a));
  }

  catch(a: unknown, b?: unknown): FlowImpl {
    if (b === undefined) {
      checkHandler('catch', 'handler', a);
      return this.wrap((body) => catchNode(body, a));
    }
    checkHandler('catch', 'handler', b);
    let codes: readonly string[];
    if (typeof a === 'string') codes = [a];
    else if (Array.isArray(a) && a.length > 0 && a.every((c) => typeof c === 'string')) codes = a;
    else if (a !== null && typeof a === 'object' && typeof (a as { code?: unknown }).code === 'string') codes = [(a as { code: string }).code];
    else throw argError('catch', 'selector', 'an error code, a non-empty list of codes or an error type', a);
    return this.wrap((body) => catchNode(body, b, codes));
  }

  finally(handler: unknown): FlowImpl {
    checkHandler('finally', 'handler', handler);
    return this.wrap((body) => finallyNode(body, handler));
  }

  timeout(ms: unknown): FlowImpl {
    if (typeof ms !== 'number' || !(ms > 0)) throw argError('timeout', 'ms', 'a positive number of ms (Infinity for none)', ms);
    return this.wrap((body) => timeoutNode(body, ms));
  }

  retry(policy: unknown = {}): FlowImpl {
    return this.wrap((body) => retryNodeFor(body, policy));
  }

  private combine(method: ParallelMode | 'parallel', branches: unknown, options?: unknown): FlowImpl {
    const concurrency = method === 'parallel' ? concurrencyOption(method, options) : undefined;
    const { nodes, keys } = branchNodes(method, branches);
    return this.append(parallelNode(method === 'parallel' ? 'all' : method, nodes, { keys, concurrency, style: 'typed' }));
  }

  parallel(branches: unknown, options?: unknown): FlowImpl {
    return this.combine('parallel', branches, options);
  }

  allSettled(branches: unknown): FlowImpl {
    return this.combine('allSettled', branches);
  }

  race(branches: unknown): FlowImpl {
    if (branches !== null && typeof branches === 'object' && !isFlowDefinition(branches) && Object.keys(branches).length === 0) {
      throw argError('race', 'branches', 'a non-empty array or record (a race of none would never settle)', branches);
    }
    return this.combine('race', branches);
  }

  any(branches: unknown): FlowImpl {
    return this.combine('any', branches);
  }

  map(select: unknown, body: unknown, options?: unknown): FlowImpl {
    checkHandler('map', 'select', select);
    return this.append(mapNode(select, bodyNode('map', 'body', body), concurrencyOption('map', options)));
  }

  choose(selector: unknown, cases: unknown, otherwise?: unknown): FlowImpl {
    checkHandler('choose', 'selector', selector);
    if (cases === null || typeof cases !== 'object' || Array.isArray(cases) || isFlowDefinition(cases)) throw argError('choose', 'cases', 'a record of handlers/Flows', cases);
    const { nodes, keys } = branchNodes('choose', cases, 'cases');
    const record: Record<string, GraphNode> = {};
    keys!.forEach((k, i) => (record[k] = nodes[i]!));
    return this.append(chooseNode(selector, record, otherwise === undefined ? undefined : bodyNode('choose', 'otherwise', otherwise)));
  }

  private looping(kind: LoopKind, body: unknown, options: unknown, extra: { count?: number | AnyHandler; select?: AnyHandler }): FlowImpl {
    return this.append(loopNode(kind, bodyNode(kind, 'body', body), { label: labelOption(kind, options), ...extra, style: 'typed' }));
  }

  loop(body: unknown, options?: unknown): FlowImpl {
    return this.looping('loop', body, options, {});
  }

  repeat(count: unknown, body: unknown, options?: unknown): FlowImpl {
    if (typeof count !== 'function' && (typeof count !== 'number' || !Number.isInteger(count) || count < 0)) {
      throw argError('repeat', 'count', 'a non-negative integer or a function of the input', count);
    }
    return this.looping('repeat', body, options, { count: count as number | AnyHandler });
  }

  forEach(select: unknown, body: unknown, options?: unknown): FlowImpl {
    checkHandler('forEach', 'select', select);
    return this.looping('forEach', body, options, { select });
  }

  sync(primitive: unknown, body: unknown): FlowImpl {
    if (primitive === null || typeof primitive !== 'object' || typeof (primitive as { sync?: unknown }).sync !== 'function') {
      throw argError('sync', 'primitive', 'a Mutex, Throttle, Limiter, CircuitBreaker or other object with sync(as, step)', primitive);
    }
    return this.append(syncNode(primitive as { sync: AnyHandler }, bodyNode('sync', 'body', body)));
  }

  using(resource: unknown, body: unknown): FlowImpl {
    const r = resource as { kind?: unknown; name?: unknown; acquire?: unknown; release?: unknown } | null;
    if (r === null || typeof r !== 'object' || r.kind !== 'resource' || typeof r.acquire !== 'function' || typeof r.release !== 'function') {
      throw argError('using', 'resource', 'a resource created by resource(name, acquire, release)', resource);
    }
    return this.append(usingNode(r as never, bodyNode('using', 'body', body)));
  }

  with(variable: unknown, value: unknown, body: unknown): FlowImpl {
    const v = variable as { kind?: unknown } | null;
    if (v === null || typeof v !== 'object' || v.kind !== 'contextVar') {
      throw argError('with', 'variable', 'a context variable created by contextVar()', variable);
    }
    const node = bodyNode('with', 'body', body);
    return this.append(
      typeof value === 'function' ? contextNode(v as never, node, undefined, value as AnyHandler) : contextNode(v as never, node, value),
    );
  }

  sleep(ms: unknown): FlowImpl {
    if (typeof ms === 'function') return this.append(sleepNode(undefined, ms as AnyHandler));
    if (typeof ms !== 'number' || !(ms >= 0)) throw argError('sleep', 'ms', 'a non-negative number of ms or a function of the input giving a Date or epoch ms', ms);
    return this.append(sleepNode(ms, undefined));
  }

  waitFor(name: unknown, options?: unknown): FlowImpl {
    checkName('waitFor', name);
    if (options !== undefined && (options === null || typeof options !== 'object')) throw argError('waitFor', 'options', 'an object', options);
    if (options !== undefined) checkKnown('waitFor', 'options', options, ['timeout']);
    const timeout = (options as { timeout?: unknown } | undefined)?.timeout;
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) throw argError('waitFor', 'options.timeout', 'a positive number of ms', timeout);
    return this.append(waitNode(name, timeout as number | undefined));
  }

  slot(name: unknown, type?: unknown): FlowImpl {
    checkName('slot', name);
    if (type !== undefined && (type === null || typeof type !== 'object' || (type as { kind?: unknown }).kind !== 'slotType')) {
      throw argError('slot', 'type', 'slotType<In, Out>()', type);
    }
    if (this.#p.slots.includes(name)) throw argError('slot', 'name', `a new slot name ("${name}" is already used)`, name);
    return this.append(slotNode(name), Object.freeze([...this.#p.slots, name]));
  }

  fill(fills: unknown): FlowImpl {
    if (fills === null || typeof fills !== 'object' || Array.isArray(fills)) throw argError('fill', 'fills', 'a record of slot name to Flow', fills);
    const nodes = new Map<string, GraphNode>();
    for (const [key, value] of Object.entries(fills)) {
      if (!this.#p.slots.includes(key)) throw argError('fill', `fills["${key}"]`, `one of the open slots (${this.#p.slots.join(', ') || 'none'})`, key);
      if (!isFlowDefinition(value)) throw argError('fill', `fills["${key}"]`, 'a Flow', value);
      checkRunnable('fill', `fills["${key}"]`, value);
      nodes.set(key, embeddedGraph(value));
    }
    const replace = (n: GraphNode): GraphNode => (n.kind === 'slot' && nodes.has(n.name) ? nodes.get(n.name)! : n);
    const steps = this.steps().map((n) => transformGraph(n, replace));
    let head: Link | null = null;
    for (const node of steps) head = { node, prev: head };
    const slots = Object.freeze(this.#p.slots.filter((s) => !nodes.has(s)));
    return new FlowImpl(Object.freeze({ ...this.#p, slots, head }));
  }
}
