import type { GraphNode, NodeKind, NodeOfKind } from './nodes/node.js';

/**
 * One handler per node kind. Typing a visitor as `NodeVisitor` makes a kind
 * without a handler a compile error, so adding a kind forces every reader of
 * the graph to handle it.
 * @public
 */
export type NodeVisitor<TResult, TContext = void> = {
  readonly [K in NodeKind]: (node: NodeOfKind<K>, context: TContext) => TResult;
};

/**
 * Dispatches `node` to the visitor's handler for its kind.
 * @public
 */
export function visitNode<TResult, TContext>(node: GraphNode, visitor: NodeVisitor<TResult, TContext>, context: TContext): TResult {
  const handler = visitor[node.kind] as (node: GraphNode, context: TContext) => TResult;
  return handler(node, context);
}

/** A child of a node, with the label readers use for it (JSON path, diagram edge). */
export interface NodeChild {
  readonly label: string;
  readonly node: GraphNode;
}

const none: readonly NodeChild[] = Object.freeze([]);
const body = (node: { body: GraphNode }): readonly NodeChild[] => [{ label: 'body', node: node.body }];

/** The direct children of every kind of node, in execution order. */
const childrenVisitor: NodeVisitor<readonly NodeChild[]> = {
  step: () => none,
  value: () => none,
  slot: () => none,
  sleep: () => none,
  wait: () => none,
  sequence: (n) => n.steps.map((node, i) => ({ label: `steps[${i}]`, node })),
  embed: body,
  catch: body,
  finally: body,
  timeout: body,
  retry: body,
  using: body,
  context: body,
  sync: body,
  run: body,
  map: body,
  loop: body,
  parallel: (n) => n.branches.map((node, i) => ({ label: `branches[${n.keys ? JSON.stringify(n.keys[i]) : i}]`, node })),
  choose: (n) => [
    ...Object.keys(n.cases).map((key) => ({ label: `cases[${JSON.stringify(key)}]`, node: n.cases[key] as GraphNode })),
    ...(n.otherwise ? [{ label: 'otherwise', node: n.otherwise }] : []),
  ],
};

/**
 * The direct children of a node with their labels.
 * @public
 */
export function childrenOf(node: GraphNode): readonly NodeChild[] {
  return visitNode(node, childrenVisitor, undefined);
}

/**
 * Calls `fn` for every node of a graph, parents before children, without
 * recursion (deep graphs do not grow the stack).
 * @public
 */
export function walkGraph(root: GraphNode, fn: (node: GraphNode, path: readonly string[]) => void): void {
  const stack: Array<{ node: GraphNode; path: readonly string[] }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    fn(node, path);
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i]!;
      stack.push({ node: kid.node, path: [...path, kid.label] });
    }
  }
}
