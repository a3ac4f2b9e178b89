/** Checking a retry policy and turning it into a retry node. */
import type { AnyHandler } from '../graph/nodes/handler.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { retryNode, type Backoff, type Jitter } from '../graph/nodes/retry-node.js';
import { argError, checkKnown } from './body.js';

const JITTERS: readonly Jitter[] = ['full', 'equal', 'none'];

function num(arg: string, value: unknown, fallback: number, min: number, infinite = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || (!infinite && !Number.isFinite(value))) {
    throw argError('retry', arg, infinite ? `a number of ms >= ${min} (Infinity for never)` : `a finite number >= ${min}`, value);
  }
  return value;
}

/** A retry node for `body` from a user policy (DESIGN defaults: 3 tries, 100 ms, x2, 30 s, full jitter). */
export function retryNodeFor(body: GraphNode, policy: unknown): GraphNode {
  if (policy === null || typeof policy !== 'object') throw argError('retry', 'policy', 'an object', policy);
  checkKnown('retry', 'policy', policy, ['attempts', 'backoff', 'retryOn']);
  const p = policy as { attempts?: unknown; backoff?: unknown; retryOn?: unknown };
  const attempts = num('policy.attempts', p.attempts, 3, 1);
  if (!Number.isInteger(attempts)) throw argError('retry', 'policy.attempts', 'an integer', attempts);
  if (p.backoff !== undefined && (p.backoff === null || typeof p.backoff !== 'object')) throw argError('retry', 'policy.backoff', 'an object', p.backoff);
  const b = (p.backoff ?? {}) as { initialMs?: unknown; factor?: unknown; maxMs?: unknown; jitter?: unknown };
  checkKnown('retry', 'policy.backoff', b, ['initialMs', 'factor', 'maxMs', 'jitter']);
  const jitter = b.jitter ?? 'full';
  if (!JITTERS.includes(jitter as Jitter)) throw argError('retry', 'policy.backoff.jitter', "'full', 'equal' or 'none'", jitter);
  const backoff: Backoff = {
    initialMs: num('policy.backoff.initialMs', b.initialMs, 100, 0, true),
    factor: num('policy.backoff.factor', b.factor, 2, 1),
    maxMs: num('policy.backoff.maxMs', b.maxMs, 30_000, 0, true),
    jitter: jitter as Jitter,
  };
  let retryOn: readonly string[] | AnyHandler | undefined;
  if (p.retryOn === undefined) retryOn = undefined;
  else if (typeof p.retryOn === 'string') retryOn = [p.retryOn];
  else if (typeof p.retryOn === 'function') retryOn = p.retryOn as AnyHandler;
  else if (Array.isArray(p.retryOn) && p.retryOn.every((c) => typeof c === 'string')) retryOn = p.retryOn;
  else throw argError('retry', 'policy.retryOn', 'a code, a list of codes or a predicate', p.retryOn);
  return retryNode(body, attempts, backoff, retryOn);
}
