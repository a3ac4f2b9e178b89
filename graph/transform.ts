/**
 * Graph rewrites with structural sharing: a node is rebuilt only when one of
 * its children changed, so unchanged branches keep their identity.
 */
import { catchNode } from './catch-node.js';
import { chooseNode } from './choose-node.js';
import { contextNode } from './context-node.js';
import { embedNode } from './embed-node.js';
import { finallyNode } from './finally-node.js';
import { loopNode } from './loop-node.js';
import { mapNode } from './map-node.js';
import type { GraphNode } from './node.js';
import { parallelNode } from './parallel-node.js';
import { retryNode } from './retry-node.js';
import { sequenceNode } from './sequence-node.js';
import { syncNode } from './sync-node.js';
import { timeoutNode } from './timeout-node.js';
import { usingNode } from './using-node.js';
import { visitNode, type NodeVisitor } from './visitor.js';

type Rewrite = (node: GraphNode) => GraphNode;

function mapList(nodes: readonly GraphNode[], fn: Rewrite): readonly GraphNode[] | null {
  let changed = false;
  const out = nodes.map((n) => {
    const m = fn(n);
    if (m !== n) changed = true;
    return m;
  });
  return changed ? out : null;
}

const same = (n: GraphNode): GraphNode => n;

const rebuild: NodeVisitor<GraphNode, Rewrite> = {
  step: same,
  value: same,
  // Run nodes exist only inside a running flow, never in a graph being rewritten.
  run: same,
  slot: same,
  sequence: (n, fn) => {
    const steps = mapList(n.steps, fn);
    return steps ? sequenceNode(steps) : n;
  },
  parallel: (n, fn) => {
    const branches = mapList(n.branches, fn);
    return branches ? parallelNode(n.mode, branches, { keys: n.keys, concurrency: n.concurrency, style: n.style }) : n;
  },
  choose: (n, fn) => {
    const keys = Object.keys(n.cases);
    const mapped = mapList(keys.map((k) => n.cases[k]!), fn);
    const otherwise = n.otherwise && fn(n.otherwise);
    if (!mapped && otherwise === n.otherwise) return n;
    const cases: Record<string, GraphNode> = {};
    keys.forEach((k, i) => (cases[k] = (mapped ?? keys.map((key) => n.cases[key]!))[i]!));
    return chooseNode(n.selector, cases, otherwise);
  },
  embed: (n, fn) => withBody(n, fn, (b) => embedNode(b, n.name)),
  catch: (n, fn) => withBody(n, fn, (b) => catchNode(b, n.handler, n.codes, n.style)),
  finally: (n, fn) => withBody(n, fn, (b) => finallyNode(b, n.handler)),
  timeout: (n, fn) => withBody(n, fn, (b) => timeoutNode(b, n.ms)),
  retry: (n, fn) => withBody(n, fn, (b) => retryNode(b, n.attempts, n.backoff, n.retryOn)),
  using: (n, fn) => withBody(n, fn, (b) => usingNode(n.resource, b)),
  context: (n, fn) => withBody(n, fn, (b) => contextNode(n.variable, b, n.value, n.compute)),
  sync: (n, fn) => withBody(n, fn, (b) => syncNode(n.primitive, b)),
  map: (n, fn) => withBody(n, fn, (b) => mapNode(n.select, b, n.concurrency)),
  loop: (n, fn) =>
    withBody(n, fn, (b) =>
      loopNode(n.loop, b, {
        label: n.label,
        ...(n.count === undefined ? {} : { count: n.count }),
        ...(n.select === undefined ? {} : { select: n.select }),
        style: n.style,
      }),
    ),
};

function withBody<TNode extends { body: GraphNode }>(n: TNode, fn: Rewrite, make: (body: GraphNode) => GraphNode): GraphNode {
  const body = fn(n.body);
  return body === n.body ? (n as unknown as GraphNode) : make(body);
}

/**
 * Rewrites a graph bottom-up: `fn` sees each node after its children were
 * rewritten and returns it or a replacement.
 * @public
 */
export function transformGraph(root: GraphNode, fn: Rewrite): GraphNode {
  const go: Rewrite = (node) => fn(visitNode(node, rebuild, go));
  return go(root);
}
