/**
 * Checks of what the engine's callers pass: a TypeError at the call, naming
 * the option, before anything reaches a store (whose own errors would name
 * SQL, and differ between SQLite and PostgreSQL).
 */
import { unknownOption } from '../../errors/unknown-option.js';
import { describe } from '../../errors/describe.js';
import type { DurableStatus } from './types.js';

const STATUSES: readonly DurableStatus[] = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'dead'];

/** Fails when `options` is not an object or names an option not in `known`. */
export function checkKeys(who: string, name: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${who}: ${name} must be an object, got ${describe(options)}`);
  const unknown = unknownOption(options, known);
  if (unknown !== undefined) throw new TypeError(`${who}: ${unknown}`);
}

/** A positive number of ms of `createDurable()`, at least `min`. */
export function positiveMs(name: string, value: unknown, fallback: number, min = 0, why = ''): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(min > 0 ? value >= min : value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`createDurable(): options.${name} must be a finite number of ms ${min > 0 ? `of at least ${min}${why}` : 'above 0'}, got ${describe(value)}`);
  }
  return value;
}

/** Checks `start()`'s options. */
export function checkStartOptions(options: unknown): void {
  checkKeys('start()', 'options', options, ['id', 'state']);
  const { id, state } = options as { id?: unknown; state?: unknown };
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new TypeError(`start(): options.id must be a non-empty string, got ${describe(id)}`);
  if (state !== undefined && (state === null || typeof state !== 'object' || Array.isArray(state))) {
    throw new TypeError(`start(): options.state must be an object (the run state), got ${describe(state)}`);
  }
}

/** Checks `list()`'s filter. */
export function checkListFilter(filter: unknown): void {
  checkKeys('list()', 'filter', filter, ['status', 'flow', 'limit', 'after']);
  const { status, flow, limit, after } = filter as { status?: unknown; flow?: unknown; limit?: unknown; after?: unknown };
  if (status !== undefined) {
    const all = Array.isArray(status) ? status : [status];
    for (const s of all) if (!STATUSES.includes(s as DurableStatus)) throw new TypeError(`list(): filter.status must be a status or a list of them (${STATUSES.join(', ')}), got ${describe(s)}`);
  }
  if (flow !== undefined && typeof flow !== 'string') throw new TypeError(`list(): filter.flow must be a flow name, got ${describe(flow)}`);
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) throw new TypeError(`list(): filter.limit must be a positive integer, got ${describe(limit)}`);
  if (after !== undefined && typeof after !== 'string') throw new TypeError(`list(): filter.after must be a run id, got ${describe(after)}`);
}

/** Checks `worker()`'s options besides its flows (a poll interval of 0 or less would claim in a busy loop). */
export function checkWorkerOptions(options: unknown): void {
  checkKeys('worker()', 'options', options, ['flows', 'concurrency', 'pollMs', 'id', 'onEvent', 'onError']);
  const { pollMs } = options as { pollMs?: unknown };
  if (pollMs !== undefined && (typeof pollMs !== 'number' || !(pollMs >= 1) || !Number.isFinite(pollMs))) {
    throw new TypeError(`worker(): options.pollMs must be a finite number of ms of at least 1, got ${describe(pollMs)}`);
  }
}
