/**
 * The first line of defence for `fromJSON`: a non-recursive scan of the raw
 * document, before zod sees it, that refuses prototype keys, excessive
 * nesting and oversized documents. Nothing is copied or assigned, so a
 * hostile document cannot pollute anything.
 */
import { joinPath, PROTOTYPE_KEYS } from './json-path.js';

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
  readonly path: string;
  readonly role: Role;
  readonly nesting: number;
  readonly depth: number;
}

const NODE_FIELDS: Readonly<Record<string, Role>> = { body: 'node', otherwise: 'node', steps: 'nodeList', branches: 'nodeList', cases: 'nodeRecord' };

function childRole(parent: Role, isNode: boolean, key: string): Role {
  if (parent === 'doc') return key === 'root' ? 'node' : 'data';
  if (parent === 'nodeList' || parent === 'nodeRecord') return 'node';
  return isNode && Object.hasOwn(NODE_FIELDS, key) ? NODE_FIELDS[key]! : 'data';
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
  const stack: Item[] = [{ value: doc, path: '', role: 'doc', nesting: 0, depth: 0 }];
  let nodes = 0;
  let bytes = 0;
  while (stack.length > 0) {
    const { value, path, role, nesting, depth } = stack.pop()!;
    const where = path || '(document)';
    if (value === null || typeof value !== 'object') {
      bytes += scalarBytes(value);
      if (bytes > maxBytes) return [...problems, `(document): larger than ${maxBytes} bytes`];
      continue;
    }
    if (nesting + 1 > maxNesting) return [...problems, `${where}: nested deeper than ${maxNesting} levels`];
    const isNode = role === 'node' && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string';
    let nodeDepth = depth;
    if (isNode) {
      nodeDepth++;
      if (++nodes > maxNodes) return [...problems, `(document): more than ${maxNodes} nodes`];
      if (nodeDepth > maxDepth) return [...problems, `${where}: graph nodes nested deeper than ${maxDepth} levels`];
    }
    const keys = Object.keys(value);
    bytes += 2 + keys.length;
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const index = Array.isArray(value) ? Number(key) : key;
      const at = joinPath(path, index);
      if (!Array.isArray(value)) {
        bytes += key.length + 3;
        if (PROTOTYPE_KEYS.has(key)) {
          problems.push(`${at}: prototype key "${key}" refused`);
          continue;
        }
      }
      const child = (value as Record<string, unknown>)[key];
      stack.push({ value: child, path: at, role: childRole(role, isNode, key), nesting: nesting + 1, depth: nodeDepth });
    }
    if (bytes > maxBytes) return [...problems, `(document): larger than ${maxBytes} bytes`];
  }
  return problems;
}
