/**
 * The first line of defence for `fromJSON`: a non-recursive scan of the raw
 * document, before zod sees it, that refuses prototype keys, excessive
 * nesting and oversized documents. Nothing is copied or assigned, so a
 * hostile document cannot pollute anything.
 */
import type { GraphNode } from '../nodes/node.js';
import { joinPath, PROTOTYPE_KEYS, shortPath } from './json-path.js';

/**
 * Limits of a flow document: graph nodes nested at most `maxDepth` deep, at
 * most `maxNodes` nodes, at most `maxBytes` when serialized (about, for an
 * object), and any JSON nesting at most `maxNesting` levels.
 * @example
 * ```ts
 * if (text.length > FLOW_JSON_LIMITS.maxBytes) reject();
 * ```
 * @public
 */
export const FLOW_JSON_LIMITS = Object.freeze({ maxDepth: 200, maxNodes: 10_000, maxBytes: 1_000_000, maxNesting: 1_000 });

type Role = 'doc' | 'node' | 'nodeList' | 'nodeRecord' | 'data';

interface Item {
  readonly value: unknown;
  readonly parent: Item | null;
  readonly key: string | number;
  readonly role: Role;
  readonly nesting: number;
  readonly depth: number;
}

/** The path of an item, built only when a problem is reported (paths of every value would cost O(size × depth)). */
function pathOf(item: Item | null): string {
  const keys: Array<string | number> = [];
  for (let i = item; i !== null && i.parent !== null; i = i.parent) keys.push(i.key);
  return keys.reduceRight<string>((path, key) => joinPath(path, key), '') || '(document)';
}

/** The fields of a node kind that hold child nodes (one, a list or a record of them). */
type ChildFields<TNode> = {
  [K in keyof TNode]-?: unknown extends TNode[K] ? never : NonNullable<TNode[K]> extends GraphNode | readonly GraphNode[] | { readonly [key: string]: GraphNode } ? K : never;
}[keyof TNode];

/**
 * Where child nodes sit in a document, by field name. Typed against every
 * node kind's child fields: a new one fails to compile until it is here.
 */
const NODE_FIELDS = { body: 'node', otherwise: 'node', steps: 'nodeList', branches: 'nodeList', cases: 'nodeRecord' } as const satisfies Record<
  GraphNode extends infer N ? (N extends GraphNode ? ChildFields<N> : never) : never,
  Role
>;

function childRole(parent: Role, isNode: boolean, key: string): Role {
  if (parent === 'doc') return key === 'root' ? 'node' : 'data';
  if (parent === 'nodeList' || parent === 'nodeRecord') return 'node';
  return isNode && Object.hasOwn(NODE_FIELDS, key) ? NODE_FIELDS[key as keyof typeof NODE_FIELDS] : 'data';
}

function scalarBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return String(value).length;
  return 5;
}

/**
 * Scans a raw document; returns one `path: message` line per problem (none
 * when it may go on to schema validation). Stops at the first limit hit.
 */
export function scanDocument(doc: unknown): string[] {
  const problems: string[] = [];
  const { maxDepth, maxNodes, maxBytes, maxNesting } = FLOW_JSON_LIMITS;
  const stack: Item[] = [{ value: doc, parent: null, key: '', role: 'doc', nesting: 0, depth: 0 }];
  const tooLarge = (): string[] => [...problems, `(document): larger than ${maxBytes} bytes`];
  let nodes = 0;
  let bytes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { value, role, nesting } = item;
    if (value === null || typeof value !== 'object') {
      bytes += scalarBytes(value);
      if (bytes > maxBytes) return tooLarge();
      continue;
    }
    if (nesting + 1 > maxNesting) return [...problems, `${shortPath(pathOf(item))}: nested deeper than ${maxNesting} levels`];
    const isNode = role === 'node' && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string';
    const depth = isNode ? item.depth + 1 : item.depth;
    if (isNode && ++nodes > maxNodes) return [...problems, `(document): more than ${maxNodes} nodes`];
    if (isNode && depth > maxDepth) return [...problems, `${shortPath(pathOf(item))}: graph nodes nested deeper than ${maxDepth} levels`];
    const isArray = Array.isArray(value);
    bytes += 2 + (isArray ? value.length : 0);
    if (bytes > maxBytes) return tooLarge();
    const keys = isArray ? null : Object.keys(value);
    const count = isArray ? value.length : keys!.length;
    for (let i = count - 1; i >= 0; i--) {
      const key: string | number = isArray ? i : keys![i]!;
      if (typeof key === 'string') {
        bytes += key.length + 4;
        if (PROTOTYPE_KEYS.has(key)) {
          problems.push(`${joinPath(pathOf(item) === '(document)' ? '' : pathOf(item), key)}: prototype key "${key}" refused`);
          continue;
        }
      }
      const child = (value as Record<string | number, unknown>)[key];
      stack.push({ value: child, parent: item, key, role: childRole(role, isNode, String(key)), nesting: nesting + 1, depth });
    }
    if (bytes > maxBytes) return tooLarge();
  }
  return problems;
}
