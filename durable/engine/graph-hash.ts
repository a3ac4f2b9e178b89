/**
 * A flow graph's version: a hash of its shape — every node's kind, place
 * and settings (names, counts, limits, modes, codes, signal names…), not
 * its handlers' code. A cursor names frames by their place in the graph,
 * so a run may resume on any graph with the same hash: fixing a handler's
 * body keeps the version, changing the flow's steps makes a new one, and a
 * worker resumes only runs whose version it has.
 */
import { createHash } from 'node:crypto';
import type { GraphNode } from '../../graph/nodes/node.js';
import { childrenOf, walkGraph } from '../../graph/visitor.js';

/** The settings of a node as plain data: functions and child nodes (`kids`) left out. */
function settingsOf(value: unknown, kids: ReadonlySet<unknown>, depth: number): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth > 4 || kids.has(value)) return undefined;
  if (Array.isArray(value)) return value.some((v) => kids.has(v)) ? undefined : value.map((v) => settingsOf(v, kids, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'function' || kids.has(v)) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).some((m) => kids.has(m))) continue;
    const s = settingsOf(v, kids, depth + 1);
    if (s !== undefined) out[key] = s;
  }
  return out;
}

const cache = new WeakMap<GraphNode, string>();

/** The version hash of a graph (hex sha-256, cached per graph). */
export function graphHash(root: GraphNode): string {
  const known = cache.get(root);
  if (known !== undefined) return known;
  const h = createHash('sha256');
  walkGraph(root, (node, path) => {
    const kids = new Set<unknown>(childrenOf(node).map((c) => c.node));
    h.update(JSON.stringify([path, settingsOf(node, kids, 0)]));
    h.update('\n');
  });
  const hex = h.digest('hex');
  cache.set(root, hex);
  return hex;
}
