/**
 * Turning builder arguments into graph nodes, with the argument checks every
 * builder method shares: a bad argument is a TypeError naming the method and
 * the argument, raised when the flow is built.
 */
import { unknownOption } from '../errors/unknown-option.js';
import type { AnyHandler } from '../graph/nodes/handler.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { stepNode } from '../graph/nodes/step-node.js';
import { embeddedGraph } from '../graph/nodes/embed-node.js';
import type { FlowDefinition } from '../typings/flow-types.js';

/** Is `value` a flow (anything built by `flow()`)? */
export function isFlowDefinition(value: unknown): value is FlowDefinition {
  return value !== null && typeof value === 'object' && 'graph' in value && 'slots' in value && Array.isArray((value as FlowDefinition).slots);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value;
}

/** Throws a TypeError about argument `arg` of `Flow.method()`. */
export function argError(method: string, arg: string, expected: string, got: unknown): TypeError {
  return new TypeError(`Flow.${method}(): ${arg} must be ${expected}, got ${describe(got)}`);
}

/** Checks that `options` (an object) names only `known` options: a misspelt one would be ignored. */
export function checkKnown(method: string, arg: string, options: object, known: readonly string[]): void {
  const unknown = unknownOption(options, known);
  if (unknown !== undefined) throw new TypeError(`Flow.${method}(): ${arg} has an ${unknown}`);
}

/** Checks that `value` is a function. */
export function checkHandler(method: string, arg: string, value: unknown): asserts value is AnyHandler {
  if (typeof value !== 'function') throw argError(method, arg, 'a function', value);
}

/** Checks that a flow used as a body has no open slots. */
export function checkRunnable(method: string, arg: string, flow: FlowDefinition): void {
  if (flow.slots.length > 0) {
    throw new TypeError(`Flow.${method}(): ${arg} is a template with unfilled slots: ${flow.slots.map((s) => `"${s}"`).join(', ')}`);
  }
}

/** A body (handler or flow) as a graph node. */
export function bodyNode(method: string, arg: string, body: unknown, name?: string): GraphNode {
  if (typeof body === 'function') return stepNode(body as AnyHandler, undefined, 'typed', name);
  if (isFlowDefinition(body)) {
    checkRunnable(method, arg, body);
    return embeddedGraph(body);
  }
  throw argError(method, arg, 'a handler function or a Flow', body);
}

/** Branches given as an array or a record: their nodes, and the keys for a record. */
export function branchNodes(method: string, branches: unknown, arg = 'branches'): { nodes: GraphNode[]; keys: string[] | undefined } {
  if (Array.isArray(branches)) {
    return { nodes: branches.map((b, i) => bodyNode(method, `${arg}[${i}]`, b)), keys: undefined };
  }
  if (branches !== null && typeof branches === 'object' && !isFlowDefinition(branches)) {
    const keys = Object.keys(branches);
    for (const k of keys) if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw argError(method, `${arg}["${k}"]`, 'a safe key', k);
    return { nodes: keys.map((k) => bodyNode(method, `${arg}["${k}"]`, (branches as Record<string, unknown>)[k])), keys };
  }
  throw argError(method, arg, 'an array or a record of handlers/Flows', branches);
}

/** Checks an optional `{ concurrency }` option. */
export function concurrencyOption(method: string, options: unknown): number | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw argError(method, 'options', 'an object', options);
  checkKnown(method, 'options', options, ['concurrency']);
  const c = (options as { concurrency?: unknown }).concurrency;
  if (c === undefined) return undefined;
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 1) throw argError(method, 'options.concurrency', 'a positive integer', c);
  return c;
}

/** Checks an optional `{ label }` option. */
export function labelOption(method: string, options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw argError(method, 'options', 'an object', options);
  checkKnown(method, 'options', options, ['label']);
  const label = (options as { label?: unknown }).label;
  if (label !== undefined && typeof label !== 'string') throw argError(method, 'options.label', 'a string', label);
  return label;
}
