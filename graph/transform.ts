/**
 * Graph rewrites with structural sharing: a node is rebuilt only when one of
 * its children changed, so unchanged branches keep their identity. A rebuilt
 * node is a copy of the old one with new children, so every other field is
 * kept whatever fields a node kind has.
 */
import { freezeList, freezeNode, freezeRecord } from './nodes/freeze.js';
import type { GraphNode, NodeOfKind } from './nodes/node.js';
import { visitNode, type NodeVisitor } from './visitor.js';

type Rewrite = (node: GraphNode) => GraphNode;

/** The list with each node rewritten, or null when none changed. */
function mapList(nodes: readonly GraphNode[], fn: Rewrite): readonly GraphNode[] | null {
  let changed = false;
  const out = nodes.map((n) => {
    const m = fn(n);
    if (m !== n) changed = true;
    return m;
  });
  return changed ? freezeList(out) : null;
}

const same = (n: GraphNode): GraphNode => n;

/** A node with a `body`: rebuilt when the body changed. */
function withBody<TNode extends GraphNode & { readonly body: GraphNode }>(n: TNode, fn: Rewrite): TNode {
  const body = fn(n.body);
  return body === n.body ? n : freezeNode({ ...n, body });
}

const rebuild: NodeVisitor<GraphNode, Rewrite> = {
  step: same,
  value: same,
  slot: same,
  sleep: same,
  wait: same,
  // Run nodes exist only inside a running flow, never in a graph being rewritten.
  run: same,
  sequence: (n, fn) => {
    const steps = mapList(n.steps, fn);
    return steps ? freezeNode({ ...n, steps } satisfies NodeOfKind<'sequence'>) : n;
  },
  parallel: (n, fn) => {
    const branches = mapList(n.branches, fn);
    return branches ? freezeNode({ ...n, branches } satisfies NodeOfKind<'parallel'>) : n;
  },
  choose: (n, fn) => {
    const keys = Object.keys(n.cases);
    const mapped = mapList(keys.map((k) => n.cases[k]!), fn);
    const otherwise = n.otherwise && fn(n.otherwise);
    if (!mapped && otherwise === n.otherwise) return n;
    const cases: Record<string, GraphNode> = {};
    keys.forEach((k, i) => (cases[k] = mapped ? mapped[i]! : n.cases[k]!));
    return freezeNode({ ...n, cases: freezeRecord(cases), otherwise } satisfies NodeOfKind<'choose'>);
  },
  embed: withBody,
  catch: withBody,
  finally: withBody,
  timeout: withBody,
  retry: withBody,
  using: withBody,
  context: withBody,
  sync: withBody,
  map: withBody,
  loop: withBody,
};

/**
 * Rewrites a graph bottom-up: `fn` sees each node after its children were
 * rewritten and returns it or a replacement.
 * @example
 * ```ts
 * const filled = transformGraph(template.graph, (n) => (n.kind === 'slot' && n.name === 'pay' ? cardPayment.graph : n));
 * ```
 * @public
 */
export function transformGraph(root: GraphNode, fn: Rewrite): GraphNode {
  const go: Rewrite = (node) => fn(visitNode(node, rebuild, go));
  return go(root);
}
