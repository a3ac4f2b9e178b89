/**
 * Nodes a trace shows but the graph does not have: steps added at run time
 * (`as.run` sub-flows, `as.add`). Their ids are the adding node's id, `>`,
 * and the position inside the added graph (`0.1>0.0`, nesting as deep as
 * additions do); each is put under the nearest enclosing added node seen,
 * else under the node that added it.
 */
import type { RunSpan } from './trace-spans.js';

/** A node seen only in the trace. */
export interface AddedNode {
  readonly id: string;
  /** Its name, else the last part of its label. */
  readonly title: string;
  /** The id of the node it sits under: another added node, or the graph node that added it. */
  readonly parent: string;
  /** The graph node at the root of its chain of additions. */
  readonly root: string;
  /** Its spans, in start order. */
  readonly spans: RunSpan[];
}

/** The last part of a label (the node's own name, handler or kind). */
export function lastSegment(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const at = label.lastIndexOf(' > ');
  return (at < 0 ? label : label.slice(at + 3)) || undefined;
}

/**
 * The added nodes of a trace in first-seen order (a parent before its
 * children), for spans whose id `inGraph` does not know. Added nodes whose
 * chain does not start at a graph node are left out.
 */
export function addedNodes(spans: readonly RunSpan[], inGraph: (id: string) => boolean): AddedNode[] {
  const out: AddedNode[] = [];
  const byId = new Map<string, AddedNode>();
  for (const s of spans) {
    const known = byId.get(s.node);
    if (known !== undefined) {
      known.spans.push(s);
      continue;
    }
    if (inGraph(s.node)) continue;
    const cut = s.node.lastIndexOf('>');
    if (cut < 0) continue;
    const head = s.node.slice(0, cut);
    const parts = s.node.slice(cut + 1).split('.');
    let parent: AddedNode | undefined;
    for (let n = parts.length - 1; n > 0 && parent === undefined; n--) parent = byId.get(`${head}>${parts.slice(0, n).join('.')}`);
    parent ??= byId.get(head);
    const root = parent?.root ?? (inGraph(head) ? head : undefined);
    if (root === undefined) continue;
    const node: AddedNode = { id: s.node, title: s.name ?? lastSegment(s.label) ?? 'step', parent: parent?.id ?? head, root, spans: [s] };
    byId.set(s.node, node);
    out.push(node);
  }
  return out;
}
